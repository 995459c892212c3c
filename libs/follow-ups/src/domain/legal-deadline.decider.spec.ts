import { NotFound } from '@huquq/shared-kernel';
import { deciderSpec } from '@huquq/shared-kernel/testing/decider-spec';
import { DeadlineEvent } from './follow-up.events';
import { MarkDeadlineMissed, RemindOfDeadline, SetLegalDeadline } from './legal-deadline.commands';
import { decideReminder, foldDeadline, legalDeadlineDecider } from './legal-deadline.decider';
import type { PlannedDeadline } from './planned-work';

const given = deciderSpec(legalDeadlineDecider);

const planned: PlannedDeadline = {
  deadlineId: '88888888-8888-4888-8888-888888888888',
  caseId: '66666666-6666-4666-8666-666666666666',
  clientId: '77777777-7777-4777-8777-777777777777',
  kind: 'appeal_against_ruling',
  dueAt: '2024-04-07T15:00:00.000Z',
  basis: 'KoAP RF art. 30.3',
  confidence: 'confirmed',
  clock: 'appeal-against-ruling',
  ruleId: 'removal-order-appeal',
  taskId: '55555555-5555-4555-8555-555555555555',
  reminders: [
    { before: 'P5D', at: '2024-04-02T15:00:00.000Z' },
    { before: 'P2D', at: '2024-04-05T15:00:00.000Z' },
    { before: 'P1D', at: '2024-04-06T15:00:00.000Z' },
  ],
};
const SET_AT = '2024-03-29T03:00:00.000Z';
const ESCALATION_TASK = '99999999-9999-4999-8999-999999999999';

const set: DeadlineEvent = { type: 'legal-deadline-set', data: { ...planned, setAt: SET_AT } };
const reminded = (before: string, remindedAt: string): DeadlineEvent => ({
  type: 'deadline-reminder-due',
  data: {
    deadlineId: planned.deadlineId,
    taskId: planned.taskId,
    before,
    remindAt: planned.reminders.find((r) => r.before === before)!.at,
    dueAt: planned.dueAt,
    remindedAt,
  },
});
const missed = (at: string): DeadlineEvent => ({
  type: 'legal-deadline-missed',
  data: {
    deadlineId: planned.deadlineId,
    taskId: planned.taskId,
    dueAt: planned.dueAt,
    escalationTaskId: ESCALATION_TASK,
    missedAt: at,
  },
});

const setDeadline = (): SetLegalDeadline => ({
  type: 'SetLegalDeadline',
  data: { deadline: planned, now: SET_AT },
});
const remind = (before: string, now: string, taskDone = false): RemindOfDeadline => ({
  type: 'RemindOfDeadline',
  data: { before, now, taskDone },
});
const markMissed = (now: string): MarkDeadlineMissed => ({
  type: 'MarkDeadlineMissed',
  data: { escalationTaskId: ESCALATION_TASK, now },
});

describe('a legal deadline the rules computed', () => {
  it('is set once; planning the same event again sets nothing', () => {
    given([]).when(setDeadline()).then([set]);
    given([set]).when(setDeadline()).thenNothingHappens();
  });

  it('folds its stream', () => {
    expect(foldDeadline([])).toBeNull();
    expect(
      foldDeadline([set, reminded('P5D', '2024-04-02T15:00:01.000Z'), missed(planned.dueAt)]),
    ).toMatchObject({
      version: 3,
      remindersSent: ['P5D'],
      missedAt: planned.dueAt,
    });
  });
});

describe('reminding of a deadline', () => {
  it('reminds while the task is open and the deadline ahead', () => {
    given([set])
      .when(remind('P5D', '2024-04-02T15:00:01.000Z'))
      .then([reminded('P5D', '2024-04-02T15:00:01.000Z')]);
  });

  it('decides nothing before the reminder is due: not due, asked again at its time', () => {
    const deadline = foldDeadline([set])!;
    expect(
      decideReminder(deadline, { before: 'P5D', now: '2024-04-02T14:59:59.999Z', taskDone: false }),
    ).toEqual({
      kind: 'skip',
      reason: 'not_due',
      notBefore: '2024-04-02T15:00:00.000Z',
    });
    // Before its time even a done task is not decided on: the job comes back then and skips.
    expect(
      decideReminder(deadline, { before: 'P1D', now: '2024-04-05T15:00:00.000Z', taskDone: true }),
    ).toEqual({
      kind: 'skip',
      reason: 'not_due',
      notBefore: '2024-04-06T15:00:00.000Z',
    });
    given([set]).when(remind('P5D', '2024-04-02T14:59:59.999Z')).thenNothingHappens();
    given([set])
      .when(remind('P5D', '2024-04-02T15:00:00.000Z'))
      .then([reminded('P5D', '2024-04-02T15:00:00.000Z')]);
  });

  it('stays silent once the task is done, after the deadline, for a reminder sent or overtaken by a later one', () => {
    const deadline = foldDeadline([set])!;
    const why = (before: string, now: string, taskDone = false) =>
      decideReminder(deadline, { before, now, taskDone });
    expect(why('P2D', '2024-04-05T15:00:00.000Z', true)).toEqual({ kind: 'skip', reason: 'task_done' });
    expect(why('P1D', '2024-04-07T15:00:00.000Z')).toEqual({ kind: 'skip', reason: 'deadline_passed' });
    expect(why('P5D', '2024-04-05T16:00:00.000Z')).toEqual({ kind: 'skip', reason: 'superseded' });
    expect(why('P3D', '2024-04-05T16:00:00.000Z')).toEqual({ kind: 'skip', reason: 'unknown_reminder' });

    given([set])
      .when(remind('P2D', '2024-04-05T15:00:00.000Z', true))
      .thenNothingHappens();
    given([set]).when(remind('P1D', '2024-04-07T15:00:00.000Z')).thenNothingHappens();
    given([set]).when(remind('P5D', '2024-04-05T16:00:00.000Z')).thenNothingHappens();
    given([set, reminded('P5D', '2024-04-02T15:00:01.000Z')])
      .when(remind('P5D', '2024-04-02T15:00:02.000Z'))
      .thenNothingHappens();
  });

  it('knows no deadline that was never set', () => {
    given([]).when(remind('P5D', '2024-04-02T15:00:01.000Z')).thenThrows(NotFound);
  });
});

describe('missing a deadline', () => {
  it('is recorded once, naming the escalation task that took it over', () => {
    given([set])
      .when(markMissed(planned.dueAt))
      .then([missed(planned.dueAt)]);
    given([set, missed(planned.dueAt)])
      .when(markMissed('2024-04-08T00:00:00.000Z'))
      .thenNothingHappens();
    given([]).when(markMissed(planned.dueAt)).thenThrows(NotFound);
  });
});

describe('a clock that stops before its end (custody ended, hearing result recorded)', () => {
  const lapse = (now: string) => ({
    type: 'MarkDeadlineLapsed' as const,
    data: { reason: 'custody_ended' as const, now },
  });
  const lapsedEvent: DeadlineEvent = {
    type: 'legal-deadline-lapsed',
    data: {
      deadlineId: planned.deadlineId,
      taskId: planned.taskId,
      reason: 'custody_ended',
      lapsedAt: '2024-04-07T16:00:00.000Z',
    },
  };

  it('lapses once; a missed deadline stays missed', () => {
    given([set]).when(lapse('2024-04-07T16:00:00.000Z')).then([lapsedEvent]);
    given([set, lapsedEvent]).when(lapse('2024-04-07T17:00:00.000Z')).thenNothingHappens();
    given([set, missed('2024-04-07T15:00:01.000Z')])
      .when(lapse('2024-04-07T16:00:00.000Z'))
      .thenNothingHappens();
    given([]).when(lapse('2024-04-07T16:00:00.000Z')).thenThrows(NotFound);
  });
});

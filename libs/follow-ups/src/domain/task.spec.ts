import type { Actor } from '@huquq/shared-kernel';
import { Conflict, Forbidden } from '@huquq/platform';
import type { PlannedTask } from '../rules/plan-follow-ups';
import { decideReminder, foldDeadline } from './deadline';
import { TaskEvent } from './follow-up.events';
import {
  checkCompletion,
  decideClaim,
  decideCompletion,
  decideEscalation,
  foldTask,
  TaskState,
} from './task';

const ORG = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const lawyer: Actor = { userId: '11111111-1111-4111-8111-111111111111', orgId: ORG, role: 'lawyer' };
const otherLawyer: Actor = { userId: '22222222-2222-4222-8222-222222222222', orgId: ORG, role: 'lawyer' };
const coordinator: Actor = {
  userId: '33333333-3333-4333-8333-333333333333',
  orgId: ORG,
  role: 'coordinator',
};
const admin: Actor = { userId: '44444444-4444-4444-8444-444444444444', orgId: ORG, role: 'admin' };
const now = new Date('2024-03-29T05:00:00.000Z');

const planned: PlannedTask = {
  taskId: '55555555-5555-4555-8555-555555555555',
  caseId: '66666666-6666-4666-8666-666666666666',
  incidentId: null,
  clientId: '77777777-7777-4777-8777-777777777777',
  kind: 'contact_detainee',
  title: 'Contact the detainee',
  queue: 'lawyer',
  priority: 'high',
  dueAt: '2024-03-29T04:00:00.000Z',
  escalateAt: '2024-03-29T06:00:00.000Z',
  basis: 'KoAP RF art. 27.5',
  ruleId: 'detention-first-contact',
  deadlineId: null,
  escalationOf: null,
};

function given(...events: TaskEvent[]): TaskState {
  return foldTask([
    { type: 'task-created', data: { ...planned, createdAt: '2024-03-29T03:00:00.000Z' } },
    ...events,
  ])!;
}
const claimedBy = (actor: Actor): TaskEvent => ({
  type: 'task-claimed',
  data: { taskId: planned.taskId, userId: actor.userId, claimedAt: now.toISOString() },
});
const completedBy = (actor: Actor): TaskEvent => ({
  type: 'task-completed',
  data: {
    taskId: planned.taskId,
    userId: actor.userId,
    completedAt: now.toISOString(),
    result: 'sealed',
    resultField: 'f',
  },
});

describe('working a task', () => {
  it('folds its stream', () => {
    expect(foldTask([])).toBeNull();
    expect(given(claimedBy(lawyer), completedBy(lawyer))).toMatchObject({
      version: 3,
      status: 'done',
      assigneeId: lawyer.userId,
      completedBy: lawyer.userId,
    });
  });

  it('claims an unclaimed task; claiming it again is a no-op; a taken or done task is a conflict', () => {
    expect(decideClaim(given(), lawyer, now)).toEqual([claimedBy(lawyer)]);
    expect(decideClaim(given(claimedBy(lawyer)), lawyer, now)).toEqual([]);
    expect(() => decideClaim(given(claimedBy(lawyer)), otherLawyer, now)).toThrow(Conflict);
    expect(() => decideClaim(given(completedBy(lawyer)), otherLawyer, now)).toThrow(Conflict);
  });

  it("lets lawyers work lawyers' tasks, coordinators any, admins none", () => {
    const coordinatorsTask = foldTask([
      { type: 'task-created', data: { ...planned, queue: 'coordinator', createdAt: now.toISOString() } },
    ])!;
    expect(() => decideClaim(coordinatorsTask, lawyer, now)).toThrow(Forbidden);
    expect(decideClaim(coordinatorsTask, coordinator, now)).toHaveLength(1);
    expect(decideClaim(given(), coordinator, now)).toHaveLength(1);
    expect(() => decideClaim(given(), admin, now)).toThrow(Forbidden);
  });

  it('completes a task claimed by you or by nobody; a repeat is a no-op; someone else’s is a conflict', () => {
    const sealed = { result: 'sealed', resultField: 'task.result' };
    expect(decideCompletion(given(), lawyer, sealed, now)).toEqual([
      { type: 'task-completed', data: expect.objectContaining({ userId: lawyer.userId, result: 'sealed' }) },
    ]);
    expect(decideCompletion(given(claimedBy(lawyer)), lawyer, sealed, now)).toHaveLength(1);
    expect(checkCompletion(given(completedBy(lawyer)), lawyer)).toBe('done');
    expect(decideCompletion(given(completedBy(lawyer)), lawyer, sealed, now)).toEqual([]);
    expect(() => checkCompletion(given(claimedBy(otherLawyer)), lawyer)).toThrow(Conflict);
    expect(() => checkCompletion(given(completedBy(otherLawyer)), lawyer)).toThrow(Conflict);
  });
});

describe('escalating a task', () => {
  it('does nothing for a task done in time', () => {
    expect(decideEscalation(given(completedBy(lawyer)), now)).toEqual({ kind: 'skip', reason: 'task_done' });
  });

  it('hands an open task to the coordinators as a task of their own, one step more urgent', () => {
    const decision = decideEscalation(given(claimedBy(lawyer)), now);
    expect(decision).toEqual({
      kind: 'escalate',
      reason: 'not_done_in_time',
      escalation: expect.objectContaining({
        queue: 'coordinator',
        kind: 'escalation',
        priority: 'critical',
        caseId: planned.caseId,
        clientId: planned.clientId,
        escalationOf: planned.taskId,
        dueAt: now.toISOString(),
        escalateAt: null,
      }),
    });
    // The same task always escalates to the same task id: a redone job creates nothing new.
    expect(decideEscalation(given(), now)).toEqual(decision);
  });

  it('calls a missed legal deadline by its name', () => {
    const state = foldTask([
      {
        type: 'task-created',
        data: { ...planned, deadlineId: '88888888-8888-4888-8888-888888888888', createdAt: '' },
      },
    ])!;
    expect(decideEscalation(state, now)).toMatchObject({ kind: 'escalate', reason: 'deadline_missed' });
  });
});

describe('reminding of a deadline', () => {
  const deadline = foldDeadline([
    {
      type: 'legal-deadline-set',
      data: {
        deadlineId: '88888888-8888-4888-8888-888888888888',
        caseId: planned.caseId!,
        clientId: planned.clientId!,
        kind: 'appeal_against_ruling',
        dueAt: '2024-04-07T15:00:00.000Z',
        basis: 'KoAP RF art. 30.3',
        confidence: 'confirmed',
        clock: 'appeal-against-ruling',
        ruleId: 'removal-order-appeal',
        taskId: planned.taskId,
        reminders: [
          { before: 'P5D', at: '2024-04-02T15:00:00.000Z' },
          { before: 'P2D', at: '2024-04-05T15:00:00.000Z' },
          { before: 'P1D', at: '2024-04-06T15:00:00.000Z' },
        ],
        setAt: '2024-03-29T03:00:00.000Z',
      },
    },
  ])!;
  const at = (iso: string) => new Date(iso);

  it('reminds while the task is open and the deadline ahead', () => {
    expect(decideReminder(deadline, given(), 'P5D', at('2024-04-02T15:00:01.000Z'))).toMatchObject({
      kind: 'remind',
      event: { type: 'deadline-reminder-due', data: { before: 'P5D', dueAt: '2024-04-07T15:00:00.000Z' } },
    });
  });

  it('stays silent once the task is done, after the deadline, and for a reminder overtaken by a later one', () => {
    expect(
      decideReminder(deadline, given(completedBy(lawyer)), 'P2D', at('2024-04-05T15:00:00.000Z')),
    ).toEqual({
      kind: 'skip',
      reason: 'task_done',
    });
    expect(decideReminder(deadline, given(), 'P1D', at('2024-04-07T15:00:00.000Z'))).toEqual({
      kind: 'skip',
      reason: 'deadline_passed',
    });
    expect(decideReminder(deadline, given(), 'P5D', at('2024-04-05T16:00:00.000Z'))).toEqual({
      kind: 'skip',
      reason: 'superseded',
    });
  });
});

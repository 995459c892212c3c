import { Decider, NotFound } from '@huquq/shared-kernel';
import { DeadlineEvent, DeadlineReminderDue } from './follow-up.events';
import {
  LegalDeadlineCommand,
  MarkDeadlineLapsed,
  MarkDeadlineMissed,
  RemindOfDeadline,
  SetLegalDeadline,
} from './legal-deadline.commands';
import type { PlannedDeadline } from './planned-work';

/** A legal deadline as its stream tells it; null while the stream holds nothing. */
export interface DeadlineState extends PlannedDeadline {
  /** How many events the stream holds. */
  version: number;
  remindersSent: string[];
  missedAt: string | null;
  lapsedAt?: string | null;
}

export const deadlineNotFound = () => new NotFound('legal deadline');

const initialDeadlineState = (): DeadlineState | null => null;

function evolve(state: DeadlineState | null, event: DeadlineEvent): DeadlineState | null {
  if (event.type === 'legal-deadline-set') {
    const { setAt: _setAt, ...planned } = event.data;
    return { ...planned, version: 1, remindersSent: [], missedAt: null };
  }
  if (!state) return state;
  const next = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'deadline-reminder-due':
      return { ...next, remindersSent: [...state.remindersSent, event.data.before] };
    case 'legal-deadline-missed':
      return { ...next, missedAt: event.data.missedAt };
    case 'legal-deadline-lapsed':
      return { ...next, lapsedAt: event.data.lapsedAt };
    default:
      return next;
  }
}

export const foldDeadline = (events: readonly Pick<DeadlineEvent, 'type' | 'data'>[]): DeadlineState | null =>
  (events as readonly DeadlineEvent[]).reduce(evolve, initialDeadlineState());

export type ReminderDecision =
  /** Asked before the reminder's time: nothing is decided yet; ask again at `notBefore`. */
  | { kind: 'skip'; reason: 'not_due'; notBefore: string }
  | {
      kind: 'skip';
      reason: 'task_done' | 'deadline_passed' | 'already_sent' | 'superseded' | 'unknown_reminder';
    }
  | { kind: 'remind'; event: DeadlineReminderDue };

/**
 * Nothing before the reminder's time: a reminder asked for early — a job promoted by hand — is
 * `not_due` and must be asked again then. From then on, a reminder is worth sending while the
 * task is open and the deadline ahead. When a later reminder is already due too (the decision
 * came in late, or the worker was down), only the latest one is sent: "1 day left" makes "5 days
 * left" noise. The job runner reads the reason of a skip from here; RemindOfDeadline decides by it.
 */
export function decideReminder(
  deadline: DeadlineState,
  { before, taskDone, now }: RemindOfDeadline['data'],
): ReminderDecision {
  const at = new Date(now).getTime();
  const index = deadline.reminders.findIndex((reminder) => reminder.before === before);
  if (index < 0) return { kind: 'skip', reason: 'unknown_reminder' };
  const { at: remindAt } = deadline.reminders[index];
  if (at < new Date(remindAt).getTime()) return { kind: 'skip', reason: 'not_due', notBefore: remindAt };
  if (taskDone) return { kind: 'skip', reason: 'task_done' };
  if (at >= new Date(deadline.dueAt).getTime()) return { kind: 'skip', reason: 'deadline_passed' };
  if (deadline.remindersSent.includes(before)) return { kind: 'skip', reason: 'already_sent' };
  const later = deadline.reminders.slice(index + 1);
  if (later.some((reminder) => new Date(reminder.at).getTime() <= at)) {
    return { kind: 'skip', reason: 'superseded' };
  }
  return {
    kind: 'remind',
    event: {
      type: 'deadline-reminder-due',
      data: {
        deadlineId: deadline.deadlineId,
        taskId: deadline.taskId,
        before,
        remindAt,
        dueAt: deadline.dueAt,
        remindedAt: now,
      },
    },
  };
}

/** Planning the same event twice computes the same deadline id: the second set is a no-op. */
function setLegalDeadline({ data }: SetLegalDeadline, state: DeadlineState | null): DeadlineEvent[] {
  if (state) return [];
  return [{ type: 'legal-deadline-set', data: { ...data.deadline, setAt: data.now } }];
}

function remindOfDeadline(command: RemindOfDeadline, state: DeadlineState | null): DeadlineEvent[] {
  if (!state) throw deadlineNotFound();
  const decision = decideReminder(state, command.data);
  return decision.kind === 'remind' ? [decision.event] : [];
}

/** Missed once: a second escalation of the same task (there is none) would change nothing. */
function markDeadlineMissed({ data }: MarkDeadlineMissed, state: DeadlineState | null): DeadlineEvent[] {
  if (!state) throw deadlineNotFound();
  if (state.missedAt) return [];
  return [
    {
      type: 'legal-deadline-missed',
      data: {
        deadlineId: state.deadlineId,
        taskId: state.taskId,
        dueAt: state.dueAt,
        escalationTaskId: data.escalationTaskId,
        missedAt: data.now,
      },
    },
  ];
}

/** Once: a clock that stopped, or was missed, stays so. */
function markDeadlineLapsed({ data }: MarkDeadlineLapsed, state: DeadlineState | null): DeadlineEvent[] {
  if (!state) throw deadlineNotFound();
  if (state.missedAt || state.lapsedAt) return [];
  return [
    {
      type: 'legal-deadline-lapsed',
      data: { deadlineId: state.deadlineId, taskId: state.taskId, reason: data.reason, lapsedAt: data.now },
    },
  ];
}

function decide(command: LegalDeadlineCommand, state: DeadlineState | null): DeadlineEvent[] {
  switch (command.type) {
    case 'SetLegalDeadline':
      return setLegalDeadline(command, state);
    case 'RemindOfDeadline':
      return remindOfDeadline(command, state);
    case 'MarkDeadlineMissed':
      return markDeadlineMissed(command, state);
    case 'MarkDeadlineLapsed':
      return markDeadlineLapsed(command, state);
  }
}

export const legalDeadlineDecider: Decider<LegalDeadlineCommand, DeadlineEvent, DeadlineState | null> = {
  decide,
  evolve,
  initialState: initialDeadlineState,
};

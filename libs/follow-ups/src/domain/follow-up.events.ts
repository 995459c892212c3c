import type { FollowUpRules } from './follow-up-rules';
import type { PlannedDeadline, PlannedTask } from './planned-work';

/**
 * What happens to follow-up work. Tasks and rule-made deadlines have streams of their own, never
 * the case's stream: background work must not move a case's version under a lawyer's
 * expectedVersion. Types are stable strings, distinct from the case's own `deadline-set`.
 */
export interface TaskCreated {
  type: 'task-created';
  data: PlannedTask & { createdAt: string };
}

export interface TaskClaimed {
  type: 'task-claimed';
  data: { taskId: string; userId: string; claimedAt: string };
}

export interface TaskCompleted {
  type: 'task-completed';
  /**
   * `result` is the lawyer's free text, sealed by the write path under the client's (or the
   * incident's) key. Events written before the one write path name the sealing's field in
   * `resultField` (always 'task.result'); newer ones leave it to the task stream's declaration.
   */
  data: { taskId: string; userId: string; completedAt: string; result: string; resultField?: string };
}

export interface TaskEscalated {
  type: 'task-escalated';
  data: {
    taskId: string;
    escalationTaskId: string;
    escalatedAt: string;
    reason: 'not_done_in_time' | 'deadline_missed';
  };
}

/** The holder gave the task back (or a coordinator took it off them): anyone may claim it again. */
export interface TaskReleased {
  type: 'task-released';
  data: { taskId: string; userId: string; releasedAt: string };
}

/** A coordinator or admin gave the task to a lawyer. */
export interface TaskAssigned {
  type: 'task-assigned';
  data: { taskId: string; userId: string; previousUserId: string | null; assignedAt: string };
}

export type TaskEvent =
  TaskCreated | TaskClaimed | TaskCompleted | TaskEscalated | TaskReleased | TaskAssigned;

export interface LegalDeadlineSet {
  type: 'legal-deadline-set';
  data: PlannedDeadline & { setAt: string };
}

export interface DeadlineReminderDue {
  type: 'deadline-reminder-due';
  data: {
    deadlineId: string;
    taskId: string;
    before: string;
    remindAt: string;
    dueAt: string;
    remindedAt: string;
  };
}

export interface LegalDeadlineMissed {
  type: 'legal-deadline-missed';
  data: { deadlineId: string; taskId: string; dueAt: string; escalationTaskId: string; missedAt: string };
}

/**
 * The clock stopped before its end: the person was released or moved on, the hearing's result
 * recorded. Nothing is overdue about it any more.
 */
export interface LegalDeadlineLapsed {
  type: 'legal-deadline-lapsed';
  data: {
    deadlineId: string;
    taskId: string;
    reason: 'custody_ended' | 'hearing_result_recorded';
    lapsedAt: string;
  };
}

export type DeadlineEvent =
  LegalDeadlineSet | DeadlineReminderDue | LegalDeadlineMissed | LegalDeadlineLapsed;

/** An organization's own rules: the last event of its rules stream wins; null means "back to the defaults". */
export interface FollowUpRulesChanged {
  type: 'follow-up-rules-changed';
  data: { rules: FollowUpRules | null; changedBy: string; changedAt: string };
}

export type FollowUpRulesEvent = FollowUpRulesChanged;

export const TASK_EVENT_TYPES: TaskEvent['type'][] = [
  'task-created',
  'task-claimed',
  'task-completed',
  'task-escalated',
  'task-released',
  'task-assigned',
];
export const DEADLINE_EVENT_TYPES: DeadlineEvent['type'][] = [
  'legal-deadline-set',
  'deadline-reminder-due',
  'legal-deadline-missed',
  'legal-deadline-lapsed',
];

export const taskStreamId = (taskId: string) => `task-${taskId}`;
/** One rules stream per organization. */
export const rulesStreamId = (orgId: string) => `follow-up-rules-${orgId}`;

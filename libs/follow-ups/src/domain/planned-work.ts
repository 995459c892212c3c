import type { Urgency } from '@huquq/shared-kernel';
import type { LegalClock, TaskQueue } from './follow-up-rules';

/** A task the rules ask for; becomes a `task-created` event in a stream of its own. */
export interface PlannedTask {
  taskId: string;
  caseId: string | null;
  incidentId: string | null;
  /** The person the task is about: the key subject of anything personal written on it. */
  clientId: string | null;
  kind: string;
  title: string;
  queue: TaskQueue;
  priority: Urgency;
  dueAt: string;
  escalateAt: string | null;
  basis: string;
  ruleId: string;
  deadlineId: string | null;
  /** The task this one escalates, for coordinators' escalation tasks. */
  escalationOf: string | null;
}

export interface PlannedReminder {
  /** How long before the deadline, as the rule says it (`P5D`). */
  before: string;
  at: string;
}

/** A legal deadline the rules compute; becomes `legal-deadline-set` in a stream of its own. */
export interface PlannedDeadline {
  deadlineId: string;
  caseId: string;
  clientId: string;
  kind: string;
  dueAt: string;
  basis: string;
  confidence: LegalClock['confidence'];
  clock: string;
  ruleId: string;
  taskId: string;
  /** Latest last: each one's time is before the next one's. */
  reminders: PlannedReminder[];
}

import type { TermCounting, Urgency } from '@huquq/shared-kernel';
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
  /**
   * The legal clock behind the task's time: how sure its basis is and when its text was last
   * checked. Absent on tasks created before rules carried them, and on organization standards.
   */
  confidence?: LegalClock['confidence'] | null;
  lastChecked?: string | null;
  /** The custody the task is about: its escalation lapses when the person is released or moved on. */
  custodyId?: string | null;
  /** The hearing the task is about: its escalation lapses once the hearing's result is recorded. */
  hearingId?: string | null;
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
  /**
   * How the legal calendar counted it (docs/deadlines.md). Deadlines set before it existed lack
   * these fields: they were counted from the exact moment in UTC, and read as not exact.
   */
  counting?: TermCounting | null;
  /** The zone whose 24:00 ends the term (the case's region); null for hours or scaled test time. */
  timeZone?: string | null;
  /** The last day, local, after moving off non-working days. */
  lastDay?: string | null;
  /** The last day before it moved to the next working day; null when it did not move. */
  movedFrom?: string | null;
  /** False when it may be earlier than the law (region or calendar not certain); never later. */
  exact?: boolean;
  lastChecked?: string | null;
  /** The custody the clock belongs to: it stops when the person is released or moved on. */
  custodyId?: string | null;
  /** The hearing the clock belongs to: it stops once the hearing's result is recorded. */
  hearingId?: string | null;
}

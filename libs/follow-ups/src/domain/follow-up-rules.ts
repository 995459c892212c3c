import type { AppealType, CustodyGrounds, HearingKind, Urgency } from '@huquq/shared-kernel';

/**
 * The shape of follow-up rules: configuration, not code. The defaults live in
 * rules/default-follow-up-rules.ts; an installation replaces them with a JSON file
 * (FOLLOW_UP_RULES_FILE) and an organization with its own set (PUT /v1/follow-up-rules).
 * Durations are ISO-8601 (`PT1H`, `P10D`, `P3M`). Nothing here is legal advice.
 */

/** Who works a task: lawyers' queue or coordinators' queue. */
export const TASK_QUEUES = ['lawyer', 'coordinator'] as const;
export type TaskQueue = (typeof TASK_QUEUES)[number];

export const CONFIDENCES = ['confirmed', 'to_verify'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** A term the law sets, once, with its source; deadline rules refer to it by id. */
export interface LegalClock {
  id: string;
  /** What starts it, in words. */
  trigger: string;
  /**
   * Hours (`PT3H`, from the exact moment), days (`P10D`, from the next day to 24:00 local of the
   * last, moved to the next working day) or months (`P3M`, to the same date of the last month):
   * see docs/deadlines.md.
   */
  term: string;
  basis: string;
  confidence: Confidence;
  /** The day the legal text was last checked (YYYY-MM-DD); shown with every deadline it sets. */
  lastChecked?: string;
}

export interface TaskTemplate {
  /** Stable, snake_case: queues and reports group by it. */
  kind: string;
  /** What to do, in the users' words. Never personal data: it is the same for every case. */
  title: string;
  queue: TaskQueue;
  /** After the triggering event, or `deadline` for the deadline the same rule sets. */
  due: string;
  /** The appeal's urgency when left out; an incident's task is critical when left out. */
  priority?: Urgency;
  /**
   * When a task still not done goes to the coordinators: a duration after the trigger,
   * `deadline` (when the rule's deadline passes), or null for never.
   */
  escalateAfter: string | null;
  basis: string;
  /** The legal clock behind the task, if any: its confidence and last check are shown with the task. */
  clock?: string;
}

export interface DeadlineTemplate {
  kind: string;
  /** A LegalClock id of the same rule set: the term and the basis. */
  clock: string;
  /** The date the term runs from. */
  from: 'decisionReceivedAt';
  /** Reminders this long before the deadline's last day (whole days), at 09:00 local. */
  remindBefore: string[];
  /** `working_days`: counted in working days (KoAP practice); calendar days when left out. */
  remindIn?: 'days' | 'working_days';
}

export interface AppealRule {
  /** Stable: task and deadline ids derive from it, so a rule must keep its id when edited. */
  id: string;
  appealTypes: AppealType[] | 'any';
  /** Fields the appeal must carry for the rule to apply. */
  requires?: 'decisionReceivedAt'[];
  /** Applies only when no other appeal rule does ("any other appeal"). */
  fallback?: boolean;
  task: TaskTemplate;
  deadline?: DeadlineTemplate;
}

export interface IncidentRule {
  id: string;
  /** People in the incident (one case each), at least. */
  minPeople: number;
  appealTypes: AppealType[] | 'any';
  task: TaskTemplate;
}

/**
 * What a recorded custody calls for: the clock of its grounds (3 h, 48 h, 48 h without a court,
 * 90 days) as a deadline from the moment the person is held, and a lawyer's task; escalated when
 * the clock runs out while the person is still held there.
 */
export interface CustodyRule {
  id: string;
  grounds: CustodyGrounds[];
  /** `due` runs from the delivery (the first one of a detention); `deadline` is the clock's end. */
  task: TaskTemplate;
  deadline: { kind: string; clock: string; remindBefore: string[] };
}

/** What a scheduled hearing calls for: a task from its start (or the court's receipt of a complaint), and a clock. */
export interface HearingRule {
  id: string;
  kinds: HearingKind[] | 'any';
  /** The moment the task's due time and the clock run from. */
  from: 'startsAt' | 'complaintReceivedAt';
  task: TaskTemplate;
  deadline?: { kind: string; clock: string; remindBefore: string[] };
}

export interface FollowUpRules {
  clocks: LegalClock[];
  appealRules: AppealRule[];
  incidentRules: IncidentRule[];
  /** Left out (rule sets written before custody was recorded): the installation's. */
  custodyRules?: CustodyRule[];
  /** Left out (rule sets written before hearings were recorded): the installation's. */
  hearingRules?: HearingRule[];
}

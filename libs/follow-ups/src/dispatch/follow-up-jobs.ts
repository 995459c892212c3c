/**
 * The follow-up jobs: what the dispatcher records and enqueues, and the worker runs. A job id is
 * deterministic (derived from the event or the task it is about), is the ledger's primary key
 * and the BullMQ job id: one id, one effect, however often it is delivered.
 */
export const FOLLOW_UP_QUEUE = 'follow-ups';

export type FollowUpJobPayload =
  /** Turn an appeal or incident into its tasks and deadlines. */
  | { kind: 'plan'; streamId: string; eventId: string }
  /** The escalation time of a task has come. */
  | { kind: 'escalate'; taskId: string }
  /** A reminder before a legal deadline. */
  | { kind: 'remind'; deadlineId: string; before: string };

/** BullMQ refuses ':' in custom ids; '.' keeps them readable in Bull Board. */
export const followUpJobId = (payload: FollowUpJobPayload): string => {
  switch (payload.kind) {
    case 'plan':
      return `plan.${payload.eventId}`;
    case 'escalate':
      return `escalate.${payload.taskId}`;
    case 'remind':
      return `remind.${payload.deadlineId}.${payload.before}`;
  }
};

/** What goes to Redis: ids only, never personal data. The rest is in the ledger. */
export interface FollowUpJobData {
  jobId: string;
}

/** A row of the ledger: one job to run once. */
export interface RecordedJob {
  jobId: string;
  orgId: string;
  payload: FollowUpJobPayload;
  runAt: Date;
  sourcePosition: number;
}

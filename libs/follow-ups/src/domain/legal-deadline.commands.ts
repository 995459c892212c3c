import type { PlannedDeadline } from './planned-work';

/** What the follow-up jobs ask of a legal deadline the rules computed. No person acts on these. */
interface Command<Type extends string, Data> {
  type: Type;
  data: Data & { now: string };
}

export type SetLegalDeadline = Command<'SetLegalDeadline', { deadline: PlannedDeadline }>;

/**
 * A reminder's time came. Whether the deadline's task is done is the task stream's to tell:
 * the job reads it and passes it as a plain value.
 */
export type RemindOfDeadline = Command<'RemindOfDeadline', { before: string; taskDone: boolean }>;

/** The task's escalation time (the deadline) passed with the task open. */
export type MarkDeadlineMissed = Command<'MarkDeadlineMissed', { escalationTaskId: string }>;

/** The custody or hearing the clock belongs to is over before the clock's end. */
export type MarkDeadlineLapsed = Command<
  'MarkDeadlineLapsed',
  { reason: 'custody_ended' | 'hearing_result_recorded' }
>;

export type LegalDeadlineCommand =
  SetLegalDeadline | RemindOfDeadline | MarkDeadlineMissed | MarkDeadlineLapsed;

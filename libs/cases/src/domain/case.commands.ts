import { AppealLogged } from './case.events';
import { Actor, CaseStatus, Outcome, Urgency } from '@huquq/shared-kernel';

/**
 * What someone asks of a case. Every command says who asks and when: the handler reads the
 * clock, so the decider stays a pure function and its specs need no fake timers.
 */
interface Command<Type extends string, Data> {
  type: Type;
  data: Data & { actor: Actor; now: string };
}

export type LogAppeal = Command<
  'LogAppeal',
  Omit<AppealLogged['data'], 'loggedAt' | 'urgency'> & {
    /** Left out, it follows from the appeal type (see default-urgency.ts). */
    urgency?: Urgency;
  }
>;

export type AssignCase = Command<'AssignCase', { lawyerId: string }>;

/** A lawyer claimed a task of the case: they take the case if nobody has it. */
export type TakeCaseWithTask = Command<'TakeCaseWithTask', { taskId: string }>;

export type ChangeStatus = Command<'ChangeStatus', { status: CaseStatus; reason?: string | null }>;

export type AddNote = Command<'AddNote', { noteId: string; text: string }>;

export type SetDeadline = Command<
  'SetDeadline',
  { deadlineId: string; kind: string; dueAt: string; basis: string | null }
>;

export type CloseCase = Command<'CloseCase', { outcome: Outcome }>;

export type ReopenCase = Command<'ReopenCase', { reason: string }>;

export type CaseCommand =
  LogAppeal | AssignCase | TakeCaseWithTask | ChangeStatus | AddNote | SetDeadline | CloseCase | ReopenCase;

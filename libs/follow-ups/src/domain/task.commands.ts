import type { Actor } from '@huquq/shared-kernel';
import type { PlannedTask } from './planned-work';

/**
 * What may be asked of a task. Every command says when; a person's command says who. The
 * handler reads the clock, so the decider stays a pure function.
 */
interface Command<Type extends string, Data> {
  type: Type;
  data: Data & { now: string };
}

/** A task the rules planned, or the coordinators' task an escalation hands over. */
export type CreateTask = Command<'CreateTask', { task: PlannedTask }>;

export type ClaimTask = Command<'ClaimTask', { actor: Actor }>;

/** `result` is plain text here: the write path seals it on its way into the log. */
export type CompleteTask = Command<'CompleteTask', { actor: Actor; result: string }>;

/**
 * The escalation time came. The coordinators' task it hands over is a CreateTask of its own
 * stream (see escalationFor), decided in the same unit of work.
 */
export type EscalateTask = Command<'EscalateTask', Record<never, never>>;

export type ReleaseTask = Command<'ReleaseTask', { actor: Actor }>;

/** `userId` is known to be a lawyer of the organization: the handler looked them up. */
export type AssignTask = Command<'AssignTask', { actor: Actor; userId: string }>;

export type TaskCommand = CreateTask | ClaimTask | CompleteTask | EscalateTask | ReleaseTask | AssignTask;

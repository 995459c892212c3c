import { randomUUID } from 'node:crypto';
import { Actor } from './actor';
import { isUuid } from './ids';

/**
 * Who asks and why, carried by every command to the write path, which stamps it on every event
 * it appends. A person's request has an actor; the system's own work (a follow-up job) has
 * none and names itself instead.
 */
export interface CommandContext {
  orgId: string;
  actor: Actor | null;
  /** Ties every event of one request (and of the work it causes) together in the log. */
  correlationId: string;
  /** The event or job that caused this command, for the system's own work. */
  causationId?: string;
  /** Who acts when no person does ('follow-ups'). */
  system?: string;
  jobId?: string;
}

/** A caller's X-Request-Id is kept only when it is a UUID: free text has no place in the log. */
export const requestContext = (actor: Actor, requestId?: string): CommandContext => ({
  orgId: actor.orgId,
  actor,
  correlationId: requestId && isUuid(requestId) ? requestId.toLowerCase() : randomUUID(),
});

/** The system's own work: no person acts; the job and what caused it are recorded instead. */
export const systemContext = (
  orgId: string,
  system: string,
  cause: { jobId?: string; causationId?: string; correlationId?: string } = {},
): CommandContext => ({
  orgId,
  actor: null,
  system,
  jobId: cause.jobId,
  causationId: cause.causationId,
  correlationId: cause.correlationId ?? randomUUID(),
});

/** The person acting; the system's own work may not take a person's decisions. */
export function personIn(context: CommandContext): Actor {
  if (!context.actor) throw new Error('This command needs a person to act');
  return context.actor;
}

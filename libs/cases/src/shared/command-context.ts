import { randomUUID } from 'node:crypto';
import { Actor } from '@huquq/shared-kernel';

/** Who asks, and the id that ties every event of one request together in the log. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A caller's X-Request-Id is kept only when it is a UUID: free text has no place in the log. */
export const contextFor = (actor: Actor, requestId?: string): CommandContext => ({
  actor,
  correlationId: requestId && UUID.test(requestId) ? requestId.toLowerCase() : randomUUID(),
});

export const metadataFor = (context: CommandContext, extra: Record<string, unknown> = {}) => ({
  actorId: context.actor.userId,
  // Reports tell a lawyer's first action from intake's; the role at the time is history too.
  actorRole: context.actor.role,
  orgId: context.actor.orgId,
  correlationId: context.correlationId,
  ...extra,
});

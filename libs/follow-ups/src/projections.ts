import type { Projection } from '@huquq/event-store';
import { FollowUpDispatchProjection } from './dispatch/follow-up-dispatch.projection';
import { WorkQueueProjection } from './work-queue/work-queue.projection';

/**
 * The readers of the log follow-ups own: the dispatcher (the outbox reader, asynchronous) and
 * the work queues (inline: `inline: true`, so the app's CommandHandler must be given it among
 * its inline projections, and the projection runner too, which catches it up at start and
 * rebuilds it).
 */
export const followUpProjections = (): Projection[] => [
  new FollowUpDispatchProjection(),
  new WorkQueueProjection(),
];

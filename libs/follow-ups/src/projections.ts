import { FollowUpDispatchProjection } from './dispatch/follow-up-dispatch.projection';
import { WorkQueueProjection } from './work-queue/work-queue.projection';

/** The readers of the log follow-ups own: the dispatcher (the outbox reader) and the work queues. */
export const followUpProjections = () => [new FollowUpDispatchProjection(), new WorkQueueProjection()];

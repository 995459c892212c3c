import type { Projection } from '@huquq/event-store';
import { NotificationOutboxProjection } from './outbox/notification-outbox.projection';

/** The outbox reader: asynchronous, after the work queues it reads (follow-ups' inline view). */
export const notificationProjections = (): Projection[] => [new NotificationOutboxProjection()];

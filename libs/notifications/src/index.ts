export * from './notifications.module';
export * from './projections';
export { NotificationsHealth } from './operations/notifications-health';
export { DeliveryWorker } from './delivery/delivery-worker';
export { deadLetters, retryDeadLetters } from './delivery/delivery-ledger';
export { WEBHOOK_HEADERS } from './delivery/webhook-sender';

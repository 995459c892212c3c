import { EventEmitter } from 'node:events';

/**
 * Closes a BullMQ queue or worker. BullMQ closes a connection that never reached Redis by
 * dropping its listeners first; the connect still pending then fails, and BullMQ re-emits that
 * as an 'error' nobody listens to: an unhandled rejection, at shutdown, whenever Redis was down
 * from the start. A listener put back after closing keeps that late error harmless.
 */
export async function closeQuietly(
  target: { close(): Promise<void> },
  close = () => target.close(),
): Promise<void> {
  try {
    await close();
  } finally {
    for (const key of ['connection', 'blockingConnection']) {
      const connection = (target as unknown as Record<string, unknown>)[key];
      if (connection instanceof EventEmitter && connection.listenerCount('error') === 0) {
        connection.on('error', () => undefined);
      }
    }
  }
}

import { Queue, QueueOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { FOLLOW_UP_QUEUE, FollowUpJobData } from '../dispatch/follow-up-jobs';

export interface FollowUpQueueSettings {
  redisUrl: string;
  /** QUEUE_PREFIX: every key of this installation's queues starts with it. */
  prefix: string;
  attempts: number;
  /** The first retry's delay; each next one doubles. */
  retryDelayMs: number;
}

/** ioredis options from a redis:// or rediss:// URL, the way BullMQ wants to be given them. */
export function redisOptionsFrom(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

export type FollowUpQueue = Queue<FollowUpJobData, unknown, string>;

/**
 * The producer side, also used by Bull Board and /health. Its commands fail fast while Redis is
 * away (the dispatcher tries again; nothing is lost, the ledger holds every job), where a
 * worker's connection waits forever.
 */
export function createFollowUpQueue(settings: FollowUpQueueSettings): FollowUpQueue {
  const options: QueueOptions = {
    connection: {
      ...redisOptionsFrom(settings.redisUrl),
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    },
    prefix: settings.prefix,
    defaultJobOptions: {
      attempts: settings.attempts,
      backoff: { type: 'exponential', delay: settings.retryDelayMs },
      // Kept for Bull Board and for a while against duplicates; the ledger is what refuses them.
      removeOnComplete: { age: 24 * 3600, count: 10000 },
      // A failed job stays visible until someone looks at it (or a month passes).
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  };
  const queue = new Queue<FollowUpJobData, unknown, string>(FOLLOW_UP_QUEUE, options);
  // Connection errors surface where they matter (dispatcher, health); an unhandled 'error' would crash.
  queue.on('error', () => undefined);
  return queue;
}

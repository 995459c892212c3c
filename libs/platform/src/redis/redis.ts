import Redis from 'ioredis';

/**
 * BullMQ needs `maxRetriesPerRequest: null` on connections its workers share; health checks
 * want a quick "no" instead, so they use their own connection with a short timeout.
 */
export function createRedis(url: string, purpose: 'queue' | 'health'): Redis {
  return purpose === 'queue'
    ? new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: true })
    : new Redis(url, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 1000,
        lazyConnect: true,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      });
}

import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import { RateLimitName } from '@huquq/identity';
import { AppConfig } from '@huquq/platform';

/**
 * The per-organization limits (identity's @RateLimit) with their counts in Redis, under the
 * installation's QUEUE_PREFIX, so every API instance shares them. The storage owns its
 * connection (closed when the app closes); a Redis that does not answer fails fast and the
 * guard lets the request through.
 */
export function rateLimitOptions(config: AppConfig): ThrottlerModuleOptions {
  const limits: Record<RateLimitName, { limit: number; windowSeconds: number }> = {
    incidents: { limit: config.INCIDENT_RATE_LIMIT, windowSeconds: config.INCIDENT_RATE_WINDOW_SECONDS },
    reports: { limit: config.REPORT_RATE_LIMIT, windowSeconds: config.REPORT_RATE_WINDOW_SECONDS },
    search: { limit: config.SEARCH_RATE_LIMIT, windowSeconds: config.SEARCH_RATE_WINDOW_SECONDS },
  };
  const storage = new ThrottlerStorageRedisService(config.REDIS_URL, {
    keyPrefix: `${config.QUEUE_PREFIX}:rate-limits:`,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  storage.redis.on('error', () => undefined);
  return {
    storage,
    // Only Retry-After, set by the guard; not the X-RateLimit-* headers of every named limit.
    setHeaders: false,
    // A fixed window: over the limit until the window's count expires, no longer (the storage
    // would otherwise block for a further whole window from the first refused request).
    throttlers: Object.entries(limits).map(([name, { limit, windowSeconds }]) => ({
      name,
      limit,
      ttl: windowSeconds * 1000,
      blockDuration: 1,
    })),
  };
}

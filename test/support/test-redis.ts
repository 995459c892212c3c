import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { createRedis } from '@huquq/platform';

/** The shared Redis, through the same kind of connection the API's request path uses. */
export interface TestRedis {
  redis: Redis;
  /** A prefix of this test's own (like QUEUE_PREFIX): nothing else is touched. */
  prefix: string;
  /** Every key under the prefix. */
  keys(): Promise<string[]>;
  /** Deletes every key under the prefix and disconnects. */
  close(): Promise<void>;
}

export async function connectTestRedis(url = 'redis://127.0.0.1:6379'): Promise<TestRedis> {
  const redis = createRedis(url, 'health');
  await redis.connect();
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const keys = async () => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  };
  return {
    redis,
    prefix,
    keys,
    async close() {
      const left = await keys();
      if (left.length) await redis.del(...left);
      redis.disconnect();
    },
  };
}

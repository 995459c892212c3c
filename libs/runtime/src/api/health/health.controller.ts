import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import Redis from 'ioredis';
import { ProjectionRunner } from '@huquq/event-store';
import { FollowUpsHealth } from '@huquq/follow-ups';
import { Public } from '@huquq/identity';
import { Database, HEALTH_REDIS } from '@huquq/platform';
import { SubjectKeyStore } from '@huquq/privacy';

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

/** 200 when the database and Redis answer, 503 naming the one that does not. No personal data here. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Database,
    @Inject(HEALTH_REDIS) private readonly redis: Redis,
    private readonly projections: ProjectionRunner,
    private readonly followUps: FollowUpsHealth,
    private readonly keys: SubjectKeyStore,
  ) {}

  @Get()
  @Public()
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, redis] = await Promise.all([
      within(2000, this.db.query('SELECT 1')).then(
        () => 'up',
        () => 'down',
      ),
      within(2000, this.redis.ping()).then(
        () => 'up',
        () => 'down',
      ),
    ]);
    const [projections, followUps] = await Promise.all([
      database === 'up' ? within(2000, this.projections.status()).catch(() => []) : [],
      // Queue depths, failed jobs, the dispatch ledger; never part of up or down.
      within(2000, this.followUps.status({ redisUp: redis === 'up', databaseUp: database === 'up' })).catch(
        () => null,
      ),
    ]);
    const dispatcher = projections.find((p) => p.name === 'follow-up-dispatcher');
    const ok = database === 'up' && redis === 'up';
    res.status(ok ? 200 : 503);
    res.setHeader('Cache-Control', 'no-store');
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: { database, redis },
      projections,
      followUps: followUps && {
        ...followUps,
        dispatcherLag: dispatcher ? { events: dispatcher.lagEvents, seconds: dispatcher.lagSeconds } : null,
      },
      // Counts and bytes of this process's unwrapped data keys; never a key or a subject.
      keyCache: this.keys.cacheStats(),
    };
  }
}

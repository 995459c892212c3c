import { Controller, Get, Inject, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthDetailsResponse, HealthResponse } from './health.responses';
import type { Response } from 'express';
import Redis from 'ioredis';
import { ProjectionRunner } from '@huquq/event-store';
import { FollowUpsHealth } from '@huquq/follow-ups';
import { OperatorsOnly, Public } from '@huquq/identity';
import { NotificationsHealth } from '@huquq/notifications';
import { AppConfig, Database, HEALTH_REDIS, TenantDatabase } from '@huquq/platform';
import { degradations } from '../../operations/degradation';
import { SubjectKeyStore } from '@huquq/privacy';

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

const up = <T>(work: Promise<T>) =>
  within(2000, work).then(
    () => 'up' as const,
    () => 'down' as const,
  );

/** No organization: the request path's role connects and runs, and row-level security shows nothing. */
const NO_ORG = '00000000-0000-4000-8000-000000000000';

/**
 * `ok` (200) when the database — as the owner and as the request path's role — and Redis
 * answer and nothing holds the log back; `degraded` (200) when the service answers but an
 * operator should look (asynchronous lag, parked events, an old transaction anywhere on the
 * server holding every reader back); `down` (503) when a dependency does not answer.
 *
 * `GET /health` is public and says only that word: every organization shares this installation,
 * and its counts and positions are nobody's business but the operators'. `GET /health/details`
 * (operators: OPERATOR_TOKEN) adds the checks, the reasons (a transaction named by pid so it can
 * be ended), every projection's position and lag, and the follow-up queue and ledger. No
 * personal data in either.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly tenants: TenantDatabase,
    @Inject(HEALTH_REDIS) private readonly redis: Redis,
    private readonly projections: ProjectionRunner,
    private readonly followUps: FollowUpsHealth,
    private readonly notifications: NotificationsHealth,
    private readonly config: AppConfig,
    private readonly keys: SubjectKeyStore,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: HealthResponse, description: '`ok`, or `degraded`: an operator should look' })
  @ApiServiceUnavailableResponse({
    type: HealthResponse,
    description: '`down`: a dependency does not answer',
  })
  async health(@Res({ passthrough: true }) res: Response) {
    const { status } = await this.check(res, { followUps: false });
    return { status };
  }

  @Get('details')
  @OperatorsOnly()
  @ApiBearerAuth('operator')
  @ApiOkResponse({ type: HealthDetailsResponse })
  @ApiNotFoundResponse({ description: 'not_found: this installation has no OPERATOR_TOKEN' })
  @ApiServiceUnavailableResponse({
    type: HealthDetailsResponse,
    description: '`down`: a dependency does not answer',
  })
  async details(@Res({ passthrough: true }) res: Response) {
    const { status, checks, reasons, projections, followUps } = await this.check(res, { followUps: true });
    const database = checks.database;
    const dispatcher = projections.find((p) => p.name === 'follow-up-dispatcher');
    return {
      status,
      checks,
      degraded: reasons,
      projections,
      followUps: followUps && {
        ...followUps,
        dispatcherLag: dispatcher ? { events: dispatcher.lagEvents, seconds: dispatcher.lagSeconds } : null,
      },
      // E-mail and webhooks on or off, the delivery ledger's counts, the latest dead letters.
      notifications:
        database === 'up' ? await within(2000, this.notifications.status()).catch(() => null) : null,
      // Counts and bytes of this process's unwrapped data keys; never a key or a subject.
      keyCache: this.keys.cacheStats(),
    };
  }

  private async check(res: Response, wanted: { followUps: boolean }) {
    const [database, requestPath, redis] = await Promise.all([
      up(this.db.query('SELECT 1')),
      // A restore without the cluster's roles, or a wrong APP_DATABASE_URL: every command fails.
      up(this.tenants.transaction(NO_ORG, (tx) => tx.query('SELECT 1 FROM events LIMIT 1'))),
      up(this.redis.ping()),
    ]);
    const [projections, followUps] = await Promise.all([
      database === 'up' ? within(2000, this.projections.status()).catch(() => []) : [],
      // Queue depths, failed jobs, the dispatch ledger; never part of up or down.
      wanted.followUps
        ? within(
            2000,
            this.followUps.status({ redisUp: redis === 'up', databaseUp: database === 'up' }),
          ).catch(() => null)
        : null,
    ]);
    const reasons =
      database === 'up'
        ? await within(
            2000,
            degradations(
              this.db,
              this.projections,
              {
                lagSeconds: this.config.HEALTH_LAG_SECONDS,
                transactionSeconds: this.config.HEALTH_TRANSACTION_SECONDS,
              },
              projections,
            ),
          ).catch(() => [])
        : [];
    const ok = database === 'up' && requestPath === 'up' && redis === 'up';
    res.status(ok ? 200 : 503);
    res.setHeader('Cache-Control', 'no-store');
    const status = !ok ? 'down' : reasons.length > 0 ? 'degraded' : 'ok';
    return { status, checks: { database, requestPath, redis }, reasons, projections, followUps };
  }
}

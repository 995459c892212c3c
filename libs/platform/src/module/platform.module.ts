import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { serviceTimeouts } from '../database/session-timeouts';
import { KeyringDatabase } from '../database/keyring';
import { appDatabaseUrl, TenantDatabase } from '../database/tenant-database';
import { createRedis } from '../redis/redis';

export const LOGGER = Symbol('LOGGER');
/**
 * The request path's Redis connection, quick to say "no" when Redis is away: health checks and
 * login throttling. (Queues open their own, patient connections.)
 */
export const HEALTH_REDIS = Symbol('HEALTH_REDIS');

/** Closes the shared connections last, after every module has stopped its own work. */
@Injectable()
class ConnectionsLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly db: Database,
    private readonly tenantDb: TenantDatabase,
    private readonly keyring: KeyringDatabase,
    @Inject(HEALTH_REDIS) private readonly redis: Redis,
  ) {}
  beforeApplicationShutdown() {
    this.redis.disconnect();
  }
  async onApplicationShutdown() {
    await this.tenantDb.close().catch(() => undefined);
    await this.keyring.close().catch(() => undefined);
    await this.db.close().catch(() => undefined);
  }
}

/**
 * Configuration, the database pools, the logger: what every capability stands on. `Database` is
 * the owner's pool (background work, login); `TenantDatabase` is the request path's, confined by
 * row-level security to one organization per transaction. Both are sized and bounded by the
 * configuration (DATABASE_POOL_SIZE, APP_DATABASE_POOL_SIZE, DATABASE_*_TIMEOUT_MS).
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: Database,
          useFactory: () =>
            new Database(config.DATABASE_URL, config.DATABASE_POOL_SIZE, serviceTimeouts(config)),
        },
        {
          provide: TenantDatabase,
          useFactory: () =>
            new TenantDatabase(
              appDatabaseUrl(config.DATABASE_URL, config.APP_DATABASE_URL),
              config.APP_DATABASE_POOL_SIZE,
              serviceTimeouts(config),
            ),
        },
        {
          // People's data keys and the erasure ledger, in a database of their own (decision 0023).
          provide: KeyringDatabase,
          useFactory: () =>
            new KeyringDatabase(
              config.KEYRING_DATABASE_URL!,
              config.KEYRING_DATABASE_POOL_SIZE,
              serviceTimeouts(config),
            ),
        },
        {
          provide: HEALTH_REDIS,
          useFactory: () => {
            const redis = createRedis(config.REDIS_URL, 'health');
            redis.on('error', () => undefined);
            redis.connect().catch(() => undefined);
            return redis;
          },
        },
        ConnectionsLifecycle,
      ],
      exports: [AppConfig, LOGGER, Database, TenantDatabase, KeyringDatabase, HEALTH_REDIS],
    };
  }
}

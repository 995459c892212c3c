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
import { createRedis } from '../redis/redis';

export const LOGGER = Symbol('LOGGER');
export const HEALTH_REDIS = Symbol('HEALTH_REDIS');

/** Closes the shared connections last, after every module has stopped its own work. */
@Injectable()
class ConnectionsLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly db: Database,
    @Inject(HEALTH_REDIS) private readonly redis: Redis,
  ) {}
  beforeApplicationShutdown() {
    this.redis.disconnect();
  }
  async onApplicationShutdown() {
    await this.db.close().catch(() => undefined);
  }
}

/** Configuration, the database pool, the logger: what every capability stands on. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Database, useFactory: () => new Database(config.DATABASE_URL, 20) },
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
      exports: [AppConfig, LOGGER, Database, HEALTH_REDIS],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from 'pino';
import { CasesModule } from '@huquq/cases';
import { FollowUpsModule } from '@huquq/follow-ups';
import { AuthGuard, IdentityModule, UsersModule } from '@huquq/identity';
import { NotificationsModule } from '@huquq/notifications';
import { PrivacyModule } from '@huquq/privacy';
import { ReportsModule } from '@huquq/reports';
import { AppConfig, ErrorFilter, LOGGER, PlatformModule } from '@huquq/platform';
import { BackgroundModule } from '../background.module';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { Metrics } from './metrics/metrics';
import { rateLimitOptions } from './rate-limits';
import { WebAppController } from './web-app/web-app.controller';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        PrivacyModule,
        CqrsModule.forRoot(),
        ThrottlerModule.forRoot(rateLimitOptions(config)),
        BackgroundModule.forRoot({ runBackgroundWork: config.WORKER_EMBEDDED }),
        IdentityModule,
        UsersModule,
        CasesModule,
        FollowUpsModule,
        NotificationsModule,
        ReportsModule,
      ],
      controllers: [HealthController, MetricsController, WebAppController],
      providers: [
        Metrics,
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_FILTER, inject: [LOGGER], useFactory: (l: Logger) => new ErrorFilter(l) },
      ],
    };
  }
}

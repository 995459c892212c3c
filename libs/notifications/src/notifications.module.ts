import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { IdentityModule } from '@huquq/identity';
import { AppConfig, Database, LOGGER } from '@huquq/platform';
import { DeliveryWorker } from './delivery/delivery-worker';
import { EmailSender } from './delivery/email-sender';
import { NotificationsHealth } from './operations/notifications-health';
import { NotificationPreferencesController } from './preferences/notification-preferences.controller';

const RUN_DELIVERIES = Symbol('RUN_DELIVERIES');

/** Starts the delivery worker where background work runs; stops it before the connections close. */
@Injectable()
class DeliveryLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(RUN_DELIVERIES) private readonly enabled: boolean,
    private readonly worker: DeliveryWorker,
  ) {}

  onApplicationBootstrap() {
    if (this.enabled) this.worker.start();
  }

  async beforeApplicationShutdown() {
    await this.worker.stop();
  }
}

/**
 * The delivery side: the worker (only where background work runs) and the operators' view of it.
 * The outbox itself is a projection (notificationProjections), run by the projection runner.
 */
@Module({})
export class NotificationDeliveryModule {
  static forRoot(options: { runDeliveries: boolean }): DynamicModule {
    return {
      module: NotificationDeliveryModule,
      global: true,
      providers: [
        { provide: RUN_DELIVERIES, useValue: options.runDeliveries },
        {
          provide: DeliveryWorker,
          inject: [Database, AppConfig, LOGGER],
          useFactory: (db: Database, config: AppConfig, logger: Logger) =>
            new DeliveryWorker(
              db,
              config.SMTP_URL ? new EmailSender(config.SMTP_URL, config.MAIL_FROM) : null,
              config.WEBHOOK_SIGNING_SECRET
                ? {
                    signingSecret: config.WEBHOOK_SIGNING_SECRET,
                    allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
                    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
                  }
                : null,
              {
                attempts: config.NOTIFY_ATTEMPTS,
                retryDelayMs: config.NOTIFY_RETRY_DELAY_MS,
                pollMs: config.NOTIFY_POLL_MS,
                timeZone: config.NOTIFY_TIME_ZONE,
                batchSize: 20,
                leaseMs: Math.max(60_000, config.WEBHOOK_TIMEOUT_MS * 3),
              },
              logger,
            ),
        },
        {
          provide: NotificationsHealth,
          inject: [Database, AppConfig],
          useFactory: (db: Database, config: AppConfig) => new NotificationsHealth(db, config),
        },
        DeliveryLifecycle,
      ],
      exports: [DeliveryWorker, NotificationsHealth],
    };
  }
}

/** Over HTTP: each user's own preferences (GET/PUT /v1/me/notifications). */
@Module({
  imports: [IdentityModule],
  controllers: [NotificationPreferencesController],
})
export class NotificationsModule {}

import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { CommandHandler, EventNotifications, EventStore, ProjectionRunner } from '@huquq/event-store';
import { FollowUpJobsModule } from '@huquq/follow-ups';
import {
  AppConfig,
  Database,
  LOGGER,
  serviceTimeouts,
  TenantDatabase,
  urlWithTimeouts,
} from '@huquq/platform';
import { PersonalDataProtector } from '@huquq/privacy';
import { allProjections } from './projections';

const RUN_BACKGROUND_WORK = Symbol('RUN_BACKGROUND_WORK');

/**
 * Starts the background work when this process is meant to run it (the worker, or the API
 * with the worker embedded) and stops it before the connections close.
 */
@Injectable()
class BackgroundWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly notifications: EventNotifications,
    private readonly runner: ProjectionRunner,
    @Inject(RUN_BACKGROUND_WORK) private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap() {
    await this.notifications.start();
    if (this.enabled) this.runner.start();
  }

  async beforeApplicationShutdown() {
    await this.runner.stop();
    await this.notifications.stop();
  }
}

@Global()
@Module({})
export class BackgroundModule {
  static forRoot(options: { runBackgroundWork: boolean }): DynamicModule {
    return {
      module: BackgroundModule,
      // Follow-up jobs run where projections run: never in an API started with WORKER_EMBEDDED=false.
      imports: [FollowUpJobsModule.forRoot({ runJobs: options.runBackgroundWork })],
      providers: [
        { provide: RUN_BACKGROUND_WORK, useValue: options.runBackgroundWork },
        { provide: EventStore, inject: [Database], useFactory: (db: Database) => new EventStore(db) },
        {
          provide: EventNotifications,
          inject: [AppConfig],
          // EventNotifications takes a URL only: the timeouts ride in it as `?options=`.
          useFactory: (c: AppConfig) =>
            new EventNotifications(urlWithTimeouts(c.DATABASE_URL, serviceTimeouts(c))),
        },
        {
          provide: ProjectionRunner,
          inject: [Database, EventStore, EventNotifications, LOGGER, PersonalDataProtector],
          useFactory: (
            db: Database,
            store: EventStore,
            notifications: EventNotifications,
            logger: Logger,
            protector: PersonalDataProtector,
          ) =>
            new ProjectionRunner(db, store, notifications, allProjections(protector), {
              onError: (projection: string, error: unknown) =>
                logger.error(
                  { projection, err: { message: (error as Error)?.message } },
                  'projection failed',
                ),
            }),
        },
        {
          // The one write path; its inline views are the same objects the runner rebuilds.
          provide: CommandHandler,
          inject: [TenantDatabase, EventStore, PersonalDataProtector, ProjectionRunner, AppConfig],
          useFactory: (
            tenants: TenantDatabase,
            store: EventStore,
            protector: PersonalDataProtector,
            runner: ProjectionRunner,
            config: AppConfig,
          ) =>
            new CommandHandler(tenants, store, protector, runner.inlineProjections, config.BLIND_INDEX_KEY!),
        },
        BackgroundWork,
      ],
      exports: [EventStore, EventNotifications, ProjectionRunner, CommandHandler],
    };
  }
}

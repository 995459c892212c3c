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
import { CaseTakeover, FollowUpJobsModule } from '@huquq/follow-ups';
import { TakeCaseWithTask } from '@huquq/cases';
import { NotificationDeliveryModule } from '@huquq/notifications';
import {
  AppConfig,
  Database,
  LOGGER,
  loggableError,
  serviceTimeouts,
  signingKeyFrom,
  TenantDatabase,
  urlWithTimeouts,
} from '@huquq/platform';
import { PersonalDataProtector } from '@huquq/privacy';
import { degradations } from './operations/degradation';
import { AnchorSchedule } from './operations/integrity-anchors';
import { countsOf, sealLegacyFreeText } from './maintenance/seal-legacy-free-text';
import { allProjections } from './projections';

const RUN_BACKGROUND_WORK = Symbol('RUN_BACKGROUND_WORK');

/**
 * Starts the background work when this process is meant to run it (the worker, or the API
 * with the worker embedded) and stops it before the connections close. Once per start it also
 * reseals free text that older versions stored in plaintext (docs/decisions/0017), in the
 * background: the API answers meanwhile, and only counts are logged.
 */
/** How often the worker says, while it lasts, that something holds the log back. */
const DEGRADED_WARNING_MS = 60_000;

/**
 * Starts the background work when this process is meant to run it (the worker, or the API
 * with the worker embedded) and stops it before the connections close. While it runs, it logs
 * one warning a minute as long as the service is degraded (see /health), and writes a signed
 * integrity anchor on schedule when INTEGRITY_ANCHOR_DIR is set.
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private watch: NodeJS.Timeout | null = null;
  private anchors: AnchorSchedule | null = null;
  private legacySealing: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly notifications: EventNotifications,
    private readonly runner: ProjectionRunner,
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly store: EventStore,
    private readonly protector: PersonalDataProtector,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUN_BACKGROUND_WORK) private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap() {
    await this.notifications.start();
    if (!this.enabled) return;
    this.runner.start();
    this.watch = setInterval(() => void this.warnWhileDegraded(), DEGRADED_WARNING_MS);
    this.watch.unref();
    this.anchors = this.anchorSchedule();
    this.anchors?.start();
    this.legacySealing = this.sealLegacyFreeText();
  }

  /** Resolves when the start's resealing has ended (at once where background work is off). */
  legacySealed(): Promise<void> {
    return this.legacySealing;
  }

  async beforeApplicationShutdown() {
    this.stopping = true;
    if (this.watch) clearInterval(this.watch);
    await this.anchors?.stop();
    await this.legacySealing;
    await this.runner.stop();
    await this.notifications.stop();
  }

  private anchorSchedule(): AnchorSchedule | null {
    const { INTEGRITY_ANCHOR_DIR: dir, INTEGRITY_SIGNING_KEY: key } = this.config;
    if (!dir) return null;
    // loadConfig refuses this combination; a config made some other way must not pass silently.
    if (!key) throw new Error('INTEGRITY_ANCHOR_DIR is set but INTEGRITY_SIGNING_KEY is not');
    const everyMs = this.config.INTEGRITY_ANCHOR_EVERY_MINUTES * 60_000;
    const options = { dir, everyMs, keep: this.config.INTEGRITY_ANCHOR_KEEP };
    return new AnchorSchedule(this.db, signingKeyFrom(key), options, this.logger);
  }

  private async warnWhileDegraded(): Promise<void> {
    const limits = {
      lagSeconds: this.config.HEALTH_LAG_SECONDS,
      transactionSeconds: this.config.HEALTH_TRANSACTION_SECONDS,
    };
    const reasons = await degradations(this.db, this.runner, limits).catch(() => []);
    if (reasons.length > 0) this.logger.warn({ degraded: reasons }, 'huquq is degraded');
  }

  private async sealLegacyFreeText(): Promise<void> {
    try {
      const result = await sealLegacyFreeText({
        db: this.db,
        store: this.store,
        protector: this.protector,
        runner: this.runner,
        shouldStop: () => this.stopping,
      });
      if (result.alreadyRunning) {
        this.logger.info('legacy free text: another process is resealing it');
      } else if (
        result.events > 0 ||
        result.rebuilt.length > 0 ||
        result.skipped.length > 0 ||
        result.interrupted
      ) {
        // Counts only: never a value, and no stream ids in the service's log.
        this.logger.info({ sealLegacy: countsOf(result) }, 'legacy free text resealed');
      }
    } catch (error) {
      this.logger.error(
        { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
        'resealing legacy free text failed; it is tried again at the next start (or: npm run cli -- privacy:seal-legacy)',
      );
    }
  }
}

@Global()
@Module({})
export class BackgroundModule {
  static forRoot(options: { runBackgroundWork: boolean }): DynamicModule {
    return {
      module: BackgroundModule,
      // Follow-up jobs run where projections run: never in an API started with WORKER_EMBEDDED=false.
      imports: [
        FollowUpJobsModule.forRoot({ runJobs: options.runBackgroundWork }),
        NotificationDeliveryModule.forRoot({ runDeliveries: options.runBackgroundWork }),
      ],
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
                logger.error({ projection, err: loggableError(error, false) }, 'projection failed'),
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
            new CommandHandler(tenants, store, protector, runner.inlineProjections, config.BLIND_INDEX_KEY!, {
              maxInFlight: config.GROUP_COMMIT_IN_FLIGHT,
            }),
        },
        BackgroundWork,
        // Claiming a task on an unassigned case gives the lawyer the case (follow-ups ask, cases decide).
        { provide: CaseTakeover, useClass: TakeCaseWithTask },
      ],
      exports: [EventStore, EventNotifications, ProjectionRunner, CommandHandler, CaseTakeover],
    };
  }
}

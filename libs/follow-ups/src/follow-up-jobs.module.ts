import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { CommandHandler, EventStore, ProjectionRunner } from '@huquq/event-store';
import { AppConfig, ConfigError, Database, LOGGER } from '@huquq/platform';
import { FollowUpDispatchProjection } from './dispatch/follow-up-dispatch.projection';
import { FollowUpDispatcher } from './dispatch/follow-up-dispatcher';
import { closeQuietly } from './jobs/close-quietly';
import { FollowUpJobRunner } from './jobs/follow-up-job-runner';
import { createFollowUpQueue, FollowUpQueue } from './jobs/follow-up-queue';
import { FollowUpWorker } from './jobs/follow-up-worker';
import { FollowUpsHealth } from './operations/follow-ups-health';
import { FollowUpRulebook, loadInstallationRules } from './rules/rulebook';
import { loadProductionCalendar } from './rules/production-calendar-file';

export const FOLLOW_UP_QUEUE_TOKEN = Symbol('FOLLOW_UP_QUEUE');
const RUN_FOLLOW_UP_JOBS = Symbol('RUN_FOLLOW_UP_JOBS');

/** Redis stays out of the hot path: a look every quarter second, woken on reconnect. */
const DISPATCH_POLL_MS = 250;
const RECONCILE_INTERVAL_MS = 10 * 60 * 1000;
const SHUTDOWN_GRACE_MS = 20000;

/** Starts dispatching and working jobs where background work runs; stops them before the connections close. */
@Injectable()
class FollowUpJobsLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(RUN_FOLLOW_UP_JOBS) private readonly enabled: boolean,
    private readonly dispatcher: FollowUpDispatcher,
    private readonly worker: FollowUpWorker,
    @Inject(FOLLOW_UP_QUEUE_TOKEN) private readonly queue: FollowUpQueue,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly projections: ProjectionRunner,
    private readonly jobs: FollowUpJobRunner,
    private readonly config: AppConfig,
  ) {}

  /** Where jobs run, the dispatcher may plan first follow-ups itself (decision 0141). */
  onModuleInit() {
    if (!this.enabled || !this.config.FOLLOW_UP_PLAN_INLINE) return;
    for (const projection of this.projections.projections) {
      if (projection instanceof FollowUpDispatchProjection) projection.planWith(this.jobs);
    }
  }

  onApplicationBootstrap() {
    if (!this.enabled) return;
    this.worker.start();
    this.dispatcher.start();
  }

  async beforeApplicationShutdown() {
    await this.dispatcher.stop();
    await this.worker.stop();
    await closeQuietly(this.queue).catch(() => undefined);
    if (this.enabled) this.logger.info('follow-up jobs stopped: running jobs finished or handed back');
  }
}

/**
 * Follow-up jobs through BullMQ: the queue (everywhere: Bull Board and /health read it), and the
 * dispatcher and worker (only where background work runs, so an API started with
 * WORKER_EMBEDDED=false never takes a job). Expects EventStore and CommandHandler (the one write
 * path, whose inline projections include WorkQueueProjection) from the background module.
 */
@Module({})
export class FollowUpJobsModule {
  static forRoot(options: { runJobs: boolean }): DynamicModule {
    return {
      module: FollowUpJobsModule,
      global: true,
      providers: [
        { provide: RUN_FOLLOW_UP_JOBS, useValue: options.runJobs },
        {
          provide: FollowUpRulebook,
          inject: [EventStore, AppConfig],
          useFactory: (store: EventStore, config: AppConfig) => {
            if (config.NODE_ENV === 'production' && config.FOLLOW_UP_TIME_SCALE !== 1) {
              throw new ConfigError(
                'Invalid configuration:\n  FOLLOW_UP_TIME_SCALE: must be 1 in production (legal deadlines depend on it)',
              );
            }
            return new FollowUpRulebook(
              store,
              loadInstallationRules(config.FOLLOW_UP_RULES_FILE),
              loadProductionCalendar(config.PRODUCTION_CALENDAR_FILE),
            );
          },
        },
        {
          provide: FOLLOW_UP_QUEUE_TOKEN,
          inject: [AppConfig],
          useFactory: (config: AppConfig) =>
            createFollowUpQueue({
              redisUrl: config.REDIS_URL,
              prefix: config.QUEUE_PREFIX,
              attempts: config.FOLLOW_UP_JOB_ATTEMPTS,
              retryDelayMs: config.FOLLOW_UP_RETRY_DELAY_MS,
            }),
        },
        {
          provide: FollowUpJobRunner,
          inject: [Database, EventStore, CommandHandler, FollowUpRulebook, AppConfig],
          useFactory: (
            db: Database,
            store: EventStore,
            commands: CommandHandler,
            rulebook: FollowUpRulebook,
            config: AppConfig,
          ) => new FollowUpJobRunner(db, store, commands, rulebook, config.FOLLOW_UP_TIME_SCALE),
        },
        {
          provide: FollowUpDispatcher,
          inject: [Database, FOLLOW_UP_QUEUE_TOKEN, AppConfig, LOGGER],
          useFactory: (db: Database, queue: FollowUpQueue, config: AppConfig, logger: Logger) =>
            new FollowUpDispatcher(
              db,
              queue,
              {
                prefix: config.QUEUE_PREFIX,
                redisUrl: config.REDIS_URL,
                pollIntervalMs: DISPATCH_POLL_MS,
                reconcileIntervalMs: RECONCILE_INTERVAL_MS,
                batchSize: 500,
              },
              logger,
            ),
        },
        {
          provide: FollowUpWorker,
          inject: [FollowUpJobRunner, Database, AppConfig, LOGGER],
          useFactory: (runner: FollowUpJobRunner, db: Database, config: AppConfig, logger: Logger) =>
            new FollowUpWorker(
              runner,
              db,
              {
                redisUrl: config.REDIS_URL,
                prefix: config.QUEUE_PREFIX,
                concurrency: config.FOLLOW_UP_CONCURRENCY,
                lockDurationMs: config.FOLLOW_UP_JOB_LOCK_MS,
                shutdownGraceMs: SHUTDOWN_GRACE_MS,
              },
              logger,
            ),
        },
        {
          provide: FollowUpsHealth,
          inject: [Database, FOLLOW_UP_QUEUE_TOKEN, FollowUpDispatcher, FollowUpWorker],
          useFactory: (
            db: Database,
            queue: FollowUpQueue,
            dispatcher: FollowUpDispatcher,
            worker: FollowUpWorker,
          ) => new FollowUpsHealth(db, queue, dispatcher, worker),
        },
        FollowUpJobsLifecycle,
      ],
      exports: [
        FOLLOW_UP_QUEUE_TOKEN,
        FollowUpRulebook,
        FollowUpJobRunner,
        FollowUpDispatcher,
        FollowUpsHealth,
      ],
    };
  }
}

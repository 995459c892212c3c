import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { Database, loggableError } from '@huquq/platform';
import { FollowUpQueue, redisOptionsFrom } from '../jobs/follow-up-queue';
import { adoptEpoch, claimReconciliation, jobsToEnqueue, markEnqueued } from './job-ledger';

export interface DispatcherSettings {
  redisUrl: string;
  prefix: string;
  /** How often it looks for jobs to enqueue when nothing wakes it. */
  pollIntervalMs: number;
  /** How often everything not done is offered to Redis again. */
  reconcileIntervalMs: number;
  batchSize: number;
}

/**
 * Moves jobs from the ledger (PostgreSQL) to BullMQ, and notices when Redis forgot them.
 *
 * Redis holds a random "epoch" key. When the key is missing, Redis was emptied (restarted
 * without persistence, flushed, replaced): the dispatcher sets a new one, and the ledger, which
 * remembers under which epoch each job was enqueued, hands every job not done back for
 * enqueueing. Job ids are deterministic, so enqueueing a job Redis still holds is a no-op, and
 * running one twice changes nothing (the worker checks the ledger).
 */
export class FollowUpDispatcher {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private nudged = false;
  private epoch: string | null = null;
  private lastEnqueueAt: Date | null = null;
  private reconcileCheckedAt = 0;
  /** Its own connection for the epoch key; fails fast while Redis is away. */
  private redis: Redis | null = null;

  constructor(
    private readonly db: Database,
    private readonly queue: FollowUpQueue,
    private readonly settings: DispatcherSettings,
    private readonly logger?: Logger,
  ) {}

  get epochKey(): string {
    return `${this.settings.prefix}:follow-ups:redis-epoch`;
  }

  get status() {
    return { running: this.running, lastEnqueueAt: this.lastEnqueueAt?.toISOString() ?? null };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp();
    await this.loop;
    this.loop = null;
    this.redis?.disconnect();
    this.redis = null;
  }

  /** Look now rather than at the next poll. */
  nudge(): void {
    this.wakeUp();
  }

  /**
   * One pass: check Redis's epoch, then enqueue what is due for enqueueing. Returns how many
   * jobs it enqueued. For the loop, and for tests and tools.
   */
  async pass(): Promise<number> {
    const epoch = await this.currentEpoch();
    // Looked at once a minute at most: the shared row decides which dispatcher does it.
    if (Date.now() - this.reconcileCheckedAt >= Math.min(60_000, this.settings.reconcileIntervalMs)) {
      this.reconcileCheckedAt = Date.now();
      if (await claimReconciliation(this.db, this.settings.reconcileIntervalMs)) {
        this.logger?.debug('follow-up jobs offered to Redis again (periodic reconciliation)');
      }
    }
    let total = 0;
    for (;;) {
      const jobs = await jobsToEnqueue(this.db, this.settings.batchSize);
      if (jobs.length === 0) return total;
      const now = Date.now();
      await this.queue.addBulk(
        jobs.map((job) => ({
          name: job.kind,
          data: { jobId: job.jobId },
          opts: { jobId: job.jobId, delay: Math.max(0, job.runAt.getTime() - now) },
        })),
      );
      // Not marked when the epoch moved meanwhile: the next pass enqueues them into the new Redis.
      const marked = await markEnqueued(
        this.db,
        jobs.map((job) => job.jobId),
        epoch,
      );
      if (!marked) return total;
      total += jobs.length;
      this.lastEnqueueAt = new Date();
      if (jobs.length < this.settings.batchSize) return total;
    }
  }

  private connection(): Redis {
    if (!this.redis) {
      this.redis = new Redis({
        ...redisOptionsFrom(this.settings.redisUrl),
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        retryStrategy: (times) => Math.min(times * 100, 1000),
      });
      this.redis.on('error', () => undefined);
      // Back from an outage (maybe a Redis restarted empty): look at once, not at the next poll.
      this.redis.on('ready', () => this.nudge());
    }
    return this.redis;
  }

  private async currentEpoch(): Promise<string> {
    const redis = await ready(this.connection(), 2000);
    let epoch = await redis.get(this.epochKey);
    if (!epoch) {
      // NX: of several dispatchers finding Redis empty, one names the new epoch for all.
      await redis.set(this.epochKey, randomUUID(), 'NX');
      epoch = await redis.get(this.epochKey);
      if (!epoch) throw new Error('Redis lost the follow-up epoch key as soon as it was set');
    }
    if (epoch !== this.epoch) {
      const adopted = await adoptEpoch(this.db, epoch);
      if (adopted.changed && adopted.previous) {
        this.logger?.warn('Redis was emptied or replaced: re-enqueueing every follow-up job not done');
      }
      this.epoch = epoch;
    }
    return epoch;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.pass();
        failures = 0;
        await this.sleep(this.settings.pollIntervalMs);
      } catch (error) {
        failures += 1;
        // Redis or PostgreSQL away: nothing is lost (the ledger keeps every job), try again soon.
        if (failures === 1 || failures % 50 === 0) {
          this.logger?.warn({ err: loggableError(error, false) }, 'follow-up dispatch failed; retrying');
        }
        await this.sleep(Math.min(2000, this.settings.pollIntervalMs * 2 ** Math.min(failures, 5)));
      }
    }
  }

  /** Sleeps unless nudged meanwhile; a nudge during a pass makes the next sleep end at once. */
  private sleep(ms: number): Promise<void> {
    if (this.nudged || !this.running) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        this.nudged = false;
        resolve();
      };
    });
  }

  private wakeUp(): void {
    if (this.wake) this.wake();
    else this.nudged = true;
  }
}

/** The connection once it is ready, or an error after `ms`: a pass must not hang on an outage. */
function ready(redis: Redis, ms: number): Promise<Redis> {
  if (redis.status === 'ready') return Promise.resolve(redis);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error('Redis is not connected'));
    }, ms);
    const onReady = () => {
      clearTimeout(timer);
      resolve(redis);
    };
    redis.once('ready', onReady);
  });
}

import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { Database, loggableError } from '@huquq/platform';
import { FOLLOW_UP_QUEUE, FollowUpJobData } from '../dispatch/follow-up-jobs';
import { markFailed } from '../dispatch/job-ledger';
import { closeQuietly } from './close-quietly';
import { FollowUpJobRunner, JobResult, UnknownFollowUpJob } from './follow-up-job-runner';
import { redisOptionsFrom } from './follow-up-queue';

export interface FollowUpWorkerSettings {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  /**
   * How long a job stays a worker's without the worker renewing its lock. A worker that dies
   * (SIGKILL, power loss) stops renewing; after this long another worker takes the job over.
   */
  lockDurationMs: number;
  /** On shutdown, how long running jobs get to finish before they are handed back. */
  shutdownGraceMs: number;
}

/** The BullMQ consumer: each job it takes is run by FollowUpJobRunner. */
export class FollowUpWorker {
  private worker: Worker<FollowUpJobData, JobResult, string> | null = null;
  private connectionErrors = 0;

  constructor(
    private readonly runner: FollowUpJobRunner,
    private readonly db: Database,
    private readonly settings: FollowUpWorkerSettings,
    private readonly logger?: Logger,
  ) {}

  get isRunning(): boolean {
    return this.worker?.isRunning() ?? false;
  }

  start(): void {
    if (this.worker) return;
    const worker = new Worker<FollowUpJobData, JobResult, string>(
      FOLLOW_UP_QUEUE,
      (job, token) => this.process(job, token),
      {
        // A worker's connection must wait for Redis, not give up on a command.
        connection: { ...redisOptionsFrom(this.settings.redisUrl), maxRetriesPerRequest: null },
        prefix: this.settings.prefix,
        concurrency: this.settings.concurrency,
        lockDuration: this.settings.lockDurationMs,
        stalledInterval: this.settings.lockDurationMs,
        // A job found stalled once is redone; stalling again (it kills its worker?) fails it, visibly.
        maxStalledCount: 1,
      },
    );
    worker.on('failed', (job, error) => void this.failed(job, error));
    worker.on('error', (error) => {
      this.connectionErrors += 1;
      if (this.connectionErrors === 1 || this.connectionErrors % 100 === 0) {
        this.logger?.warn({ err: { message: error?.message } }, 'follow-up worker: Redis error');
      }
    });
    worker.on('ready', () => (this.connectionErrors = 0));
    this.worker = worker;
  }

  /**
   * Lets running jobs finish, up to the grace period; after it, closes anyway: an unfinished
   * job's lock then runs out and another worker redoes it (its effect still happens once).
   */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    let timer: NodeJS.Timeout | undefined;
    const graceful = closeQuietly(worker).then(() => true);
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.settings.shutdownGraceMs);
    });
    const finished = await Promise.race([graceful, timedOut]).catch(() => false);
    clearTimeout(timer);
    if (!finished) {
      this.logger?.warn('follow-up jobs still running at shutdown are handed back to the queue');
      await closeQuietly(worker, () => worker.close(true)).catch(() => undefined);
    }
  }

  private async process(job: Job<FollowUpJobData, JobResult, string>, token?: string): Promise<JobResult> {
    const jobId = job.data?.jobId ?? job.id;
    if (!jobId) throw new UnrecoverableError('A follow-up job without an id');
    let result: JobResult;
    try {
      result = await this.runner.run(jobId);
    } catch (error) {
      if (error instanceof UnknownFollowUpJob) throw new UnrecoverableError(error.message);
      throw error;
    }
    if (result.notBefore) {
      // Run before its time (promoted by hand): it did nothing. Back to the delayed set under the
      // same id until its time, no attempt counted; the ledger still has it not done.
      this.logger?.info(
        { jobId, notBefore: result.notBefore },
        'follow-up job ran before its time: put back until then',
      );
      await job.moveToDelayed(new Date(result.notBefore).getTime(), token);
      throw new DelayedError();
    }
    return result;
  }

  private async failed(
    job: Job<FollowUpJobData, JobResult, string> | undefined,
    error: Error,
  ): Promise<void> {
    if (!job?.id) return;
    // Messages are ours or the driver's, never personal data: payloads hold ids only. The log
    // names a database error by its code alone (its message may quote a value).
    const message = error?.message ?? String(error);
    const final = !!job.finishedOn;
    this.logger?.warn(
      { jobId: job.id, attempt: job.attemptsMade, final, err: loggableError(error, false) },
      final ? 'follow-up job failed for good' : 'follow-up job failed; it will be retried',
    );
    if (final) await markFailed(this.db, job.id, message).catch(() => undefined);
  }
}

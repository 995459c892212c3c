import { Database } from '@huquq/platform';
import { ledgerStatus, LedgerStatus } from '../dispatch/job-ledger';
import type { FollowUpDispatcher } from '../dispatch/follow-up-dispatcher';
import type { FollowUpQueue } from '../jobs/follow-up-queue';
import type { FollowUpWorker } from '../jobs/follow-up-worker';

export interface FollowUpsStatus {
  /** BullMQ's counts; null when Redis does not answer. */
  queue: Record<string, number> | null;
  /** The ledger in PostgreSQL: what is still to do, and what failed for good. */
  ledger: LedgerStatus | null;
  /** Whether this process dispatches and works jobs (the worker, or the API with the worker embedded). */
  dispatcher: { running: boolean; lastEnqueueAt: string | null };
  worker: { running: boolean };
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

/** Queue depths, failed jobs and dispatch state for /health. Ids and counts only. */
export class FollowUpsHealth {
  constructor(
    private readonly db: Database,
    private readonly queue: FollowUpQueue,
    private readonly dispatcher: FollowUpDispatcher,
    private readonly worker: FollowUpWorker,
  ) {}

  /**
   * `redisUp` / `databaseUp`: what the caller already knows; a dependency known to be down is not
   * asked (a BullMQ call waits for its connection, and /health must answer fast).
   */
  async status(
    { redisUp = true, databaseUp = true }: { redisUp?: boolean; databaseUp?: boolean } = {},
    timeoutMs = 1500,
  ): Promise<FollowUpsStatus> {
    const [queue, ledger] = await Promise.all([
      redisUp
        ? within(
            timeoutMs,
            this.queue.getJobCounts(
              'waiting',
              'active',
              'delayed',
              'prioritized',
              'completed',
              'failed',
              'paused',
            ),
          ).catch(() => null)
        : null,
      databaseUp ? within(timeoutMs, ledgerStatus(this.db)).catch(() => null) : null,
    ]);
    return {
      queue,
      ledger,
      dispatcher: this.dispatcher.status,
      worker: { running: this.worker.isRunning },
    };
  }
}

import { Database, Sql } from '@huquq/platform';
import { FollowUpJobPayload, RecordedJob } from './follow-up-jobs';

/**
 * follow_up_jobs: every follow-up job ever dispatched, in PostgreSQL. Redis may forget its
 * queues (it restarts empty on these machines); this table does not, so the dispatcher can
 * enqueue again what is not done, and the worker can refuse to run a done job twice.
 */

/** Transaction-scoped advisory locks of one job run: class id, then hashtext(job id). */
export const JOB_LOCK_CLASS = 7285010;

/** Records the jobs not recorded yet; answers the ids of those it recorded now. */
export async function recordJobs(sql: Sql, jobs: readonly RecordedJob[]): Promise<Set<string>> {
  if (jobs.length === 0) return new Set();
  const { rows } = await sql.query<{ job_id: string }>(
    `INSERT INTO follow_up_jobs (job_id, org_id, kind, payload, run_at, source_position)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::bigint[])
     ON CONFLICT (job_id) DO NOTHING
     RETURNING job_id`,
    [
      jobs.map((job) => job.jobId),
      jobs.map((job) => job.orgId),
      jobs.map((job) => job.payload.kind),
      jobs.map((job) => JSON.stringify(job.payload)),
      jobs.map((job) => job.runAt),
      jobs.map((job) => job.sourcePosition),
    ],
  );
  return new Set(rows.map((row) => row.job_id));
}

export interface JobToEnqueue {
  jobId: string;
  kind: string;
  runAt: Date;
}

/** Jobs not done, not failed, and not in the Redis the dispatcher now talks to. Soonest first. */
export async function jobsToEnqueue(sql: Sql, limit: number): Promise<JobToEnqueue[]> {
  const { rows } = await sql.query<{ job_id: string; kind: string; run_at: Date }>(
    `SELECT job_id, kind, run_at FROM follow_up_jobs
     WHERE done_at IS NULL AND failed_at IS NULL AND enqueued_epoch IS NULL
     ORDER BY run_at LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({ jobId: row.job_id, kind: row.kind, runAt: row.run_at }));
}

/**
 * Marks jobs as in Redis of `epoch`, unless the epoch changed meanwhile. The state row's share
 * lock orders this against the reset in adoptEpoch: a mark made for a Redis that has since been
 * replaced is either cleared by that reset or never written.
 */
export async function markEnqueued(db: Database, jobIds: readonly string[], epoch: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ redis_epoch: string | null }>(
      'SELECT redis_epoch FROM follow_up_dispatch_state WHERE id = 1 FOR SHARE',
    );
    if (rows[0]?.redis_epoch !== epoch) return false;
    await tx.query(
      `UPDATE follow_up_jobs SET enqueued_epoch = $2, enqueued_at = now()
       WHERE job_id = ANY($1::text[]) AND done_at IS NULL`,
      [jobIds, epoch],
    );
    return true;
  });
}

/**
 * Makes `epoch` (a random id kept in Redis) the current one. When it differs from the recorded
 * one, Redis was emptied or replaced since: every job not done counts as not enqueued again.
 */
export async function adoptEpoch(
  db: Database,
  epoch: string,
): Promise<{ changed: boolean; previous: string | null }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ redis_epoch: string | null }>(
      'SELECT redis_epoch FROM follow_up_dispatch_state WHERE id = 1 FOR UPDATE',
    );
    const previous = rows[0]?.redis_epoch ?? null;
    if (previous === epoch) return { changed: false, previous };
    await tx.query(
      `UPDATE follow_up_jobs SET enqueued_epoch = NULL, enqueued_at = NULL
       WHERE done_at IS NULL AND enqueued_epoch IS NOT NULL`,
    );
    await tx.query(
      `UPDATE follow_up_dispatch_state
       SET redis_epoch = $1, epoch_started_at = now(), epochs = epochs + 1 WHERE id = 1`,
      [epoch],
    );
    return { changed: true, previous };
  });
}

/**
 * Every so often, everything not done is offered to Redis again (adding an id it holds is a
 * no-op): covers what no epoch shows, such as a failover to a replica that missed writes.
 * Only one dispatcher of the installation does it per interval.
 */
export async function claimReconciliation(db: Database, intervalMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE follow_up_dispatch_state SET reconciled_at = now()
     WHERE id = 1 AND (reconciled_at IS NULL OR reconciled_at < now() - make_interval(secs => $1::float8 / 1000))`,
    [intervalMs],
  );
  if (!rowCount) return false;
  await db.query(
    `UPDATE follow_up_jobs SET enqueued_epoch = NULL, enqueued_at = NULL
     WHERE done_at IS NULL AND failed_at IS NULL AND enqueued_epoch IS NOT NULL`,
  );
  return true;
}

export interface StartedJob {
  orgId: string;
  payload: FollowUpJobPayload;
  attempts: number;
  doneAt: Date | null;
  outcome: string | null;
}

/** Counts the attempt (it commits on its own, so a crashed attempt still counts). */
export async function startAttempt(sql: Sql, jobId: string): Promise<StartedJob | null> {
  const { rows } = await sql.query<{
    org_id: string;
    payload: FollowUpJobPayload;
    attempts: number;
    done_at: Date | null;
    outcome: string | null;
  }>(
    `UPDATE follow_up_jobs SET attempts = attempts + 1, last_attempt_at = now()
     WHERE job_id = $1 RETURNING org_id, payload, attempts, done_at, outcome`,
    [jobId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    orgId: row.org_id,
    payload: row.payload,
    attempts: row.attempts,
    doneAt: row.done_at,
    outcome: row.outcome,
  };
}

/**
 * Serializes two deliveries of one job (a duplicate, a stalled job handed to another worker)
 * until the transaction ends, then says whether the job is done by now.
 */
export async function lockJob(tx: Sql, jobId: string): Promise<{ done: boolean; outcome: string | null }> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [JOB_LOCK_CLASS, jobId]);
  const { rows } = await tx.query<{ done_at: Date | null; outcome: string | null }>(
    'SELECT done_at, outcome FROM follow_up_jobs WHERE job_id = $1',
    [jobId],
  );
  return { done: !!rows[0]?.done_at, outcome: rows[0]?.outcome ?? null };
}

export async function markDone(tx: Sql, jobId: string, outcome: string): Promise<void> {
  await tx.query(
    `UPDATE follow_up_jobs SET done_at = now(), outcome = $2, failed_at = NULL, last_error = NULL
     WHERE job_id = $1`,
    [jobId, outcome],
  );
}

/** Jobs done where they were recorded (decision 0141): done, each with its outcome, never attempted. */
export async function markManyDone(tx: Sql, done: readonly { jobId: string; outcome: string }[]): Promise<void> {
  if (done.length === 0) return;
  await tx.query(
    `UPDATE follow_up_jobs AS j SET done_at = now(), outcome = d.outcome
     FROM unnest($1::text[], $2::text[]) AS d(job_id, outcome) WHERE j.job_id = d.job_id`,
    [done.map((d) => d.jobId), done.map((d) => d.outcome)],
  );
}

/**
 * The job was run before its time and did nothing: it stays not done (and in Redis, put back
 * until its time by the worker; offered again by the dispatcher should Redis forget it). The
 * outcome says why the last attempt did nothing.
 */
export async function markNotDue(tx: Sql, jobId: string, outcome: string): Promise<void> {
  await tx.query('UPDATE follow_up_jobs SET outcome = $2 WHERE job_id = $1 AND done_at IS NULL', [
    jobId,
    outcome,
  ]);
}

/** The last attempt failed and no retry is left: visible in /health until someone retries it. */
export async function markFailed(sql: Sql, jobId: string, error: string): Promise<void> {
  await sql.query(
    'UPDATE follow_up_jobs SET failed_at = now(), last_error = $2 WHERE job_id = $1 AND done_at IS NULL',
    [jobId, error.slice(0, 500)],
  );
}

export interface LedgerStatus {
  /** Recorded, not done and not failed. */
  outstanding: number;
  /** Outstanding and not (yet) in Redis. */
  notEnqueued: number;
  /** How long the oldest job that should have started already has waited to be enqueued. */
  oldestNotEnqueuedSeconds: number;
  failed: number;
  /** Redis instances seen: each change means Redis was emptied or replaced, and jobs re-enqueued. */
  redisEpochs: number;
}

export async function ledgerStatus(sql: Sql): Promise<LedgerStatus> {
  const { rows } = await sql.query<{
    outstanding: string;
    not_enqueued: string;
    oldest: Date | null;
    failed: string;
    epochs: number | null;
  }>(
    `SELECT
       (SELECT count(*) FROM follow_up_jobs WHERE done_at IS NULL AND failed_at IS NULL) AS outstanding,
       (SELECT count(*) FROM follow_up_jobs
         WHERE done_at IS NULL AND failed_at IS NULL AND enqueued_epoch IS NULL) AS not_enqueued,
       (SELECT min(run_at) FROM follow_up_jobs
         WHERE done_at IS NULL AND failed_at IS NULL AND enqueued_epoch IS NULL AND run_at <= now()) AS oldest,
       (SELECT count(*) FROM follow_up_jobs WHERE failed_at IS NOT NULL AND done_at IS NULL) AS failed,
       (SELECT epochs FROM follow_up_dispatch_state WHERE id = 1) AS epochs`,
  );
  const row = rows[0];
  return {
    outstanding: Number(row.outstanding),
    notEnqueued: Number(row.not_enqueued),
    oldestNotEnqueuedSeconds: row.oldest ? Math.max(0, (Date.now() - row.oldest.getTime()) / 1000) : 0,
    failed: Number(row.failed),
    redisEpochs: row.epochs ?? 0,
  };
}

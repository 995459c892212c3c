import { Client } from 'pg';
import { createFollowUpQueue, FollowUpQueue } from '@huquq/follow-ups/jobs/follow-up-queue';
import { JOB_LOCK_CLASS } from '@huquq/follow-ups/dispatch/job-ledger';
import { appealBody, asOperator, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import {
  ledgerRow,
  planJobIdOf,
  taskCreatedEvents,
  tasksOfCase,
  closeAndForgetQueue,
  until,
} from './support/follow-ups';
import { WorkerProcess } from './support/worker-process';

/**
 * The worker as a process of its own (`npm run start:worker`), killed with SIGKILL in the
 * middle of a job: the job is redone once by the next worker, and its effect happens once.
 */
describe('the worker killed in the middle of a job', () => {
  let t: TestApp;
  let org: TestOrg;
  let queue: FollowUpQueue;
  let blocker: Client;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // The API alone: it must not take a single job.
    t = await startTestApp({
      WORKER_EMBEDDED: 'false',
      FOLLOW_UP_JOB_LOCK_MS: '2000',
    });
    org = await t.createOrg();
    queue = createFollowUpQueue({
      redisUrl: t.config.REDIS_URL,
      prefix: t.config.QUEUE_PREFIX,
      attempts: 1,
      retryDelayMs: 100,
    });
    blocker = new Client({ connectionString: t.config.DATABASE_URL });
    await blocker.connect();
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await blocker?.end().catch(() => undefined);
    await queue?.close();
    if (t) await closeAndForgetQueue(t);
  });

  function startWorker(): WorkerProcess {
    const worker = WorkerProcess.start(t.config);
    workers.push(worker);
    return worker;
  }

  it('redoes the job once, and its task exists once; SIGTERM then stops the worker cleanly', async () => {
    const res = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody())
      .expect(201);
    const caseId = res.body.caseId;
    const jobId = await planJobIdOf(t.db, caseId);
    // The API started with WORKER_EMBEDDED=false neither dispatches nor works a job.
    expect(await ledgerRow(t.db, jobId)).toBeUndefined();
    const health = await t.http.get('/health/details').set(asOperator(t)).expect(200);
    expect(health.body.followUps).toMatchObject({
      dispatcher: { running: false },
      worker: { running: false },
    });

    // Hold the job's lock, so the first worker stops inside the job, after it started it.
    await blocker.query('SELECT pg_advisory_lock($1, hashtext($2))', [JOB_LOCK_CLASS, jobId]);
    const first = startWorker();
    await waitFor(async () => (await ledgerRow(t.db, jobId))?.attempts === 1, {
      timeoutMs: 30000,
      what: `the first worker to start ${jobId}\n${first.output}`,
    });
    await waitFor(async () => (await queue.getJob(jobId))?.getState().then((s) => s === 'active'));
    await waitFor(async () => {
      const { rowCount } = await t.db.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [JOB_LOCK_CLASS],
      );
      return rowCount === 1;
    });

    first.signal('SIGKILL');
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    await blocker.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_CLASS, jobId]);
    expect(await taskCreatedEvents(t.db, caseId)).toHaveLength(0);

    // The next worker finds the job stalled (its lock ran out) and does it again, once.
    const second = startWorker();
    const done = await until(
      async () => {
        const row = await ledgerRow(t.db, jobId);
        return row?.done_at && row;
      },
      { timeoutMs: 30000, what: `the job to be redone\n${second.output}` },
    );
    expect(done).toMatchObject({ attempts: 2, outcome: 'planned 1 task(s), 0 deadline(s)' });
    const job = await until(async () => {
      const found = await queue.getJob(jobId);
      return found?.finishedOn && found;
    });
    expect(job).toMatchObject({ attemptsStarted: 2, stalledCounter: 1 });
    expect(await taskCreatedEvents(t.db, caseId)).toHaveLength(1);
    await waitFor(async () => (await tasksOfCase(t.db, caseId)).length === 1);

    // Graceful shutdown: on SIGTERM running jobs finish (or are handed back) before the
    // connections close; Nest then ends the process with the same signal.
    second.signal('SIGTERM');
    expect(await second.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(second.output).toContain('follow-up jobs stopped');
  });
});

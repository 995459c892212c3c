import { EventStore } from '@huquq/event-store';
import {
  FollowUpDispatchProjection,
  jobsFor,
} from '@huquq/follow-ups/dispatch/follow-up-dispatch.projection';
import { recordJobs } from '@huquq/follow-ups/dispatch/job-ledger';
import { createFollowUpQueue, FollowUpQueue } from '@huquq/follow-ups/jobs/follow-up-queue';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import {
  jobRunnerOn,
  ledgerRow,
  planJobIdOf,
  taskCreatedEvents,
  taskOfCase,
  tasksOfCase,
  closeAndForgetQueue,
  until,
} from './support/follow-ups';

async function logAppeal(t: TestApp, org: TestOrg, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await t.http
    .post('/v1/appeals')
    .set(bearer(org.users.intake.token))
    .send(appealBody(overrides))
    .expect(201);
  return res.body.caseId;
}

describe('a follow-up job delivered more than once has one effect', () => {
  describe('run by hand, with no worker of the app in the way', () => {
    let t: TestApp;
    let org: TestOrg;

    beforeAll(async () => {
      // No background work here: nothing but the test runs jobs.
      t = await startTestApp({ WORKER_EMBEDDED: 'false' });
      org = await t.createOrg();
    });
    afterAll(() => t.close());

    it('delivered three times at once and once more later → one task', async () => {
      const caseId = await logAppeal(t, org, {
        appealType: 'deportation',
        decisionReceivedAt: '2024-03-28T18:00:00+03:00',
      });
      const store = new EventStore(t.db);
      const [appealLogged] = await store.readStream(`case-${caseId}`);
      await recordJobs(t.db, jobsFor(appealLogged));
      const jobId = await planJobIdOf(t.db, caseId);
      const runner = jobRunnerOn(t.db);

      const deliveries = await Promise.all([runner.run(jobId), runner.run(jobId), runner.run(jobId)]);
      expect(deliveries.filter((d) => !d.repeated)).toHaveLength(1);
      expect(deliveries.map((d) => d.outcome)).toEqual(Array(3).fill('planned 1 task(s), 1 deadline(s)'));
      expect(await runner.run(jobId)).toMatchObject({ repeated: true });

      expect(await taskCreatedEvents(t.db, caseId)).toHaveLength(1);
      const deadlines = await t.db.query(
        `SELECT 1 FROM events WHERE type = 'legal-deadline-set' AND data->>'caseId' = $1`,
        [caseId],
      );
      expect(deadlines.rowCount).toBe(1);
      expect(await ledgerRow(t.db, jobId)).toMatchObject({ attempts: 4, done_at: expect.any(Date) });
    });

    it('records no job for appeals logged before follow-ups were installed, not even in a rebuild', async () => {
      const store = new EventStore(t.db);
      const [old] = await store.readStream(`case-${await logAppeal(t, org)}`);
      // As the migration does on an installation with history: the log up to here is history.
      await t.db.query(
        'UPDATE follow_up_dispatch_state SET history_until_txid = $1::xid8, history_until_position = $2',
        [old.transactionId, old.globalPosition],
      );
      const [fresh] = await store.readStream(`case-${await logAppeal(t, org)}`);
      await new FollowUpDispatchProjection().apply(t.db, [old, fresh]);
      expect(await ledgerRow(t.db, `plan.${old.eventId}`)).toBeUndefined();
      expect(await ledgerRow(t.db, `plan.${fresh.eventId}`)).toMatchObject({ kind: 'plan', done_at: null });
    });

    it('refuses a job the ledger does not know, without retrying it', async () => {
      const runner = jobRunnerOn(t.db);
      await expect(runner.run('plan.00000000-0000-4000-8000-000000000000')).rejects.toThrow(
        /No follow-up job/,
      );
    });
  });

  describe('through BullMQ and the app’s worker', () => {
    let t: TestApp;
    let org: TestOrg;
    let queue: FollowUpQueue;

    beforeAll(async () => {
      t = await startTestApp();
      org = await t.createOrg();
      queue = createFollowUpQueue({
        redisUrl: t.config.REDIS_URL,
        prefix: t.config.QUEUE_PREFIX,
        attempts: 1,
        retryDelayMs: 100,
      });
    });
    afterAll(async () => {
      await queue.close();
      await closeAndForgetQueue(t);
    });

    it('re-enqueued under the same id after completion (Redis forgot it) → still one task', async () => {
      const caseId = await logAppeal(t, org);
      await taskOfCase(t, caseId, 'contact_detainee');
      const jobId = await planJobIdOf(t.db, caseId);
      const first = await until(async () => {
        const job = await queue.getJob(jobId);
        return job?.finishedOn && job;
      });
      expect(first.returnvalue).toMatchObject({ repeated: false });

      // While BullMQ still holds the completed job, adding it again is refused by BullMQ itself.
      await queue.add('plan', { jobId }, { jobId });
      // Once it forgot it, the job runs again, and the ledger turns it into a no-op.
      await first.remove();
      await queue.add('plan', { jobId }, { jobId });
      const again = await until(async () => {
        const job = await queue.getJob(jobId);
        return job?.finishedOn && job;
      });
      expect(again.returnvalue).toMatchObject({ repeated: true });
      expect(await ledgerRow(t.db, jobId)).toMatchObject({ attempts: 2 });
      expect(await taskCreatedEvents(t.db, caseId)).toHaveLength(1);
      expect(await tasksOfCase(t.db, caseId)).toHaveLength(1);
    });
  });
});

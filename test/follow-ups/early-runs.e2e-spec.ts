import { EventStore } from '@huquq/event-store';
import { jobsFor } from '@huquq/follow-ups/dispatch/follow-up-dispatch.projection';
import { recordJobs } from '@huquq/follow-ups/dispatch/job-ledger';
import { createFollowUpQueue, FollowUpQueue } from '@huquq/follow-ups/jobs/follow-up-queue';
import { appealBody, asOperator, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import {
  closeAndForgetQueue,
  jobRunnerOn,
  ledgerRow,
  planJobIdOf,
  securityEvents,
  taskOfCase,
  tasksOfCase,
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

async function eventsOfType(t: TestApp, streamId: string, type: string) {
  const { rows } = await t.db.query<{ data: Record<string, any> }>(
    'SELECT data FROM events WHERE stream_id = $1 AND type = $2 ORDER BY stream_version',
    [streamId, type],
  );
  return rows;
}

/**
 * Escalations and reminders act at their time, whenever they are run: a job promoted by an
 * operator (or run early for any reason) does nothing, stays not done, and does its work once,
 * at its time.
 */
describe('a follow-up job run before its time', () => {
  describe('run by hand, with a clock of the test', () => {
    let t: TestApp;
    let org: TestOrg;
    let store: EventStore;

    beforeAll(async () => {
      // No background work: nothing but the test runs jobs.
      t = await startTestApp({ WORKER_EMBEDDED: 'false' });
      org = await t.createOrg();
      store = new EventStore(t.db);
    });
    afterAll(() => t.close());

    /** Plans the appeal's follow-ups (as the worker would) and records the jobs they call for. */
    async function planned(caseId: string) {
      const [appealLogged] = await store.readStream(`case-${caseId}`);
      await recordJobs(t.db, jobsFor(appealLogged));
      await jobRunnerOn(t.db).run(await planJobIdOf(t.db, caseId));
      const { rows } = await t.db.query<{ stream_id: string }>(
        `SELECT stream_id FROM events WHERE data->>'caseId' = $1
           AND type IN ('task-created', 'legal-deadline-set') ORDER BY global_position`,
        [caseId],
      );
      const streams = await Promise.all(rows.map((row) => store.readStream(row.stream_id)));
      for (const [event] of streams) await recordJobs(t.db, jobsFor(event));
      return streams.map(([event]) => event);
    }

    it('escalates nothing before the escalation time, and once at it', async () => {
      const caseId = await logAppeal(t, org);
      const [taskCreated] = await planned(caseId);
      const task = taskCreated.data as { taskId: string; escalateAt: string };
      const jobId = `escalate.${task.taskId}`;
      const escalateAt = new Date(task.escalateAt);
      expect(escalateAt.getTime()).toBeGreaterThan(Date.now() + 2 * 3600_000);

      // Promoted three hours early, and again a millisecond before its time: nothing.
      for (const at of [new Date(), new Date(escalateAt.getTime() - 1)]) {
        expect(await jobRunnerOn(t.db, 1, () => at).run(jobId)).toEqual({
          jobId,
          outcome: 'skipped: not_due',
          repeated: false,
          notBefore: task.escalateAt,
        });
      }
      expect(await eventsOfType(t, `task-${task.taskId}`, 'task-escalated')).toEqual([]);
      expect(await ledgerRow(t.db, jobId)).toMatchObject({ done_at: null, outcome: 'skipped: not_due' });

      // At its time it escalates, once; run again, nothing more.
      const onTime = jobRunnerOn(t.db, 1, () => escalateAt);
      expect(await onTime.run(jobId)).toEqual({
        jobId,
        outcome: 'escalated: not_done_in_time',
        repeated: false,
      });
      expect(await onTime.run(jobId)).toMatchObject({
        outcome: 'escalated: not_done_in_time',
        repeated: true,
      });
      const escalated = await eventsOfType(t, `task-${task.taskId}`, 'task-escalated');
      expect(escalated).toHaveLength(1);
      expect(escalated[0].data.escalatedAt).toBe(task.escalateAt);
      expect(await ledgerRow(t.db, jobId)).toMatchObject({ done_at: expect.any(Date), attempts: 4 });
    });

    it('decides nothing early about a closed case (it may reopen); at its time a closed case is skipped', async () => {
      const caseId = await logAppeal(t, org);
      const [taskCreated] = await planned(caseId);
      const task = taskCreated.data as { taskId: string; escalateAt: string };
      const jobId = `escalate.${task.taskId}`;
      await t.http
        .post(`/v1/cases/${caseId}/close`)
        .set(bearer(org.users.coordinator.token))
        .send({ outcome: 'released', expectedVersion: 1 })
        .expect(200);
      expect(await jobRunnerOn(t.db).run(jobId)).toMatchObject({ outcome: 'skipped: not_due' });
      expect(await ledgerRow(t.db, jobId)).toMatchObject({ done_at: null });
      const onTime = jobRunnerOn(t.db, 1, () => new Date(task.escalateAt));
      expect(await onTime.run(jobId)).toMatchObject({ outcome: 'skipped: case_closed', repeated: false });
      expect(await ledgerRow(t.db, jobId)).toMatchObject({ done_at: expect.any(Date) });
      expect(await eventsOfType(t, `task-${task.taskId}`, 'task-escalated')).toEqual([]);
    });

    it('reminds of nothing before the reminder time, and once at it', async () => {
      const caseId = await logAppeal(t, org, {
        appealType: 'deportation',
        decisionReceivedAt: new Date().toISOString(),
      });
      const events = await planned(caseId);
      const deadline = events.find((e) => e.type === 'legal-deadline-set')!.data as {
        deadlineId: string;
        reminders: { before: string; at: string }[];
      };
      const first = deadline.reminders[0];
      const jobId = `remind.${deadline.deadlineId}.${first.before}`;
      const stream = `legal-deadline-${deadline.deadlineId}`;

      expect(await jobRunnerOn(t.db).run(jobId)).toEqual({
        jobId,
        outcome: 'skipped: not_due',
        repeated: false,
        notBefore: first.at,
      });
      expect(await eventsOfType(t, stream, 'deadline-reminder-due')).toEqual([]);
      expect(await ledgerRow(t.db, jobId)).toMatchObject({ done_at: null, outcome: 'skipped: not_due' });

      const onTime = jobRunnerOn(t.db, 1, () => new Date(first.at));
      expect(await onTime.run(jobId)).toEqual({
        jobId,
        outcome: `reminded: ${first.before} before`,
        repeated: false,
      });
      expect(await onTime.run(jobId)).toMatchObject({ repeated: true });
      const reminded = await eventsOfType(t, stream, 'deadline-reminder-due');
      expect(reminded.map((e) => e.data.before)).toEqual([first.before]);
    });
  });

  describe('promoted in Bull Board by an operator (OPERATOR_WRITE=true), with the app’s worker', () => {
    /** An hour is 3.6 s: the detention's escalation is 10.8 s after the appeal. */
    const SCALE = 0.001;
    let t: TestApp;
    let org: TestOrg;
    let queue: FollowUpQueue;

    beforeAll(async () => {
      t = await startTestApp({ FOLLOW_UP_TIME_SCALE: String(SCALE), OPERATOR_WRITE: 'true' });
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

    /** The detention's first task, its escalation job delayed in BullMQ, well before its time. */
    async function delayedEscalation() {
      const caseId = await logAppeal(t, org);
      const task = await taskOfCase(t, caseId, 'contact_detainee');
      const jobId = `escalate.${task.task_id}`;
      const path = `/admin/queues/api/queues/follow-ups/${jobId}`;
      const state = async () => (await queue.getJob(jobId))?.getState();
      await until(async () => (await state()) === 'delayed', { what: `${jobId} delayed` });
      const { rows } = await t.db.query<{ escalate_at: string }>(
        `SELECT data->>'escalateAt' AS escalate_at FROM events WHERE stream_id = $1 AND type = 'task-created'`,
        [`task-${task.task_id}`],
      );
      const escalateAt = new Date(rows[0].escalate_at);
      // Enough time left for the test to mean "early".
      expect(escalateAt.getTime() - Date.now()).toBeGreaterThan(5000);
      return { caseId, taskId: task.task_id, jobId, path, state, escalateAt };
    }

    /** Promoted early by `promote`: nothing then, back in the delayed set; once at its time. */
    async function promotedEarly(promote: (job: { jobId: string; path: string }) => Promise<void>) {
      const { caseId, taskId, jobId, path, state, escalateAt } = await delayedEscalation();

      await promote({ jobId, path });
      // It ran at once, did nothing, and is back in the delayed set until its time.
      const early = await until(async () => {
        const row = await ledgerRow(t.db, jobId);
        return row?.outcome && row;
      });
      expect(early).toMatchObject({ done_at: null, outcome: 'skipped: not_due', attempts: 1 });
      expect(Date.now()).toBeLessThan(escalateAt.getTime());
      await until(async () => (await state()) === 'delayed', { what: `${jobId} delayed again` });
      expect(await eventsOfType(t, `task-${taskId}`, 'task-escalated')).toEqual([]);
      expect((await tasksOfCase(t.db, caseId)).map((x) => [x.kind, x.escalated_at])).toEqual([
        ['contact_detainee', null],
      ]);

      // At its time, once.
      const done = await until(
        async () => {
          const row = await ledgerRow(t.db, jobId);
          return row?.done_at && row;
        },
        { timeoutMs: 30000, what: `${jobId} done at its time` },
      );
      expect(done).toMatchObject({ outcome: 'escalated: not_done_in_time', attempts: 2 });
      const escalated = await eventsOfType(t, `task-${taskId}`, 'task-escalated');
      expect(escalated).toHaveLength(1);
      expect(new Date(escalated[0].data.escalatedAt).getTime()).toBeGreaterThanOrEqual(escalateAt.getTime());
      expect(await state()).toBe('completed');
      return { jobId };
    }

    it('escalates nothing when an operator promotes it early in Bull Board, then once at the escalation time', async () => {
      const { jobId } = await promotedEarly(async ({ path }) => {
        await t.http.put(`${path}/promote`).set(asOperator(t)).expect(204);
      });
      // The operator's change is a security event, with the job's id and nothing of its data.
      expect(securityEvents(t)).toContainEqual(
        expect.objectContaining({ allowed: true, action: 'promote', jobId, status: 204 }),
      );
    });

    it('escalates nothing when promoted early by any BullMQ client, then once at the escalation time', async () => {
      await promotedEarly(async ({ jobId }) => {
        await (await queue.getJob(jobId))!.promote();
      });
    });

    it('still escalates at its time when Redis forgets the job after an early run: the ledger has it not done', async () => {
      const { taskId, jobId, state, escalateAt } = await delayedEscalation();
      await (await queue.getJob(jobId))!.promote();
      await until(async () => (await ledgerRow(t.db, jobId))?.outcome === 'skipped: not_due');
      await until(async () => (await state()) === 'delayed');

      // Redis loses the job (and its epoch, as after a restart): only the ledger remembers it.
      await (await queue.getJob(jobId))!.remove();
      const redis = await queue.client;
      await redis.del(`${t.config.QUEUE_PREFIX}:follow-ups:redis-epoch`);

      await until(async () => (await queue.getJob(jobId)) && (await state()) === 'delayed', {
        what: `${jobId} offered again by the dispatcher`,
      });
      const done = await until(
        async () => {
          const row = await ledgerRow(t.db, jobId);
          return row?.done_at && row;
        },
        { timeoutMs: 30000, what: `${jobId} done at its time` },
      );
      expect(done.outcome).toBe('escalated: not_done_in_time');
      const escalated = await eventsOfType(t, `task-${taskId}`, 'task-escalated');
      expect(escalated).toHaveLength(1);
      expect(new Date(escalated[0].data.escalatedAt).getTime()).toBeGreaterThanOrEqual(escalateAt.getTime());
    });
  });
});

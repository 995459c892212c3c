import { createFollowUpQueue, FollowUpQueue } from '@huquq/follow-ups/jobs/follow-up-queue';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import {
  closeAndForgetQueue,
  ledgerRow,
  planJobIdOf,
  taskCreatedEvents,
  taskOfCase,
  tasksOfCase,
} from './support/follow-ups';

/**
 * FOLLOW_UP_PLAN_INLINE (decision 0141): the dispatcher plans a new appeal's first follow-ups in
 * the transaction that records the plan job — one task, the job done, nothing sent to BullMQ —
 * and a repeat delivery of that job through the queue still changes nothing.
 */
describe('first follow-ups planned by the dispatcher', () => {
  let t: TestApp;
  let org: TestOrg;
  let queue: FollowUpQueue;

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_PLAN_INLINE: 'true' });
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

  const logAppeal = async (overrides: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/v1/appeals')
        .set(bearer(org.users.intake.token))
        .send(appealBody(overrides))
        .expect(201)
    ).body.caseId as string;

  it('plans the first task with no job in the queue, and marks the job done', async () => {
    const caseId = await logAppeal();
    await taskOfCase(t, caseId, 'contact_detainee');
    const jobId = await planJobIdOf(t.db, caseId);
    expect(await ledgerRow(t.db, jobId)).toMatchObject({
      attempts: 0,
      done_at: expect.any(Date),
      outcome: 'planned 1 task(s), 0 deadline(s)',
    });
    expect(await queue.getJob(jobId)).toBeUndefined();
    const [created] = await taskCreatedEvents(t.db, caseId);
    // Stamped as the job would stamp it: by the system, for that job, caused by the appeal.
    const { rows } = await t.db.query<{ metadata: Record<string, unknown> }>(
      `SELECT metadata FROM events WHERE type = 'task-created' AND data->>'caseId' = $1`,
      [caseId],
    );
    expect(created).toBeDefined();
    expect(rows[0].metadata).toMatchObject({ system: 'follow-ups', jobId });
  });

  it('plans an expulsion ruling’s task and legal deadline in one go', async () => {
    const caseId = await logAppeal({
      appealType: 'expulsion_order',
      decisionReceivedAt: '2024-03-29T15:00:00+03:00',
    });
    const jobId = await planJobIdOf(t.db, caseId);
    await taskOfCase(t, caseId, 'file_appeal');
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = 'legal-deadline-set' AND metadata->>'jobId' = $1`,
      [jobId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('a delivery of the same job through the queue afterwards changes nothing', async () => {
    const caseId = await logAppeal();
    await taskOfCase(t, caseId, 'contact_detainee');
    const jobId = await planJobIdOf(t.db, caseId);
    await queue.add('plan', { jobId }, { jobId });
    const finished = await waitFor(async () => (await queue.getJob(jobId))?.finishedOn, {
      what: 'the queued plan job to finish',
    });
    expect(finished).toBeDefined();
    expect((await queue.getJob(jobId))?.returnvalue).toMatchObject({ repeated: true });
    expect(await taskCreatedEvents(t.db, caseId)).toHaveLength(1);
    expect(await tasksOfCase(t.db, caseId)).toHaveLength(1);
  });
});

import { randomUUID } from 'node:crypto';
import { recordJobs } from '@huquq/follow-ups/dispatch/job-ledger';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { ledgerRow, taskOfCase, closeAndForgetQueue, until } from './support/follow-ups';

describe('operating the follow-up queue', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_JOB_ATTEMPTS: '3', FOLLOW_UP_RETRY_DELAY_MS: '20' });
    org = await t.createOrg();
  });
  afterAll(() => closeAndForgetQueue(t));

  it('shows Bull Board at /admin/queues to admins only', async () => {
    const none = await t.http.get('/admin/queues').expect(401);
    expect(none.body).toEqual({ error: 'unauthenticated', message: expect.any(String), details: [] });
    await t.http.get('/admin/queues').set(bearer('not-a-token')).expect(401);
    await t.http.get('/admin/queues').set(bearer(org.users.lawyer.token)).expect(403);
    await t.http.get('/admin/queues/api/queues').set(bearer(org.users.coordinator.token)).expect(403);
    const page = await t.http.get('/admin/queues').set(bearer(org.users.admin.token)).expect(200);
    expect(page.text).toContain('<html');
    const api = await t.http.get('/admin/queues/api/queues').set(bearer(org.users.admin.token)).expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toEqual(['follow-ups']);
  });

  it('reports queue depths, the ledger and the dispatcher lag in /health', async () => {
    const res = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody())
      .expect(201);
    await taskOfCase(t, res.body.caseId, 'contact_detainee');
    // The escalation three hours out waits as a delayed job.
    const health = await until(async () => {
      const res = await t.http.get('/health').expect(200);
      return res.body.followUps?.queue?.delayed >= 1 && res;
    });
    expect(health.body.followUps).toEqual({
      queue: expect.objectContaining({
        waiting: expect.any(Number),
        delayed: expect.any(Number),
        failed: expect.any(Number),
      }),
      ledger: expect.objectContaining({
        outstanding: expect.any(Number),
        failed: expect.any(Number),
        redisEpochs: 1,
      }),
      dispatcher: { running: true, lastEnqueueAt: expect.any(String) },
      worker: { running: true },
      dispatcherLag: { events: expect.any(Number), seconds: expect.any(Number) },
    });
    expect(health.body.projections.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['follow-up-dispatcher', 'follow-up-work-queues']),
    );
  });

  it('retries a failing job with backoff, then leaves it visibly failed, never silently', async () => {
    const eventId = randomUUID();
    const jobId = `plan.${eventId}`;
    // A job whose event is not in the log: it can only fail.
    await recordJobs(t.db, [
      {
        jobId,
        orgId: org.id,
        payload: { kind: 'plan', streamId: `case-${randomUUID()}`, eventId },
        runAt: new Date(),
        sourcePosition: 0,
      },
    ]);
    const failed = await until(async () => {
      const row = await ledgerRow(t.db, jobId);
      return row?.failed_at && row;
    });
    expect(failed).toMatchObject({
      attempts: 3,
      done_at: null,
      last_error: expect.stringContaining('not in its stream'),
    });
    const health = await t.http.get('/health').expect(200);
    expect(health.body.followUps.ledger.failed).toBe(1);
    expect(health.body.followUps.queue.failed).toBe(1);
    expect(t.logs()).toContain('follow-up job failed for good');
  });
});

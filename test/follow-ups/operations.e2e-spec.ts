import { randomUUID } from 'node:crypto';
import { recordJobs } from '@huquq/follow-ups/dispatch/job-ledger';
import { appealBody, asOperator, basic, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { ledgerRow, taskOfCase, closeAndForgetQueue, securityEvents, until } from './support/follow-ups';

describe('operating the follow-up queue', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_JOB_ATTEMPTS: '3', FOLLOW_UP_RETRY_DELAY_MS: '20' });
    org = await t.createOrg();
  });
  afterAll(() => closeAndForgetQueue(t));

  it('shows Bull Board at /admin/queues to operators only, never to an organization', async () => {
    const none = await t.http.get('/admin/queues').expect(401);
    expect(none.body).toEqual({ error: 'unauthenticated', message: expect.any(String), details: [] });
    expect(none.headers['www-authenticate']).toMatch(/^Basic realm="huquq operators"/);
    await t.http.get('/admin/queues').set(bearer('not-a-token')).expect(401);
    await t.http.get('/admin/queues').set(bearer(org.users.lawyer.token)).expect(401);
    await t.http.get('/admin/queues/api/queues').set(bearer(org.users.admin.token)).expect(401);
    const page = await t.http.get('/admin/queues').set(basic('operator', t.operatorToken!)).expect(200);
    expect(page.text).toContain('<html');
    const api = await t.http.get('/admin/queues/api/queues').set(asOperator(t)).expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toEqual(['follow-ups']);
    // Read-only: the board says so to its page, which then shows no buttons that change a job.
    expect(api.body.queues[0].readOnlyMode).toBe(true);
  });

  it('refuses every change to the queue without OPERATOR_WRITE, and logs the attempt with ids only', async () => {
    const res = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody())
      .expect(201);
    const task = await taskOfCase(t, res.body.caseId, 'contact_detainee');
    const jobId = `escalate.${task.task_id}`;
    const delayed = async () =>
      (await t.http.get(`/admin/queues/api/queues/follow-ups/${jobId}`).set(asOperator(t))).body.status ===
      'delayed';
    await until(delayed);
    const writes: [string, string][] = [
      ['put', `/admin/queues/api/queues/follow-ups/${jobId}/promote`],
      ['put', `/admin/queues/api/queues/follow-ups/${jobId}/clean`],
      ['put', `/admin/queues/api/queues/follow-ups/${jobId}/retry`],
      ['put', '/admin/queues/api/queues/follow-ups/pause'],
      ['put', '/admin/queues/api/queues/pause'],
      ['put', '/admin/queues/api/queues/follow-ups/promote'],
      ['put', '/admin/queues/api/queues/follow-ups/retry/failed'],
      ['put', '/admin/queues/api/queues/follow-ups/clean/delayed'],
      ['put', '/admin/queues/api/queues/follow-ups/empty'],
      ['post', '/admin/queues/api/queues/follow-ups/add'],
      ['patch', `/admin/queues/api/queues/follow-ups/${jobId}/delay`],
    ];
    for (const [method, path] of writes) {
      const request =
        method === 'put' ? t.http.put(path) : method === 'post' ? t.http.post(path) : t.http.patch(path);
      const refused = await request.set(asOperator(t)).send({ name: 'plan', data: { jobId }, delay: 0 });
      expect([method, path, refused.status]).toEqual([method, path, 405]);
    }
    expect(await delayed()).toBe(true);
    expect(await ledgerRow(t.db, jobId)).toMatchObject({ done_at: null, attempts: 0 });
    const queues = await t.http.get('/admin/queues/api/queues').set(asOperator(t)).expect(200);
    expect(queues.body.queues[0].isPaused).toBe(false);
    // Each attempt is a security event: what was tried, on which job, never a job's data.
    const events = securityEvents(t);
    expect(events).toHaveLength(writes.length);
    expect(events[0]).toMatchObject({
      level: 40,
      allowed: false,
      method: 'PUT',
      action: 'promote',
      queue: 'follow-ups',
      jobId,
    });
    expect(events.map((e) => e.action)).toContain('/api/queues/follow-ups/add');
    expect(JSON.stringify(events)).not.toMatch(/"data"|"name":"plan"/);
  });

  it('reports queue depths, the ledger and the dispatcher lag in /health/details, to operators only', async () => {
    const res = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody())
      .expect(201);
    await taskOfCase(t, res.body.caseId, 'contact_detainee');
    // The escalation three hours out waits as a delayed job.
    const health = await until(async () => {
      const res = await t.http.get('/health/details').set(asOperator(t)).expect(200);
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
    // The public health says how it is, not how much there is.
    expect((await t.http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
    await t.http.get('/health/details').set(bearer(org.users.admin.token)).expect(401);
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
    const health = await t.http.get('/health/details').set(asOperator(t)).expect(200);
    expect(health.body.followUps.ledger.failed).toBe(1);
    expect(health.body.followUps.queue.failed).toBe(1);
    expect(t.logs()).toContain('follow-up job failed for good');
  });
});

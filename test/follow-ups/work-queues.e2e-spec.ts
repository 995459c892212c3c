import { openTasksForCase, ruleDeadlinesForCase } from '@huquq/follow-ups/case-follow-ups';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { addUser, taskCreatedEvents, taskOfCase, closeAndForgetQueue, until } from './support/follow-ups';

describe("lawyers' work queues over HTTP", () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  const as = (role: keyof TestOrg['users'], o: TestOrg = org) => bearer(o.users[role].token);

  beforeAll(async () => {
    t = await startTestApp();
    [org, other] = await Promise.all([t.createOrg(), t.createOrg()]);
  });
  afterAll(() => closeAndForgetQueue(t));

  async function logAppeal(o: TestOrg, overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http.post('/v1/appeals').set(as('intake', o)).send(appealBody(overrides)).expect(201);
    return res.body.caseId;
  }

  async function unclaimed(o: TestOrg, role: 'lawyer' | 'coordinator' = 'lawyer', query = '') {
    const res = await t.http.get(`/v1/tasks?assignee=none&status=open${query}`).set(as(role, o)).expect(200);
    return res.body.items as Record<string, any>[];
  }

  it('turns a logged detention into a critical task due within the hour, without touching the case version', async () => {
    const caseId = await logAppeal(org);
    const task = await until(async () => (await unclaimed(org)).find((item) => item.caseId === caseId), {
      what: 'the detention task in the unclaimed queue',
    });
    const logged = await t.db.query(`SELECT data->>'loggedAt' AS at FROM events WHERE stream_id = $1`, [
      `case-${caseId}`,
    ]);
    const loggedAt = logged.rows[0].at;
    expect(task).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        caseId,
        kind: 'contact_detainee',
        priority: 'critical',
        status: 'open',
        queue: 'lawyer',
        assigneeId: null,
        dueAt: new Date(new Date(loggedAt).getTime() + 3600_000).toISOString(),
        basis: expect.stringContaining('KoAP RF art. 27.5'),
      }),
    );
    // Tasks live in streams of their own: the case is still at version 1, and a lawyer's
    // expectedVersion read before the task existed is not stale.
    const view = await t.http.get(`/v1/cases/${caseId}`).set(as('lawyer')).expect(200);
    expect(view.body.version).toBe(1);
    await t.http
      .post(`/v1/cases/${caseId}/assignment`)
      .set(as('coordinator'))
      .send({ lawyerId: org.users.lawyer.id, expectedVersion: 1 })
      .expect(200);
    expect(await openTasksForCase(t.db, org.id, caseId)).toEqual([
      {
        id: task.id,
        caseId,
        caseNumber: expect.stringMatching(/^\d{4}-\d{6}$/),
        appealType: 'detention',
        urgency: 'critical',
        caseStatus: 'new',
        kind: 'contact_detainee',
        priority: 'critical',
        dueAt: task.dueAt,
        status: 'open',
        basis: task.basis,
        confidence: 'confirmed',
        lastChecked: '2026-12-01',
      },
    ]);
    expect(await openTasksForCase(t.db, other.id, caseId)).toEqual([]);
  });

  it('orders the queue by priority, then due time: a critical detention comes before a normal eviction', async () => {
    const fresh = await t.createOrg();
    const normalEviction = await logAppeal(fresh, { appealType: 'eviction', urgency: 'normal' });
    const normalDetention = await logAppeal(fresh, { appealType: 'detention', urgency: 'normal' });
    const highEviction = await logAppeal(fresh, { appealType: 'eviction', urgency: 'high' });
    const criticalDetention = await logAppeal(fresh, { appealType: 'detention', urgency: 'critical' });
    const expected = [criticalDetention, highEviction, normalDetention, normalEviction];
    const items = await until(
      async () => {
        const found = await unclaimed(fresh);
        return found.length === 4 && found;
      },
      { what: 'four tasks' },
    );
    expect(items.map((item) => item.caseId)).toEqual(expected);
    // A high eviction (due in a day) outranks a normal detention (due in an hour): priority first.
    expect(new Date(items[1].dueAt).getTime()).toBeGreaterThan(new Date(items[2].dueAt).getTime());

    // Page by page with the cursor, the same order, nothing repeated.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { caseId: string }[]; nextCursor: string | null } } = await t.http
        .get('/v1/tasks')
        .query({ assignee: 'none', status: 'open', limit: 1, ...(cursor ? { cursor } : {}) })
        .set(as('lawyer', fresh))
        .expect(200);
      paged.push(...res.body.items.map((item) => item.caseId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(expected);

    const bad = await t.http.get('/v1/tasks?cursor=not-a-cursor').set(as('lawyer', fresh)).expect(400);
    expect(bad.body.error).toBe('validation_failed');
    await t.http.get('/v1/tasks?limit=201').set(as('lawyer', fresh)).expect(400);
  });

  it('claims a task for one lawyer; a taken task answers 409 to anyone else', async () => {
    const caseId = await logAppeal(org, { appealType: 'eviction', urgency: 'high' });
    const { task_id: taskId } = await taskOfCase(t, caseId, 'contact_client');
    const second = await addUser(t, org, 'lawyer');

    const claimed = await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer')).expect(200);
    expect(claimed.body).toMatchObject({ id: taskId, assigneeId: org.users.lawyer.id, status: 'open' });
    // Claiming your own task again is harmless.
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer')).expect(200);

    const taken = await t.http.post(`/v1/tasks/${taskId}/claim`).set(bearer(second.token)).expect(409);
    expect(taken.body).toEqual({ error: 'conflict', message: expect.any(String), details: [] });
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('coordinator')).expect(409);

    const mine = await t.http.get('/v1/tasks?assignee=me&status=open').set(as('lawyer')).expect(200);
    expect(mine.body.items.map((item: { id: string }) => item.id)).toContain(taskId);
    expect((await unclaimed(org)).map((item) => item.id)).not.toContain(taskId);
  });

  it('lets two lawyers race for one task: exactly one gets it', async () => {
    const caseId = await logAppeal(org, { appealType: 'other', urgency: 'normal' });
    const { task_id: taskId } = await taskOfCase(t, caseId, 'triage');
    const racers = await Promise.all([
      addUser(t, org, 'lawyer'),
      addUser(t, org, 'lawyer'),
      addUser(t, org, 'lawyer'),
    ]);
    const answers = await Promise.all(
      racers.map((racer) => t.http.post(`/v1/tasks/${taskId}/claim`).set(bearer(racer.token))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const claimedEvents = await t.db.query(
      `SELECT 1 FROM events WHERE stream_id = $1 AND type = 'task-claimed'`,
      [`task-${taskId}`],
    );
    expect(claimedEvents.rowCount).toBe(1);
  });

  it('completes a task; the result is sealed, never stored or logged in plaintext', async () => {
    const caseId = await logAppeal(org, { appealType: 'detention' });
    const { task_id: taskId } = await taskOfCase(t, caseId, 'contact_detainee');
    const result = 'Called the brother on +79161234567: Фаррух is held at the Kotelniki police station';

    const done = await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(as('lawyer'))
      .send({ result })
      .expect(200);
    expect(done.body).toMatchObject({ id: taskId, status: 'done', assigneeId: org.users.lawyer.id });
    expect(done.body.completedAt).toEqual(expect.any(String));
    // Completing a done task again is a conflict, also with another result (it would be lost);
    // a retry names its Idempotency-Key (below) and gets the first answer.
    await t.http.post(`/v1/tasks/${taskId}/complete`).set(as('lawyer')).send({ result }).expect(409);
    await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(as('lawyer'))
      .send({ result: 'Another result' })
      .expect(409);
    await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(as('coordinator'))
      .send({ result: 'me too' })
      .expect(409);
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('coordinator')).expect(409);

    const stored = await t.db.query(`SELECT data::text AS data FROM events WHERE stream_id = $1`, [
      `task-${taskId}`,
    ]);
    const everything = stored.rows.map((row) => row.data).join('\n');
    expect(everything).not.toContain('+79161234567');
    expect(everything).not.toContain('Фаррух');
    expect(t.logs()).not.toContain('+79161234567');

    const read = await t.http.get(`/v1/tasks/${taskId}`).set(as('lawyer')).expect(200);
    expect(read.body).toMatchObject({ id: taskId, status: 'done', result, resultErased: false });

    const open = await t.http.get('/v1/tasks?assignee=me&status=open').set(as('lawyer')).expect(200);
    expect(open.body.items.map((item: { id: string }) => item.id)).not.toContain(taskId);
    const closed = await t.http.get('/v1/tasks?assignee=me&status=done').set(as('lawyer')).expect(200);
    expect(closed.body.items.map((item: { id: string }) => item.id)).toContain(taskId);
    expect(await openTasksForCase(t.db, org.id, caseId)).toEqual([]);

    const missing = await t.http.post(`/v1/tasks/${taskId}/complete`).set(as('lawyer')).send({}).expect(400);
    expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['result']),
    );
    await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(as('lawyer'))
      .send({ result: 'x'.repeat(20001) })
      .expect(400);
  });

  it('answers a repeat with the same Idempotency-Key as the first time, and refuses the key for another request', async () => {
    const caseId = await logAppeal(org, { appealType: 'eviction', urgency: 'normal' });
    const { task_id: taskId } = await taskOfCase(t, caseId, 'contact_client');
    const claimKey = `claim-${taskId}`;
    const completeKey = `complete-${taskId}`;
    const claim = () =>
      t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer')).set('Idempotency-Key', claimKey);

    const claimed = await claim().expect(200);
    expect(claimed.body).toMatchObject({ id: taskId, assigneeId: org.users.lawyer.id, status: 'open' });
    await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(as('lawyer'))
      .set('Idempotency-Key', completeKey)
      .send({ result: 'Called her' })
      .expect(200);
    const retried = await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(as('lawyer'))
      .set('Idempotency-Key', completeKey)
      .send({ result: 'Called her' })
      .expect(200);
    expect(retried.body).toMatchObject({ id: taskId, status: 'done' });
    const reused = await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(as('lawyer'))
      .set('Idempotency-Key', completeKey)
      .send({ result: 'Called her twice' })
      .expect(422);
    expect(reused.body.error).toBe('rule_violation');

    // The claim, retried after the task was done: its key remembers it succeeded. Without the
    // key it is a claim of a done task.
    expect((await claim().expect(200)).body).toMatchObject({ id: taskId, status: 'done' });
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer')).expect(409);
    const stored = await t.db.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      `task-${taskId}`,
    ]);
    expect(stored.rows.map((row) => row.type)).toEqual(['task-created', 'task-claimed', 'task-completed']);
    await t.http
      .post(`/v1/tasks/${taskId}/claim`)
      .set(as('lawyer'))
      .set('Idempotency-Key', 'a key with spaces')
      .expect(400);
  });

  it('forgets the result with the person: after erasure it reads null, and nothing new is sealed for them', async () => {
    const first = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
    const { clientId } = first.body;
    const { client: _client, ...returning } = appealBody({ appealType: 'eviction' });
    const second = await t.http
      .post('/v1/appeals')
      .set(as('intake'))
      .send({ ...returning, clientId })
      .expect(201);
    const done = await taskOfCase(t, first.body.caseId, 'contact_detainee');
    const open = await taskOfCase(t, second.body.caseId, 'contact_client');
    await t.http
      .post(`/v1/tasks/${done.task_id}/complete`)
      .set(as('lawyer'))
      .send({ result: 'Met him at the station' })
      .expect(200);

    await t.http.delete(`/v1/clients/${clientId}/personal-data`).set(as('admin')).expect(204);
    const read = await t.http.get(`/v1/tasks/${done.task_id}`).set(as('lawyer')).expect(200);
    expect(read.body).toMatchObject({ status: 'done', result: null, resultErased: true });
    const refused = await t.http
      .post(`/v1/tasks/${open.task_id}/complete`)
      .set(as('lawyer'))
      .send({ result: 'Called him' })
      .expect(409);
    expect(refused.body.error).toBe('conflict');
  });

  it('keeps roles and organizations apart: another org’s task answers exactly like an unknown one', async () => {
    const caseId = await logAppeal(org, { appealType: 'document_check', urgency: 'normal' });
    const { task_id: taskId } = await taskOfCase(t, caseId, 'triage');

    await t.http.get('/v1/tasks').set(as('intake')).expect(403);
    await t.http.get('/v1/tasks').set(as('admin')).expect(200);
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('admin')).expect(403);
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('intake')).expect(403);
    await t.http.get('/v1/tasks').expect(401);

    const foreign = await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer', other)).expect(404);
    const unknown = await t.http
      .post('/v1/tasks/00000000-0000-4000-8000-000000000000/claim')
      .set(as('lawyer', other))
      .expect(404);
    expect(foreign.body).toEqual(unknown.body);
    await t.http.get(`/v1/tasks/${taskId}`).set(as('lawyer', other)).expect(404);
    await t.http.post(`/v1/tasks/not-an-id/claim`).set(as('lawyer')).expect(404);
    expect((await unclaimed(other)).map((item) => item.id)).not.toContain(taskId);
  });

  it("gives coordinators a task of their own for a raid of 10 or more; lawyers don't see it", async () => {
    const person = (i: number) => ({ fullName: `Person ${i}`, nationality: 'UZ' });
    const res = await t.http
      .post('/v1/incidents')
      .set(as('intake'))
      .send({
        kind: 'dormitory_raid',
        occurredAt: '2024-03-29T02:30:00+03:00',
        region: 'Moscow Oblast',
        city: 'Kotelniki',
        location: 'dormitory',
        description: 'Raid at a dormitory',
        appealType: 'detention',
        channel: 'hotline',
        people: Array.from({ length: 10 }, (_, i) => person(i)),
      })
      .expect(201);
    const incidentId = res.body.incidentId;
    const raidTask = await until(
      async () =>
        (await unclaimed(org, 'coordinator', '&queue=coordinator')).find((i) => i.incidentId === incidentId),
      { what: 'the raid task' },
    );
    expect(raidTask).toMatchObject({
      kind: 'organize_raid_response',
      priority: 'critical',
      queue: 'coordinator',
      caseId: null,
    });
    expect((await unclaimed(org)).map((item) => item.id)).not.toContain(raidTask.id);
    await t.http.post(`/v1/tasks/${raidTask.id}/claim`).set(as('lawyer')).expect(404);
    await t.http.post(`/v1/tasks/${raidTask.id}/claim`).set(as('coordinator')).expect(200);
    // Every person of the raid got their own first task too, once.
    for (const caseId of res.body.caseIds as string[]) {
      await taskOfCase(t, caseId, 'contact_detainee');
      expect(await taskCreatedEvents(t.db, caseId)).toHaveLength(1);
    }
  });

  it('computes the appeal deadline of an expulsion order as KoAP counts it, with its basis, confidence and last check', async () => {
    const caseId = await logAppeal(org, {
      appealType: 'expulsion_order',
      urgency: 'critical',
      decisionReceivedAt: '2024-03-28T18:00:00+03:00',
    });
    const deadlines = await until(async () => {
      const found = await ruleDeadlinesForCase(t.db, org.id, caseId);
      return found.length > 0 && found;
    });
    // Day 10 is Sunday 07.04.2024: the term ends on Monday 08.04 at 24:00 Moscow time (the case's region).
    const expected = {
      deadlineId: expect.any(String),
      kind: 'appeal_against_ruling',
      dueAt: '2024-04-08T21:00:00.000Z',
      basis: expect.stringContaining('KoAP RF art. 30.3'),
      confidence: 'confirmed',
      lastChecked: '2026-12-01',
      lastDay: '2024-04-08',
      movedFrom: '2024-04-07',
      timeZone: 'Europe/Moscow',
      exact: true,
      status: 'open',
      custodyId: null,
      source: 'rule',
    };
    expect(deadlines).toEqual([expected]);
    expect(await ruleDeadlinesForCase(t.db, other.id, caseId)).toEqual([]);
    const tasks = await until(async () => {
      const found = await openTasksForCase(t.db, org.id, caseId);
      return found.length > 0 && found;
    });
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'file_appeal',
        dueAt: '2024-04-08T21:00:00.000Z',
        confidence: 'confirmed',
        lastChecked: '2026-12-01',
      }),
    ]);
    // Wherever a deadline is shown: the case view and the lawyers' queue.
    const view = await t.http.get(`/v1/cases/${caseId}`).set(as('lawyer')).expect(200);
    expect(view.body.deadlines).toEqual([expected]);
    expect(view.body.openTasks).toEqual([
      expect.objectContaining({ kind: 'file_appeal', confidence: 'confirmed', lastChecked: '2026-12-01' }),
    ]);
    const queue = await t.http.get('/v1/tasks?assignee=none').set(as('lawyer')).expect(200);
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({
        id: tasks[0].id,
        confidence: 'confirmed',
        lastChecked: '2026-12-01',
        basis: tasks[0].basis,
      }),
    );
  });

  it("lets an organization's admin change its rules without code; others keep the defaults", async () => {
    const own = await t.createOrg();
    const current = await t.http.get('/v1/follow-up-rules').set(as('coordinator', own)).expect(200);
    expect(current.body).toMatchObject({ source: 'installation', version: 0 });
    const rules = structuredClone(current.body.rules);
    rules.appealRules[0].task = { ...rules.appealRules[0].task, kind: 'visit_police_station', due: 'PT30M' };

    await t.http.put('/v1/follow-up-rules').set(as('coordinator', own)).send({ rules }).expect(403);
    const broken = structuredClone(rules);
    broken.appealRules[0].task.due = 'soon';
    const refused = await t.http
      .put('/v1/follow-up-rules')
      .set(as('admin', own))
      .send({ rules: broken })
      .expect(400);
    expect(refused.body.details).toEqual([
      { field: 'rules.appealRules[0].task.due', problem: expect.stringContaining('ISO-8601') },
    ]);
    const changed = await t.http
      .put('/v1/follow-up-rules')
      .set(as('admin', own))
      .send({ rules, expectedVersion: 0 })
      .expect(200);
    expect(changed.body).toMatchObject({ source: 'organization', version: 1 });
    await t.http
      .put('/v1/follow-up-rules')
      .set(as('admin', own))
      .send({ rules, expectedVersion: 0 })
      .expect(409);

    const ownCase = await logAppeal(own);
    const task = await taskOfCase(t, ownCase, 'visit_police_station');
    const loggedAt = await t.db.query(`SELECT recorded_at FROM events WHERE stream_id = $1`, [
      `case-${ownCase}`,
    ]);
    expect(task.due_at.getTime() - loggedAt.rows[0].recorded_at.getTime()).toBeLessThanOrEqual(30 * 60_000);
    expect(task.due_at.getTime() - loggedAt.rows[0].recorded_at.getTime()).toBeGreaterThan(29 * 60_000);
    const otherCase = await logAppeal(other);
    await taskOfCase(t, otherCase, 'contact_detainee');

    const reset = await t.http.delete('/v1/follow-up-rules').set(as('admin', own)).expect(200);
    expect(reset.body).toMatchObject({ source: 'installation', version: 2 });
  });
});

import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/** One write path: every POST answers a retry with its first answer, and what it wrote is readable at once. */
describe('the one write path over HTTP', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  const as = (role: keyof TestOrg['users']) => bearer(org.users[role].token);
  const countOf = async (sql: string, values: unknown[]) =>
    (await t.db.query(sql, values)).rows[0].n as number;

  it('answers 20 concurrent twins of one appeal with one identical 201, and opens one case', async () => {
    const key = `twins-${Date.now()}`;
    const body = appealBody();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http.post('/v1/appeals').set(as('intake')).set('Idempotency-Key', key).send(body),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const first = answers[0].body;
    for (const answer of answers) expect(answer.body).toEqual(first);
    expect(
      await countOf(
        `SELECT count(*)::int AS n FROM events WHERE type = 'appeal-logged' AND data->>'caseId' = $1`,
        [first.caseId],
      ),
    ).toBe(1);
    expect(
      await countOf(`SELECT count(*)::int AS n FROM case_views WHERE client_id = $1`, [first.clientId]),
    ).toBe(1);
  });

  it('answers 20 concurrent twins of one note with one identical 200, and records one note', async () => {
    const { body: logged } = await t.http
      .post('/v1/appeals')
      .set(as('intake'))
      .send(appealBody())
      .expect(201);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http
          .post(`/v1/cases/${logged.caseId}/notes`)
          .set(as('intake'))
          .set('Idempotency-Key', 'note-twins')
          .send({ text: 'Called the family' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    for (const answer of answers) expect(answer.body).toEqual({ version: 2 });
    expect(
      await countOf(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'note-added'`, [
        `case-${logged.caseId}`,
      ]),
    ).toBe(1);
  });

  it('gives every POST command its first answer on a retry, and a 422 for the same key with another body', async () => {
    const { body: logged } = await t.http
      .post('/v1/appeals')
      .set(as('intake'))
      .send(appealBody())
      .expect(201);
    const id = logged.caseId;
    const steps: { path: string; role: keyof TestOrg['users']; body: object; other: object }[] = [
      {
        path: `/v1/cases/${id}/assignment`,
        role: 'coordinator',
        body: { lawyerId: org.users.lawyer.id, expectedVersion: 1 },
        other: { lawyerId: org.users.lawyer.id, expectedVersion: 0 },
      },
      {
        path: `/v1/cases/${id}/status`,
        role: 'lawyer',
        body: { status: 'triaged', expectedVersion: 2 },
        other: { status: 'closed', expectedVersion: 2 },
      },
      {
        path: `/v1/cases/${id}/deadlines`,
        role: 'lawyer',
        body: { kind: 'appeal', dueAt: '2027-01-10T12:00:00+03:00', expectedVersion: 3 },
        other: { kind: 'other', dueAt: '2027-01-10T12:00:00+03:00', expectedVersion: 3 },
      },
      { path: `/v1/cases/${id}/notes`, role: 'intake', body: { text: 'first' }, other: { text: 'second' } },
      {
        path: `/v1/cases/${id}/close`,
        role: 'coordinator',
        body: { outcome: 'released', expectedVersion: 5 },
        other: { outcome: 'settled', expectedVersion: 5 },
      },
      {
        path: `/v1/cases/${id}/reopen`,
        role: 'coordinator',
        body: { reason: 'new ruling', expectedVersion: 6 },
        other: { reason: 'x', expectedVersion: 6 },
      },
    ];
    for (const [i, step] of steps.entries()) {
      const key = `retry-${i}`;
      const first = await t.http
        .post(step.path)
        .set(as(step.role))
        .set('Idempotency-Key', key)
        .send(step.body);
      expect([step.path, first.status]).toEqual([step.path, 200]);
      const again = await t.http
        .post(step.path)
        .set(as(step.role))
        .set('Idempotency-Key', key)
        .send(step.body);
      expect([step.path, again.status, again.body]).toEqual([step.path, 200, first.body]);
      const other = await t.http
        .post(step.path)
        .set(as(step.role))
        .set('Idempotency-Key', key)
        .send(step.other);
      expect([step.path, other.status, other.body.error]).toEqual([step.path, 422, 'rule_violation']);
    }
    expect(await countOf('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`case-${id}`])).toBe(
      7,
    );

    const incident = {
      kind: 'dormitory_raid',
      description: 'raid',
      appealType: 'detention',
      channel: 'hotline',
      people: [{ fullName: 'Иванов Иван', nationality: 'UZ' }],
    };
    const firstIncident = await t.http
      .post('/v1/incidents')
      .set(as('intake'))
      .set('Idempotency-Key', 'raid-1')
      .send(incident)
      .expect(201);
    const againIncident = await t.http
      .post('/v1/incidents')
      .set(as('intake'))
      .set('Idempotency-Key', 'raid-1')
      .send(incident)
      .expect(201);
    expect(againIncident.body).toEqual(firstIncident.body);

    await t.http
      .delete(`/v1/clients/${logged.clientId}/personal-data`)
      .set(as('admin'))
      .set('Idempotency-Key', 'erase-1')
      .expect(204);
    await t.http
      .delete(`/v1/clients/${logged.clientId}/personal-data`)
      .set(as('admin'))
      .set('Idempotency-Key', 'erase-1')
      .expect(204);
  });

  it('makes 100 writes readable at once on another connection, at the version each answered', async () => {
    const server = t.http;
    let caseId = '';
    for (let i = 0; i < 100; i += 1) {
      let version: number;
      if (i % 10 === 0) {
        const created = await server.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
        caseId = created.body.caseId;
        version = created.body.version;
      } else {
        const noted = await server
          .post(`/v1/cases/${caseId}/notes`)
          .set(as('intake'))
          .send({ text: `note ${i}` })
          .expect(200);
        version = noted.body.version;
      }
      // supertest opens a new connection per request; the GET never shares the write's.
      const read = await (server as unknown as ReturnType<typeof request>)
        .get(`/v1/cases/${caseId}`)
        .set(as('lawyer'));
      expect([i, read.status, read.body.version]).toEqual([i, 200, version]);
    }
  });

  it('stamps every event with who acted, in which role and request: a lawyer’s task work included', async () => {
    const requestId = randomUUID();
    const { body: logged } = await t.http
      .post('/v1/appeals')
      .set(as('intake'))
      .set('X-Request-Id', requestId)
      .send(appealBody())
      .expect(201);
    const taskId = await waitFor(
      async () =>
        (await t.db.query('SELECT task_id FROM follow_up_tasks WHERE case_id = $1', [logged.caseId])).rows[0]
          ?.task_id as string | undefined,
      { what: 'the follow-up task of the appeal' },
    );
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer')).expect(200);
    await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(as('lawyer'))
      .send({ result: 'Called the family' })
      .expect(200);

    const stamped = async (streamId: string) =>
      (
        await t.db.query('SELECT type, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version', [
          streamId,
        ])
      ).rows;
    expect(await stamped(`case-${logged.caseId}`)).toEqual([
      {
        type: 'appeal-logged',
        metadata: {
          actorId: org.users.intake.id,
          actorRole: 'intake',
          orgId: org.id,
          correlationId: requestId,
        },
      },
      // The lawyer's claim of its task gave them the unassigned case, stamped as theirs.
      {
        type: 'case-assigned',
        metadata: expect.objectContaining({
          actorId: org.users.lawyer.id,
          actorRole: 'lawyer',
          orgId: org.id,
        }),
      },
    ]);
    const taskEvents = await stamped(`task-${taskId}`);
    expect(taskEvents.map((e) => e.type)).toEqual(['task-created', 'task-claimed', 'task-completed']);
    expect(taskEvents[0].metadata).toMatchObject({
      system: 'follow-ups',
      orgId: org.id,
      correlationId: requestId,
    });
    expect(taskEvents[0].metadata.actorId).toBeUndefined();
    for (const event of taskEvents.slice(1)) {
      expect(event.metadata).toMatchObject({
        actorId: org.users.lawyer.id,
        actorRole: 'lawyer',
        orgId: org.id,
      });
    }
  });
});

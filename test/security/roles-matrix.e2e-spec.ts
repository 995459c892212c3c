import {
  appealBody,
  asOperator,
  basic,
  bearer,
  RoleName,
  startTestApp,
  TestApp,
  TestOrg,
} from '../support/test-app';
import { waitFor } from '../support/wait-for';

const ROLES: RoleName[] = ['intake', 'lawyer', 'coordinator', 'admin'];

interface Route {
  name: string;
  allowed: RoleName[];
  /** Makes the request for a fresh case assigned to the org's lawyer. */
  call: (
    t: TestApp,
    ids: { caseId: string; clientId: string; taskId: string },
    org: TestOrg,
  ) => ReturnType<TestApp['http']['get']>;
}

/** The role table of docs/domain.md, route by route. */
const ROUTES: Route[] = [
  { name: 'POST /v1/appeals', allowed: ROLES, call: (t) => t.http.post('/v1/appeals').send(appealBody()) },
  {
    name: 'POST /v1/incidents',
    allowed: ROLES,
    call: (t) =>
      t.http.post('/v1/incidents').send({
        kind: 'raid',
        description: 'd',
        appealType: 'detention',
        channel: 'hotline',
        people: [{ fullName: 'A B', nationality: 'TJ' }],
      }),
  },
  { name: 'GET /v1/cases', allowed: ROLES, call: (t) => t.http.get('/v1/cases') },
  { name: 'GET /v1/cases/:id', allowed: ROLES, call: (t, { caseId }) => t.http.get(`/v1/cases/${caseId}`) },
  {
    name: 'GET /v1/cases/:id/history',
    allowed: ROLES,
    call: (t, { caseId }) => t.http.get(`/v1/cases/${caseId}/history`),
  },
  {
    name: 'POST /v1/cases/:id/notes',
    allowed: ROLES,
    call: (t, { caseId }) => t.http.post(`/v1/cases/${caseId}/notes`).send({ text: 'n' }),
  },
  {
    name: 'POST /v1/cases/:id/documents',
    allowed: ['intake', 'lawyer', 'admin'],
    call: (t, { caseId }) =>
      t.http
        .post(`/v1/cases/${caseId}/documents`)
        .field('kind', 'other')
        .attach('file', Buffer.from('A note from the family'), 'note.txt'),
  },
  {
    name: 'GET /v1/cases/:id/documents',
    allowed: ['intake', 'lawyer', 'admin'],
    call: (t, { caseId }) => t.http.get(`/v1/cases/${caseId}/documents`),
  },
  {
    // An unknown document: 404 to whoever may read documents, 403 to the others first.
    name: 'GET /v1/documents/:id',
    allowed: ['intake', 'lawyer', 'admin'],
    call: (t) => t.http.get('/v1/documents/8d6c0a4e-54a4-4d5e-9a1e-3f4b7c2d9e10'),
  },
  {
    name: 'POST /v1/cases/:id/status',
    allowed: ['lawyer', 'coordinator', 'admin'],
    call: (t, { caseId }) =>
      t.http.post(`/v1/cases/${caseId}/status`).send({ status: 'triaged', expectedVersion: 2 }),
  },
  {
    name: 'POST /v1/cases/:id/deadlines',
    allowed: ['lawyer', 'coordinator', 'admin'],
    call: (t, { caseId }) =>
      t.http
        .post(`/v1/cases/${caseId}/deadlines`)
        .send({ kind: 'appeal', dueAt: '2030-01-01T00:00:00+03:00', expectedVersion: 2 }),
  },
  {
    name: 'POST /v1/cases/:id/assignment',
    allowed: ['coordinator', 'admin'],
    call: (t, { caseId }, org) =>
      t.http
        .post(`/v1/cases/${caseId}/assignment`)
        .send({ lawyerId: org.users.lawyer.id, expectedVersion: 2 }),
  },
  {
    name: 'POST /v1/cases/:id/close',
    allowed: ['coordinator', 'admin'],
    call: (t, { caseId }) =>
      t.http.post(`/v1/cases/${caseId}/close`).send({ outcome: 'settled', expectedVersion: 2 }),
  },
  {
    name: 'POST /v1/cases/:id/reopen',
    allowed: ['coordinator', 'admin'],
    call: (t, { caseId }) =>
      t.http.post(`/v1/cases/${caseId}/reopen`).send({ reason: 'r', expectedVersion: 2 }),
  },
  {
    name: 'GET /v1/cases/:id/integrity',
    allowed: ['admin'],
    call: (t, { caseId }) => t.http.get(`/v1/cases/${caseId}/integrity`),
  },
  {
    name: 'GET /v1/cases/:id/access-log',
    allowed: ['admin'],
    call: (t, { caseId }) => t.http.get(`/v1/cases/${caseId}/access-log`),
  },
  {
    name: 'GET /v1/users/:id/access-log',
    allowed: ['admin'],
    call: (t, _ids, org) => t.http.get(`/v1/users/${org.users.lawyer.id}/access-log`),
  },
  {
    name: 'GET /v1/organization/need-to-know',
    allowed: ['admin'],
    call: (t) => t.http.get('/v1/organization/need-to-know'),
  },
  {
    name: 'PUT /v1/organization/need-to-know',
    allowed: ['admin'],
    call: (t) => t.http.put('/v1/organization/need-to-know').send({}),
  },
  {
    name: 'DELETE /v1/clients/:id/personal-data',
    allowed: ['admin'],
    call: (t, { clientId }) => t.http.delete(`/v1/clients/${clientId}/personal-data`),
  },
  {
    name: 'GET /v1/clients/search',
    allowed: ['intake', 'lawyer', 'admin'],
    call: (t) => t.http.get('/v1/clients/search?name=Rahimov%20Farrukh&birthDate=1995-04-02'),
  },
  {
    name: 'POST /v1/clients/search',
    allowed: ['intake', 'lawyer', 'admin'],
    call: (t) => t.http.post('/v1/clients/search').send({ name: 'Rahimov Farrukh', birthDate: '1995-04-02' }),
  },
  {
    name: 'GET /v1/clients/:id',
    allowed: ['intake', 'lawyer', 'admin'],
    call: (t, { clientId }) => t.http.get(`/v1/clients/${clientId}`),
  },
  {
    // Compared with itself: refused as a rule (422) for whoever may judge, 403 for the rest.
    name: 'POST /v1/clients/:id/same-person',
    allowed: ['intake', 'lawyer', 'admin'],
    call: (t, { clientId }) =>
      t.http.post(`/v1/clients/${clientId}/same-person`).send({ otherClientId: clientId }),
  },
  {
    name: 'POST /v1/clients/:id/not-same-person',
    allowed: ['intake', 'lawyer', 'admin'],
    call: (t, { clientId }) =>
      t.http.post(`/v1/clients/${clientId}/not-same-person`).send({ otherClientId: clientId }),
  },
  {
    name: 'POST /v1/clients/:id/merge',
    allowed: ['lawyer', 'admin'],
    call: (t, { clientId }) => t.http.post(`/v1/clients/${clientId}/merge`).send({ intoClientId: clientId }),
  },
  {
    // No incident of that id: 404 for whoever may assign, 403 for the rest.
    name: 'POST /v1/incidents/:id/assignment',
    allowed: ['coordinator', 'admin'],
    call: (t, { caseId }, org) =>
      t.http.post(`/v1/incidents/${caseId}/assignment`).send({ lawyerId: org.users.lawyer.id }),
  },
  {
    name: 'GET /v1/tasks',
    allowed: ['lawyer', 'coordinator', 'admin'],
    call: (t) => t.http.get('/v1/tasks?status=open&assignee=none'),
  },
  {
    name: 'GET /v1/tasks/:id',
    allowed: ['lawyer', 'coordinator', 'admin'],
    call: (t, { taskId }) => t.http.get(`/v1/tasks/${taskId}`),
  },
  {
    name: 'POST /v1/tasks/:id/claim',
    allowed: ['lawyer', 'coordinator'],
    call: (t, { taskId }) => t.http.post(`/v1/tasks/${taskId}/claim`),
  },
  {
    name: 'POST /v1/tasks/:id/complete',
    allowed: ['lawyer', 'coordinator'],
    call: (t, { taskId }) =>
      t.http.post(`/v1/tasks/${taskId}/complete`).send({ result: 'called the family' }),
  },
  {
    name: 'POST /v1/tasks/:id/release',
    allowed: ['lawyer', 'coordinator', 'admin'],
    call: (t, { taskId }) => t.http.post(`/v1/tasks/${taskId}/release`),
  },
  {
    name: 'POST /v1/tasks/:id/assign',
    allowed: ['coordinator', 'admin'],
    call: (t, { taskId }, org) =>
      t.http.post(`/v1/tasks/${taskId}/assign`).send({ userId: org.users.lawyer.id }),
  },
  {
    name: 'GET /v1/follow-up-rules',
    allowed: ['coordinator', 'admin'],
    call: (t) => t.http.get('/v1/follow-up-rules'),
  },
  {
    name: 'PUT /v1/follow-up-rules',
    allowed: ['admin'],
    call: (t) => t.http.put('/v1/follow-up-rules').send({}),
  },
  // Users and sessions. Calls chosen to leave every session of the org's users open.
  { name: 'GET /v1/users', allowed: ['coordinator', 'admin'], call: (t) => t.http.get('/v1/users') },
  {
    name: 'GET /v1/users/:id',
    allowed: ['admin'],
    call: (t, _ids, org) => t.http.get(`/v1/users/${org.users.lawyer.id}`),
  },
  {
    name: 'POST /v1/users',
    allowed: ['admin'],
    call: (t) =>
      t.http
        .post('/v1/users')
        .send({ email: `new-${Math.random().toString(36).slice(2)}@example.org`, role: 'intake' }),
  },
  {
    name: 'PATCH /v1/users/:id',
    allowed: ['admin'],
    call: (t, _ids, org) =>
      t.http.patch(`/v1/users/${org.users.intake.id}`).send({ displayName: 'Intake desk' }),
  },
  {
    name: 'POST /v1/users/:id/password-reset',
    allowed: ['admin'],
    call: (t, _ids, org) => t.http.post(`/v1/users/${org.users.lawyer.id}/password-reset`),
  },
  {
    // Nobody of the org has a second factor: allowed, nothing changes.
    name: 'DELETE /v1/users/:id/second-factor',
    allowed: ['admin'],
    call: (t, _ids, org) => t.http.delete(`/v1/users/${org.users.lawyer.id}/second-factor`),
  },
  {
    name: 'GET /v1/organization/security',
    allowed: ['admin'],
    call: (t) => t.http.get('/v1/organization/security'),
  },
  {
    name: 'PUT /v1/organization/security',
    allowed: ['admin'],
    call: (t) => t.http.put('/v1/organization/security').send({ secondFactorRoles: [] }),
  },
  {
    // A wrong current password (400): the right one would end the caller's sessions.
    name: 'POST /v1/auth/password',
    allowed: ROLES,
    call: (t) =>
      t.http
        .post('/v1/auth/password')
        .send({ currentPassword: 'not it', newPassword: 'a long new passphrase' }),
  },
  {
    name: 'POST /v1/auth/mfa/totp/enrol',
    allowed: ROLES,
    call: (t) => t.http.post('/v1/auth/mfa/totp/enrol'),
  },
  {
    name: 'POST /v1/auth/mfa/totp/confirm',
    allowed: ROLES,
    call: (t) => t.http.post('/v1/auth/mfa/totp/confirm').send({ code: '000000' }),
  },
  {
    name: 'POST /v1/auth/mfa/recovery-codes',
    allowed: ROLES,
    call: (t) => t.http.post('/v1/auth/mfa/recovery-codes'),
  },
];

describe('role × route matrix', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  async function assignedCase() {
    const created = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody())
      .expect(201);
    await t.http
      .post(`/v1/cases/${created.body.caseId}/assignment`)
      .set(bearer(org.users.coordinator.token))
      .send({ lawyerId: org.users.lawyer.id, expectedVersion: 1 })
      .expect(200);
    const caseId = created.body.caseId as string;
    const taskId = await waitFor(
      async () =>
        (await t.db.query('SELECT task_id FROM follow_up_tasks WHERE case_id = $1', [caseId])).rows[0]
          ?.task_id,
      { what: "the case's first follow-up task" },
    );
    return { caseId, clientId: created.body.clientId as string, taskId: taskId as string };
  }

  const cells = ROUTES.flatMap((route) =>
    ROLES.map((role) => [route.name, role, route.allowed.includes(role)] as const),
  );

  it.each(cells)('%s as %s → allowed: %s', async (name, role, allowed) => {
    const route = ROUTES.find((r) => r.name === name)!;
    const res = await route.call(t, await assignedCase(), org).set(bearer(org.users[role].token));
    if (allowed) {
      expect([name, role, res.status]).toEqual([name, role, expect.any(Number)]);
      expect(res.status).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    } else {
      expect([name, role, res.status, res.body.error]).toEqual([name, role, 403, 'forbidden']);
    }
  });

  it('refuses every route without a token', async () => {
    const ids = await assignedCase();
    for (const route of ROUTES) {
      const res = await route.call(t, ids, org);
      expect([route.name, res.status]).toEqual([route.name, 401]);
    }
  });
});

/**
 * The installation's operator routes (OPERATOR_TOKEN): Bull Board, its API and assets, and the
 * health details. They hold every organization's jobs and counts, so no organization's role opens
 * them — an admin's included — and the operator's credential opens nothing of an organization's.
 */
interface OperatorRoute {
  name: string;
  /** What the operator gets: 200 for a read, 405 for a change while Bull Board is read-only. */
  operator: 200 | 405;
  call: (t: TestApp, asset: string) => ReturnType<TestApp['http']['get']>;
}

const OPERATOR_ROUTES: OperatorRoute[] = [
  { name: 'GET /admin/queues', operator: 200, call: (t) => t.http.get('/admin/queues') },
  {
    name: 'GET /admin/queues/<asset>',
    operator: 200,
    call: (t, asset) => t.http.get(`/admin/queues/${asset}`),
  },
  {
    name: 'GET /admin/queues/api/queues',
    operator: 200,
    call: (t) => t.http.get('/admin/queues/api/queues'),
  },
  {
    name: 'GET /admin/queues/api/redis/stats',
    operator: 200,
    call: (t) => t.http.get('/admin/queues/api/redis/stats'),
  },
  {
    name: 'PUT /admin/queues/api/queues/pause',
    operator: 405,
    call: (t) => t.http.put('/admin/queues/api/queues/pause'),
  },
  {
    name: 'PUT /admin/queues/api/queues/follow-ups/promote',
    operator: 405,
    call: (t) => t.http.put('/admin/queues/api/queues/follow-ups/promote'),
  },
  { name: 'GET /health/details', operator: 200, call: (t) => t.http.get('/health/details') },
  { name: 'GET /metrics', operator: 200, call: (t) => t.http.get('/metrics') },
];

describe('operator routes × who asks', () => {
  let t: TestApp;
  let org: TestOrg;
  /** A script of Bull Board's page, as its HTML names it. */
  let asset: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
    const page = await t.http.get('/admin/queues').set(asOperator(t)).expect(200);
    asset = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)![1];
  });
  afterAll(() => t.close());

  const refusedRoles = OPERATOR_ROUTES.flatMap((route) => ROLES.map((role) => [route.name, role] as const));

  it.each(refusedRoles)(
    "%s with the %s's organization token → 401, asked for the operators' credential",
    async (name, role) => {
      const route = OPERATOR_ROUTES.find((r) => r.name === name)!;
      const res = await route.call(t, asset).set(bearer(org.users[role].token));
      expect([name, role, res.status, res.body.error]).toEqual([name, role, 401, 'unauthenticated']);
      expect(res.headers['www-authenticate']).toBe('Basic realm="huquq operators", charset="UTF-8"');
    },
  );

  it.each(OPERATOR_ROUTES.map((r) => [r.name]))(
    '%s without a credential, or a wrong one → 401 with a Basic challenge',
    async (name) => {
      const route = OPERATOR_ROUTES.find((r) => r.name === name)!;
      const token = t.operatorToken!;
      for (const credential of [
        {},
        basic('operator', `${token}x`),
        basic('admin', token),
        basic('operator', ''),
        bearer(`${token}x`),
        { Authorization: token },
      ]) {
        const res = await route.call(t, asset).set(credential);
        expect([name, credential, res.status]).toEqual([name, credential, 401]);
        expect(res.headers['www-authenticate']).toMatch(/^Basic realm="huquq operators"/);
      }
    },
  );

  it.each(OPERATOR_ROUTES.map((r) => [r.name, r.operator]))(
    '%s as the operator (Basic as a browser sends it, Bearer as a tool) → %s',
    async (name, status) => {
      const route = OPERATOR_ROUTES.find((r) => r.name === name)!;
      const browser = await route.call(t, asset).set(basic('operator', t.operatorToken!));
      const tool = await route.call(t, asset).set(asOperator(t));
      expect([name, browser.status, tool.status]).toEqual([name, status, status]);
    },
  );

  it("opens nothing of an organization's with the operator's credential", async () => {
    for (const route of ROUTES) {
      const res = await route
        .call(t, { caseId: org.id, clientId: org.id, taskId: org.id }, org)
        .set(asOperator(t));
      expect([route.name, res.status]).toEqual([route.name, 401]);
    }
  });

  it("lets no organization's admin see or change another organization's follow-up jobs", async () => {
    const other = await t.createOrg();
    const logged = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody())
      .expect(201);
    const taskId = await waitFor(
      async () =>
        (await t.db.query('SELECT task_id FROM follow_up_tasks WHERE case_id = $1', [logged.body.caseId]))
          .rows[0]?.task_id as string | undefined,
      { what: "the case's first follow-up task" },
    );
    // The detention's escalation, three hours out: a delayed job in the shared queue.
    const jobId = `escalate.${taskId}`;
    const job = `/admin/queues/api/queues/follow-ups/${jobId}`;
    await waitFor(async () => (await t.http.get(job).set(asOperator(t))).body.status === 'delayed', {
      what: `${jobId} delayed in BullMQ`,
    });
    const admin = bearer(other.users.admin.token);
    const attempts: [string, string][] = [
      ['get', job],
      ['get', '/admin/queues/api/queues?activeQueue=follow-ups&status=delayed'],
      ['put', `${job}/promote`],
      ['put', `${job}/clean`],
      ['put', '/admin/queues/api/queues/follow-ups/pause'],
      ['get', '/admin/queues/api/redis/stats'],
      ['get', '/health/details'],
    ];
    for (const [method, path] of attempts) {
      const res = await (method === 'get' ? t.http.get(path) : t.http.put(path)).set(admin);
      expect([method, path, res.status]).toEqual([method, path, 401]);
      expect(JSON.stringify(res.body)).not.toContain(taskId);
    }
    const still = await t.http.get(job).set(asOperator(t)).expect(200);
    expect(still.body.status).toBe('delayed');
    expect(
      (await t.db.query('SELECT done_at FROM follow_up_jobs WHERE job_id = $1', [jobId])).rows[0],
    ).toEqual({
      done_at: null,
    });
    const queues = await t.http.get('/admin/queues/api/queues').set(asOperator(t)).expect(200);
    expect(queues.body.queues[0].isPaused).toBe(false);
  });
});

describe('operator routes without OPERATOR_TOKEN', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp({ OPERATOR_TOKEN: '' });
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  it('answers 404 exactly like an unknown route, whoever asks', async () => {
    expect(t.operatorToken).toBeNull();
    const unknown = await t.http.get('/no/such/route').expect(404);
    for (const route of OPERATOR_ROUTES) {
      for (const credential of [{}, bearer(org.users.admin.token), basic('operator', 'x'.repeat(43))]) {
        const res = await route.call(t, 'static/js/main.js').set(credential);
        expect([route.name, res.status, res.body]).toEqual([route.name, 404, unknown.body]);
        expect(res.headers['www-authenticate']).toBeUndefined();
      }
    }
    // The public health is still there, and still says only how it is.
    expect((await t.http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
  });
});

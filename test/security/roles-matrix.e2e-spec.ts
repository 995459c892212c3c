import { appealBody, bearer, RoleName, startTestApp, TestApp, TestOrg } from '../support/test-app';
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
    name: 'DELETE /v1/clients/:id/personal-data',
    allowed: ['admin'],
    call: (t, { clientId }) => t.http.delete(`/v1/clients/${clientId}/personal-data`),
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
    name: 'GET /v1/follow-up-rules',
    allowed: ['coordinator', 'admin'],
    call: (t) => t.http.get('/v1/follow-up-rules'),
  },
  {
    name: 'PUT /v1/follow-up-rules',
    allowed: ['admin'],
    call: (t) => t.http.put('/v1/follow-up-rules').send({}),
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

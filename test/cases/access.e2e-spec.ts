import { appealBody, asOperator, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

describe('who may see and do what', () => {
  let t: TestApp;
  let home: TestOrg;
  let other: TestOrg;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    home = await t.createOrg();
    other = await t.createOrg();
    const res = await t.http
      .post('/v1/appeals')
      .set(bearer(home.users.intake.token))
      .send(appealBody())
      .expect(201);
    caseId = res.body.caseId;
  });
  afterAll(() => t.close());

  it('issues tokens only for right credentials, with one answer for every wrong one', async () => {
    const ok = await t.http
      .post('/v1/auth/token')
      .send({ email: home.users.lawyer.email, password: 'correct horse battery' })
      .expect(200);
    expect(ok.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: expect.any(Number),
      refreshToken: expect.any(String),
      refreshExpiresIn: expect.any(Number),
      user: { id: home.users.lawyer.id, orgId: home.id, role: 'lawyer' },
    });
    const wrong = await t.http
      .post('/v1/auth/token')
      .send({ email: home.users.lawyer.email, password: 'nope nope' })
      .expect(401);
    const unknown = await t.http
      .post('/v1/auth/token')
      .send({ email: 'nobody@example.org', password: 'nope nope' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toBe('unauthenticated');
    await t.http.post('/v1/auth/token').send({ email: 'not-an-email' }).expect(400);
  });

  it('refuses requests without a valid token', async () => {
    await t.http.get(`/v1/cases/${caseId}`).expect(401);
    await t.http.get(`/v1/cases/${caseId}`).set('Authorization', 'Bearer nonsense').expect(401);
    const token = home.users.admin.token;
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, org: other.id })).toString('base64url');
    const res = await t.http
      .get(`/v1/cases/${caseId}`)
      .set('Authorization', `Bearer ${h}.${forged}.${s}`)
      .expect(401);
    expect(res.body.error).toBe('unauthenticated');
  });

  it("answers another organization's case exactly like an unknown one", async () => {
    const foreign = bearer(other.users.admin.token);
    const unknownId = '3f1b2c4d-0000-4000-8000-000000000000';
    const routes: [string, string, object][] = [
      ['get', `/v1/cases/%`, {}],
      ['get', `/v1/cases/%/history`, {}],
      ['post', `/v1/cases/%/assignment`, { lawyerId: other.users.lawyer.id, expectedVersion: 1 }],
      ['post', `/v1/cases/%/status`, { status: 'triaged', expectedVersion: 1 }],
      ['post', `/v1/cases/%/notes`, { text: 'hello' }],
      [
        'post',
        `/v1/cases/%/deadlines`,
        { kind: 'x', dueAt: '2024-04-01T00:00:00+03:00', expectedVersion: 1 },
      ],
      ['post', `/v1/cases/%/close`, { outcome: 'other', expectedVersion: 1 }],
      ['post', `/v1/cases/%/reopen`, { reason: 'x', expectedVersion: 1 }],
      ['get', `/v1/cases/%/integrity`, {}],
      ['get', `/v1/cases/%/access-log`, {}],
    ];
    for (const [method, path, body] of routes) {
      const call = (id: string) => {
        const req =
          method === 'get'
            ? t.http.get(path.replace('%', id))
            : t.http.post(path.replace('%', id)).send(body);
        return req.set(foreign);
      };
      const theirs = await call(caseId);
      const unknown = await call(unknownId);
      expect([path, theirs.status]).toEqual([path, 404]);
      expect(theirs.body).toEqual(unknown.body);
    }
    // Another organization's user's reads, exactly like an unknown user's.
    const theirUser = await t.http.get(`/v1/users/${home.users.intake.id}/access-log`).set(foreign);
    const unknownUser = await t.http.get(`/v1/users/${unknownId}/access-log`).set(foreign);
    expect(theirUser.status).toBe(404);
    expect(theirUser.body).toEqual(unknownUser.body);
    const list = await t.http.get('/v1/cases').set(foreign).expect(200);
    expect(list.body.items).toEqual([]);
    const mine = await t.http.get('/v1/cases').set(bearer(home.users.intake.token)).expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
  });

  it('answers unknown routes and malformed ids in the error shape', async () => {
    const route = await t.http.get('/v1/nowhere').set(bearer(home.users.admin.token)).expect(404);
    expect(route.body).toEqual({ error: 'not_found', message: expect.any(String), details: [] });
    await t.http.get('/v1/cases/not-a-uuid').set(bearer(home.users.admin.token)).expect(404);
  });

  it('serves health and the OpenAPI document without a token; the details only to operators', async () => {
    const health = await t.http.get('/health').expect(200);
    expect(health.body).toEqual({ status: 'ok' });
    const details = await t.http.get('/health/details').set(asOperator(t)).expect(200);
    expect(details.body.checks).toEqual({ database: 'up', requestPath: 'up', redis: 'up' });
    expect(details.body.projections).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'case-views', lagEvents: expect.any(Number) }),
      ]),
    );
    const doc = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/appeals', '/v1/incidents', '/v1/cases/{id}']),
    );
    await t.http.get('/docs').expect((res) => expect([200, 301]).toContain(res.status));
  });

  it("refuses an appeal that names another organization's incident, exactly like an unknown one", async () => {
    const raid = {
      kind: 'dormitory_raid',
      description: 'raid',
      appealType: 'detention',
      channel: 'hotline',
      people: [{ fullName: 'Каримов Бахтиёр', nationality: 'UZ' }],
    };
    const theirs = await t.http.post('/v1/incidents').set(bearer(other.users.intake.token)).send(raid).expect(201);
    const ours = await t.http.post('/v1/incidents').set(bearer(home.users.intake.token)).send(raid).expect(201);
    const as = bearer(home.users.intake.token);

    const foreign = await t.http.post('/v1/appeals').set(as).send(appealBody({ incidentId: theirs.body.incidentId }));
    const unknown = await t.http
      .post('/v1/appeals')
      .set(as)
      .send(appealBody({ incidentId: '6b1f0a54-3c39-4a8e-9d0e-5a0c2f0f0f0f' }));
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(foreign.body).toEqual(unknown.body);
    await t.http.post('/v1/appeals').set(as).send(appealBody({ incidentId: ours.body.incidentId })).expect(201);
  });
});

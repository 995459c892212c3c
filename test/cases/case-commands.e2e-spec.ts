import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

describe('working a case over HTTP', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = (role: keyof TestOrg['users']) => bearer(org.users[role].token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  async function newCase(): Promise<string> {
    const res = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
    return res.body.caseId;
  }

  it('walks the lifecycle: assign, triage, work, wait, close, reopen', async () => {
    const id = await newCase();
    const lawyerId = org.users.lawyer.id;
    let r = await t.http
      .post(`/v1/cases/${id}/assignment`)
      .set(as('coordinator'))
      .send({ lawyerId, expectedVersion: 1 })
      .expect(200);
    expect(r.body).toEqual({ version: 2 });
    r = await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('lawyer'))
      .send({ status: 'triaged', reason: 'called relatives', expectedVersion: 2 })
      .expect(200);
    r = await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('lawyer'))
      .set('If-Match', '"3"')
      .send({ status: 'in_progress' })
      .expect(200);
    r = await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('lawyer'))
      .send({ status: 'awaiting_decision', expectedVersion: 4 })
      .expect(200);
    r = await t.http
      .post(`/v1/cases/${id}/deadlines`)
      .set(as('lawyer'))
      .send({
        kind: 'appeal',
        dueAt: '2024-04-08T23:59:00+03:00',
        basis: 'KoAP RF art. 30.3',
        expectedVersion: 5,
      })
      .expect(200);
    r = await t.http
      .post(`/v1/cases/${id}/notes`)
      .set(as('intake'))
      .send({ text: 'Relatives brought the passport' })
      .expect(200);
    expect(r.body).toEqual({ version: 7 });
    r = await t.http
      .post(`/v1/cases/${id}/close`)
      .set(as('coordinator'))
      .send({ outcome: 'released', expectedVersion: 7 })
      .expect(200);

    let view = await t.http.get(`/v1/cases/${id}`).set(as('lawyer')).expect(200);
    expect(view.body).toMatchObject({
      status: 'closed',
      outcome: 'released',
      assigneeId: lawyerId,
      version: 8,
    });
    expect(view.body.closedAt).toEqual(expect.any(String));
    // Notes are in the case view, opened for the reader, with who wrote them and when.
    expect(view.body.notes).toEqual([
      {
        noteId: expect.any(String),
        text: 'Relatives brought the passport',
        addedAt: expect.any(String),
        authorId: org.users.intake.id,
      },
    ]);
    expect(view.body.deadlines).toEqual([
      expect.objectContaining({
        kind: 'appeal',
        dueAt: '2024-04-08T23:59:00+03:00',
        basis: 'KoAP RF art. 30.3',
      }),
    ]);

    r = await t.http
      .post(`/v1/cases/${id}/reopen`)
      .set(as('admin'))
      .send({ reason: 'new ruling', expectedVersion: 8 })
      .expect(200);
    view = await t.http.get(`/v1/cases/${id}`).set(as('lawyer')).expect(200);
    expect(view.body).toMatchObject({ status: 'in_progress', outcome: null, closedAt: null, version: 9 });
    expect(view.headers.etag).toBe('"9"');

    const history = await t.http.get(`/v1/cases/${id}/history`).set(as('lawyer')).expect(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'appeal-logged',
      'case-assigned',
      'case-status-changed',
      'case-status-changed',
      'case-status-changed',
      'deadline-set',
      'note-added',
      'case-closed',
      'case-reopened',
    ]);
  });

  it('answers a stale version with 409 and the current version', async () => {
    const id = await newCase();
    await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('coordinator'))
      .send({ status: 'triaged', expectedVersion: 1 })
      .expect(200);
    const stale = await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('coordinator'))
      .send({ status: 'in_progress', expectedVersion: 1 })
      .expect(409);
    expect(stale.body).toEqual({
      error: 'version_conflict',
      message: expect.any(String),
      details: { currentVersion: 2 },
    });
    const missing = await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('coordinator'))
      .send({ status: 'in_progress' })
      .expect(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'expectedVersion' })]);
  });

  it('refuses transitions the lifecycle forbids with 422', async () => {
    const id = await newCase();
    const skip = await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('coordinator'))
      .send({ status: 'awaiting_decision', expectedVersion: 1 })
      .expect(422);
    expect(skip.body.error).toBe('rule_violation');
    await t.http
      .post(`/v1/cases/${id}/close`)
      .set(as('coordinator'))
      .send({ outcome: 'withdrawn', expectedVersion: 1 })
      .expect(200);
    await t.http
      .post(`/v1/cases/${id}/close`)
      .set(as('coordinator'))
      .send({ outcome: 'withdrawn', expectedVersion: 2 })
      .expect(422);
    await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('coordinator'))
      .send({ status: 'in_progress', expectedVersion: 2 })
      .expect(422);
    await t.http
      .post(`/v1/cases/${id}/close`)
      .set(as('coordinator'))
      .send({ outcome: 'freed', expectedVersion: 2 })
      .expect(400);
  });

  it('lets a lawyer work only the cases assigned to them', async () => {
    const id = await newCase();
    await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('lawyer'))
      .send({ status: 'triaged', expectedVersion: 1 })
      .expect(403);
    await t.http
      .post(`/v1/cases/${id}/assignment`)
      .set(as('lawyer'))
      .send({ lawyerId: org.users.lawyer.id, expectedVersion: 1 })
      .expect(403);
    await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('intake'))
      .send({ status: 'triaged', expectedVersion: 1 })
      .expect(403);
    await t.http
      .post(`/v1/cases/${id}/assignment`)
      .set(as('coordinator'))
      .send({ lawyerId: org.users.intake.id, expectedVersion: 1 })
      .expect(422);
    await t.http
      .post(`/v1/cases/${id}/assignment`)
      .set(as('coordinator'))
      .send({ lawyerId: org.users.lawyer.id, expectedVersion: 1 })
      .expect(200);
    await t.http
      .post(`/v1/cases/${id}/status`)
      .set(as('lawyer'))
      .send({ status: 'triaged', expectedVersion: 2 })
      .expect(200);
  });

  it('pages through the list newest first, with filters, and without personal details', async () => {
    const fresh = await t.createOrg();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.http
        .post('/v1/appeals')
        .set(bearer(fresh.users.intake.token))
        .send(appealBody({ appealType: i % 2 ? 'eviction' : 'detention' }))
        .expect(201);
      ids.push(res.body.caseId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
        .get(`/v1/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(fresh.users.lawyer.token))
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const evictions = await t.http
      .get('/v1/cases?appealType=eviction')
      .set(bearer(fresh.users.lawyer.token))
      .expect(200);
    expect(evictions.body.items).toHaveLength(2);
    const text = JSON.stringify(evictions.body);
    expect(text).not.toContain('400123456');
    expect(text).not.toContain('+79161234567');
    expect(text).not.toContain('Detained at the dormitory');

    await t.http.get('/v1/cases?limit=201').set(bearer(fresh.users.lawyer.token)).expect(400);
    await t.http.get('/v1/cases?status=lost').set(bearer(fresh.users.lawyer.token)).expect(400);
    await t.http.get('/v1/cases?cursor=garbage').set(bearer(fresh.users.lawyer.token)).expect(400);
  });
});

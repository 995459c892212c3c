import { bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

/** A raid's cases to one lawyer in one command, all or nothing. */
describe('POST /v1/incidents/:id/assignment', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = (role: keyof TestOrg['users'], o: TestOrg = org) => bearer(o.users[role].token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  async function raid(people: number) {
    const res = await t.http
      .post('/v1/incidents')
      .set(as('intake'))
      .send({
        kind: 'dormitory raid',
        description: 'Dawn raid on a dormitory',
        appealType: 'detention',
        channel: 'hotline',
        people: Array.from({ length: people }, (_, i) => ({
          fullName: `Person ${i} Raidov`,
          nationality: 'UZ',
        })),
      })
      .expect(201);
    return res.body as { incidentId: string; caseIds: string[] };
  }

  it('assigns every open case of the raid to the lawyer, once, each an event with who did it', async () => {
    const { incidentId, caseIds } = await raid(4);
    await t.http
      .post(`/v1/cases/${caseIds[3]}/close`)
      .set(as('coordinator'))
      .send({ outcome: 'released', expectedVersion: 1 })
      .expect(200);
    const path = `/v1/incidents/${incidentId}/assignment`;
    const body = { lawyerId: org.users.lawyer.id };
    await t.http.post(path).set(as('intake')).send(body).expect(403);
    await t.http.post(path).set(as('lawyer')).send(body).expect(403);

    const first = await t.http
      .post(path)
      .set(as('coordinator'))
      .set('Idempotency-Key', `assign-${incidentId}`)
      .send(body)
      .expect(200);
    expect(first.body).toEqual({ incidentId, lawyerId: org.users.lawyer.id, openCases: 3, assigned: 3 });
    const retry = await t.http
      .post(path)
      .set(as('coordinator'))
      .set('Idempotency-Key', `assign-${incidentId}`)
      .send(body)
      .expect(200);
    expect(retry.body).toEqual(first.body);
    const again = await t.http.post(path).set(as('admin')).send(body).expect(200);
    expect(again.body.assigned).toBe(0);

    const list = await t.http.get('/v1/cases').query({ incidentId }).set(as('lawyer')).expect(200);
    const assignees = Object.fromEntries(
      list.body.items.map((c: { id: string; assigneeId: string | null }) => [c.id, c.assigneeId]),
    );
    expect(caseIds.slice(0, 3).map((id) => assignees[id])).toEqual(Array(3).fill(org.users.lawyer.id));
    expect(assignees[caseIds[3]]).toBeNull();
    const history = await t.http.get(`/v1/cases/${caseIds[0]}/history`).set(as('lawyer')).expect(200);
    expect(history.body.events.filter((e: { type: string }) => e.type === 'case-assigned')).toEqual([
      expect.objectContaining({ actorId: org.users.coordinator.id }),
    ]);
    // The lawyer can now work the case.
    await t.http
      .post(`/v1/cases/${caseIds[0]}/status`)
      .set(as('lawyer'))
      .send({ status: 'triaged', expectedVersion: 2 })
      .expect(200);
  });

  it('assigns nothing to someone who is not a lawyer, nor across organizations', async () => {
    const { incidentId, caseIds } = await raid(2);
    const path = `/v1/incidents/${incidentId}/assignment`;
    await t.http.post(path).set(as('coordinator')).send({ lawyerId: org.users.intake.id }).expect(422);
    const other = await t.createOrg();
    await t.http
      .post(path)
      .set(as('coordinator', other))
      .send({ lawyerId: other.users.lawyer.id })
      .expect(404);
    await t.http.post(path).set(as('coordinator', other)).send({ lawyerId: org.users.lawyer.id }).expect(422);
    await t.http.post(path).set(as('coordinator')).send({ lawyerId: 'nope' }).expect(400);
    await t.http
      .post(`/v1/incidents/${caseIds[0]}/assignment`)
      .set(as('coordinator'))
      .send({ lawyerId: org.users.lawyer.id })
      .expect(404);
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'case-assigned' AND stream_id = ANY($1)`,
      [caseIds.map((id) => `case-${id}`)],
    );
    expect(rows[0].n).toBe(0);
  });
});

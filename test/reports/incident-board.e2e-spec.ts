import { bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

/** The raid board: where the people of one raid stand, counted, without a name. */
describe('the raid board (GET /v1/incidents/:id/board)', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  const as = (role: keyof TestOrg['users'], o: TestOrg = org) => bearer(o.users[role].token);

  beforeAll(async () => {
    t = await startTestApp();
    [org, other] = await Promise.all([t.createOrg(), t.createOrg()]);
  });
  afterAll(() => t.close());

  /** Runs the calls a few at a time, as intake would on a busy night. */
  async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>, size = 10): Promise<void> {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
  }

  it('counts a 60-person raid correctly as people are held, moved, released and expelled', async () => {
    const people = Array.from({ length: 60 }, (_, i) => ({
      fullName: `Person ${i} Karimov`,
      nationality: 'UZ',
    }));
    const created = await t.http
      .post('/v1/incidents')
      .set(as('intake'))
      .send({
        kind: 'dormitory_raid',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        region: 'Moscow Oblast',
        city: 'Kotelniki',
        location: 'dormitory',
        description: 'Night raid on the dormitory',
        appealType: 'detention',
        channel: 'hotline',
        people,
      })
      .expect(201);
    const { incidentId, caseIds } = created.body as { incidentId: string; caseIds: string[] };
    const version = new Map(caseIds.map((id) => [id, 1]));
    const board = async () =>
      (await t.http.get(`/v1/incidents/${incidentId}/board`).set(as('coordinator')).expect(200)).body;
    const command = async (
      caseId: string,
      path: string,
      body: Record<string, unknown>,
      role: 'intake' | 'coordinator' = 'intake',
    ) => {
      const res = await t.http
        .post(`/v1/cases/${caseId}/${path}`)
        .set(as(role))
        .send({ ...body, expectedVersion: version.get(caseId) })
        .expect(200);
      version.set(caseId, res.body.version);
    };

    expect(await board()).toMatchObject({ people: 60, notReached: 60, held: { count: 0 }, released: 0 });

    const deliveredAt = new Date(Date.now() - 10 * 60_000).toISOString();
    await inBatches(caseIds, (id) =>
      command(id, 'custody', { placeKind: 'police_station', region: 'RU-MOS', deliveredAt }),
    );
    expect(await board()).toMatchObject({
      people: 60,
      held: { count: 60, longestHeldSince: deliveredAt, clocksRunOut: 0 },
      notReached: 0,
    });

    const released = caseIds.slice(0, 25);
    await inBatches(released, (id) =>
      command(id, 'custody/release', { releasedAt: new Date().toISOString() }),
    );
    const toInstitution = caseIds.slice(25, 35);
    const toCourt = caseIds.slice(35, 40);
    const movedAt = new Date().toISOString();
    await inBatches(toInstitution, (id) =>
      command(id, 'custody', { placeKind: 'special_institution', region: 'RU-MOS', deliveredAt: movedAt }),
    );
    await inBatches(toCourt, (id) =>
      command(id, 'custody', { placeKind: 'court', region: 'RU-MOS', deliveredAt: movedAt }),
    );
    const expelled = released.slice(0, 3);
    await inBatches(expelled, (id) => command(id, 'close', { outcome: 'deported' }, 'coordinator'));

    const now = await board();
    expect(now).toEqual({
      incidentId,
      people: 60,
      held: { count: 20, longestHeldSince: deliveredAt, clocksRunOut: 0 },
      inCourt: 5,
      specialInstitution: 10,
      released: 22,
      expelled: 3,
      notReached: 0,
      reached: 0,
      asOf: expect.any(String),
    });
    expect(JSON.stringify(now)).not.toMatch(/Karimov|Kotelniki|dormitory/);

    // Coordinators only; another organization's raid answers like an unknown one.
    await t.http.get(`/v1/incidents/${incidentId}/board`).set(as('intake')).expect(403);
    await t.http.get(`/v1/incidents/${incidentId}/board`).set(as('coordinator', other)).expect(404);
  });
});

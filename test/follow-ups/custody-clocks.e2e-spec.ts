import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { closeAndForgetQueue, ledgerRow, taskOfCase, tasksOfCase, until } from './support/follow-ups';

/**
 * Custody clocks end to end, through the dispatcher, BullMQ and the worker. FOLLOW_UP_TIME_SCALE
 * shrinks every duration: 3 hours are 108 ms, 48 hours 1.7 s. The test waits for the effects,
 * never for a time.
 */
const SCALE = 0.00001;

describe('custody clocks (short delays)', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = (role: keyof TestOrg['users']) => bearer(org.users[role].token);

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_TIME_SCALE: String(SCALE) });
    org = await t.createOrg();
  });
  afterAll(() => closeAndForgetQueue(t));

  async function openCase(): Promise<string> {
    const res = await t.http
      .post('/v1/appeals')
      .set(as('intake'))
      .send(appealBody({ appealType: 'document_check', urgency: 'high' }))
      .expect(201);
    return res.body.caseId;
  }

  const held = (caseId: string, body: Record<string, unknown>) =>
    t.http.post(`/v1/cases/${caseId}/custody`).set(as('intake')).send(body);

  const recentlyDelivered = (msAgo = 1000) => new Date(Date.now() - msAgo).toISOString();

  it('a detention clock runs from delivery: a lawyer task, escalated to coordinators when the 3 hours run out', async () => {
    const caseId = await openCase();
    const deliveredAt = recentlyDelivered();
    await held(caseId, {
      placeKind: 'police_station',
      placeName: 'ОМВД по району Котельники',
      region: 'Moscow Oblast',
      deliveredAt,
      expectedVersion: 1,
    }).expect(200, { version: 2 });

    const task = await taskOfCase(t, caseId, 'reach_detainee');
    expect(task).toMatchObject({ queue: 'lawyer', priority: 'critical' });
    const escalation = await taskOfCase(t, caseId, 'escalation');
    expect(escalation).toMatchObject({ queue: 'coordinator', escalation_of: task.task_id });
    expect(escalation.basis).toContain('KoAP RF art. 27.5');
    expect(await ledgerRow(t.db, `escalate.${task.task_id}`)).toMatchObject({
      outcome: 'escalated: deadline_missed',
    });

    const view = await until(async () => {
      const res = await t.http.get(`/v1/cases/${caseId}`).set(as('intake')).expect(200);
      return res.body.custody?.clock?.status === 'missed' && res.body;
    });
    expect(view.custody).toMatchObject({
      current: {
        placeKind: 'police_station',
        placeName: 'ОМВД по району Котельники',
        region: 'RU-MOS',
        grounds: 'administrative',
        deliveredAt,
        heldSince: deliveredAt,
      },
      releasedAt: null,
      places: 1,
      clock: {
        kind: 'detention_limit',
        endsAt: new Date(new Date(deliveredAt).getTime() + Math.round(3 * 3_600_000 * SCALE)).toISOString(),
        confidence: 'confirmed',
        lastChecked: '2026-12-01',
      },
    });
    // The place's name is sealed in the log and the view: never stored in plaintext.
    const { rows } = await t.db.query(
      `SELECT data::text AS data FROM events WHERE type = 'custody-recorded' AND stream_id = $1`,
      [`case-${caseId}`],
    );
    expect(rows[0].data).not.toContain('Котельники');
  });

  it('released before the clock runs out: nobody is escalated, and the case shows no current place', async () => {
    const caseId = await openCase();
    await held(caseId, {
      placeKind: 'police_station',
      region: 'RU-MOW',
      grounds: 'migration_or_expulsion',
      deliveredAt: recentlyDelivered(),
      expectedVersion: 1,
    }).expect(200);
    const task = await taskOfCase(t, caseId, 'reach_detainee');
    await t.http
      .post(`/v1/cases/${caseId}/custody/release`)
      .set(as('lawyer'))
      .send({ releasedAt: new Date().toISOString(), expectedVersion: 2 })
      .expect(200, { version: 3 });

    const job = await until(async () => {
      const row = await ledgerRow(t.db, `escalate.${task.task_id}`);
      return row?.done_at && row;
    });
    expect(job.outcome).toBe('skipped: custody_ended');
    // Its clock stopped: the deadline lapsed, and the backlog report does not count it overdue.
    await until(
      async () =>
        (await t.db.query(`SELECT status FROM follow_up_deadlines WHERE case_id = $1`, [caseId])).rows[0]
          ?.status === 'lapsed',
      { what: 'the lapsed detention deadline' },
    );
    await until(
      async () =>
        (await t.db.query(`SELECT done_at FROM report_deadlines WHERE case_id = $1`, [caseId])).rows[0]
          ?.done_at,
      { what: 'the lapsed deadline done in the reports' },
    );
    expect((await tasksOfCase(t.db, caseId)).map((x) => x.kind).sort()).toEqual(['reach_detainee', 'triage']);
    const view = await t.http.get(`/v1/cases/${caseId}`).set(as('intake')).expect(200);
    expect(view.body.custody).toMatchObject({ current: null, releasedAt: expect.any(String), clock: null });
  });

  it('a transfer keeps the detention clock from the first delivery: the old place lapses, the new one escalates', async () => {
    const caseId = await openCase();
    const firstDelivery = recentlyDelivered(2000);
    await held(caseId, {
      placeKind: 'police_station',
      region: 'RU-MOW',
      grounds: 'migration_or_expulsion',
      deliveredAt: firstDelivery,
      expectedVersion: 1,
    }).expect(200);
    await held(caseId, {
      placeKind: 'court',
      placeName: 'Мещанский районный суд',
      region: 'RU-MOW',
      grounds: 'migration_or_expulsion',
      deliveredAt: recentlyDelivered(1000),
      expectedVersion: 2,
    }).expect(200);

    const tasks = await until(async () => {
      const found = (await tasksOfCase(t.db, caseId)).filter((x) => x.kind === 'reach_detainee');
      return found.length === 2 && found;
    });
    const outcomes = await until(async () => {
      const rows = await Promise.all(tasks.map((x) => ledgerRow(t.db, `escalate.${x.task_id}`)));
      return rows.every((row) => row?.done_at) && rows.map((row) => row!.outcome);
    });
    expect(outcomes.sort()).toEqual(['escalated: deadline_missed', 'skipped: custody_ended']);
    // Both places count from the first delivery: one clock, not restarted by the transfer.
    const { rows } = await t.db.query<{ due_at: Date }>(
      `SELECT due_at FROM follow_up_deadlines WHERE case_id = $1 AND kind = 'detention_limit'`,
      [caseId],
    );
    const expectedEnd = new Date(firstDelivery).getTime() + Math.round(48 * 3_600_000 * SCALE);
    expect(rows.map((row) => row.due_at.getTime())).toEqual([expectedEnd, expectedEnd]);
    const view = await t.http.get(`/v1/cases/${caseId}`).set(as('intake')).expect(200);
    expect(view.body.custody).toMatchObject({
      current: { placeKind: 'court', placeName: 'Мещанский районный суд', heldSince: firstDelivery },
      places: 2,
    });
  });

  it('answers 422 when nobody is held, and 400 for an unknown kind of place', async () => {
    const caseId = await openCase();
    await t.http
      .post(`/v1/cases/${caseId}/custody/release`)
      .set(as('lawyer'))
      .send({ releasedAt: new Date().toISOString(), expectedVersion: 1 })
      .expect(422);
    const bad = await held(caseId, {
      placeKind: 'hotel',
      deliveredAt: recentlyDelivered(),
      expectedVersion: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'placeKind' })]);
  });
});

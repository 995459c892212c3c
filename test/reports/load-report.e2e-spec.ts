import { runCommand } from '../../apps/cli/src/commands';
import { REPORT_TABLES } from '@huquq/reports';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { noFollowUpRulesFile, ST_PETERSBURG, writeMarch2024 } from './support/march-2024';
import { reportsCaughtUp } from './support/reports-caught-up';

type Counts = { opened?: number; closed?: number; reopened?: number };

/** Every day of March 2024 with its counts, the open column run on from `openAtStart`. */
function marchDays(openAtStart: number, changes: Record<string, Counts>) {
  let open = openAtStart;
  return Array.from({ length: 31 }, (_, i) => {
    const key = `2024-03-${String(i + 1).padStart(2, '0')}`;
    const c = { opened: 0, closed: 0, reopened: 0, ...changes[key] };
    open += c.opened - c.closed + c.reopened;
    return { key, ...c, open };
  });
}

const row = (key: string | null, opened: number, closed: number, reopened: number, open: number) => ({
  key,
  opened,
  closed,
  reopened,
  open,
});

describe('load report: exact counts from the log', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  const as = (o: TestOrg, role: keyof TestOrg['users']) => bearer(o.users[role].token);
  // Reports are asynchronous: each read waits (bounded) until they have counted what was written.
  const load = async (query: string, o: TestOrg = org) => {
    await reportsCaughtUp(t);
    return t.http.get(`/v1/reports/load?${query}`).set(as(o, 'coordinator')).expect(200);
  };

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_RULES_FILE: noFollowUpRulesFile() });
    org = await t.createOrg();
    other = await t.createOrg();
    await writeMarch2024(t.db, org.id, org.users.lawyer.id);
    // The other organization's March: it must never show in the first one's numbers.
    await writeMarch2024(t.db, other.id, other.users.lawyer.id);
    await reportsCaughtUp(t);
  });
  afterAll(() => t.close());

  const MARCH = 'from=2024-03-01&to=2024-03-31';
  const TOTALS = { opened: 5, closed: 4, reopened: 1, open: 4, openAtStart: 2 };

  it('counts by day: logged, closed, reopened and open at the end of each UTC day', async () => {
    const res = await load(`${MARCH}&groupBy=day`);
    expect(res.body).toEqual({
      groupBy: 'day',
      from: '2024-03-01T00:00:00.000Z',
      to: '2024-04-01T00:00:00.000Z',
      timeZone: 'UTC',
      rows: marchDays(2, {
        '2024-03-04': { opened: 2, closed: 1 },
        '2024-03-05': { opened: 1, closed: 2 },
        '2024-03-06': { reopened: 1 },
        '2024-03-07': { closed: 1 },
        '2024-03-11': { opened: 1 },
        '2024-03-31': { opened: 1 },
      }),
      totals: TOTALS,
    });
  });

  it('counts by ISO week, Monday first, the first and last weeks cut at the period', async () => {
    const res = await load(`${MARCH}&groupBy=week`);
    expect(res.body.rows).toEqual([
      row('2024-02-26', 0, 0, 0, 2),
      row('2024-03-04', 3, 4, 1, 2),
      row('2024-03-11', 1, 0, 0, 3),
      row('2024-03-18', 0, 0, 0, 3),
      row('2024-03-25', 1, 0, 0, 4),
    ]);
    expect(res.body.totals).toEqual(TOTALS);
  });

  it('counts by appeal type, region, nationality and channel; rows add up to the totals', async () => {
    const expected: Record<string, ReturnType<typeof row>[]> = {
      appealType: [
        row('detention', 2, 4, 1, 0),
        row('other', 1, 0, 0, 2),
        row('entry_ban', 1, 0, 0, 1),
        row('eviction', 1, 0, 0, 1),
      ],
      region: [
        row('Kazan', 1, 0, 0, 2),
        row(null, 1, 0, 0, 1),
        row('Moscow', 1, 0, 0, 1),
        row('Moscow Oblast', 1, 3, 1, 0),
        row(ST_PETERSBURG, 1, 1, 0, 0),
      ],
      nationality: [row('UZ', 2, 0, 0, 3), row('TJ', 2, 3, 1, 1), row('KG', 1, 1, 0, 0)],
      channel: [
        row('hotline', 2, 3, 1, 1),
        row('email', 1, 0, 0, 2),
        row('messenger', 1, 0, 0, 1),
        row('walk_in', 1, 1, 0, 0),
      ],
    };
    for (const [groupBy, rows] of Object.entries(expected)) {
      const res = await load(`${MARCH}&groupBy=${groupBy}`);
      expect([groupBy, res.body.rows]).toEqual([groupBy, rows]);
      expect([groupBy, res.body.totals]).toEqual([groupBy, TOTALS]);
      const sum = (k: 'opened' | 'closed' | 'reopened' | 'open') =>
        res.body.rows.reduce((s: number, r: Record<string, number>) => s + r[k], 0);
      expect([sum('opened'), sum('closed'), sum('reopened'), sum('open')]).toEqual([5, 4, 1, 4]);
    }
  });

  it('counts by status: entries into and exits from each open status, and the cases in it at the end', async () => {
    const res = await load(`${MARCH}&groupBy=status`);
    expect(res.body.rows).toEqual([
      row('new', 5, 4, 0, 3),
      row('triaged', 1, 1, 0, 0),
      row('in_progress', 2, 1, 0, 1),
    ]);
    expect(res.body.rows.reduce((s: number, r: { open: number }) => s + r.open, 0)).toBe(TOTALS.open);
  });

  it('counts days in the time zone asked for: Moscow days start at 21:00 UTC', async () => {
    const res = await load(`${MARCH}&groupBy=day&tz=Europe/Moscow`);
    expect(res.body.from).toBe('2024-02-29T21:00:00.000Z');
    expect(res.body.to).toBe('2024-03-31T21:00:00.000Z');
    expect(res.body.rows).toEqual(
      marchDays(1, {
        '2024-03-01': { opened: 1 },
        '2024-03-04': { opened: 1, closed: 1 },
        '2024-03-05': { opened: 2, closed: 2 },
        '2024-03-06': { reopened: 1 },
        '2024-03-07': { closed: 1 },
        '2024-03-11': { opened: 1 },
      }),
    );
    expect(res.body.totals).toEqual({ opened: 5, closed: 4, reopened: 1, open: 3, openAtStart: 1 });
    // The same period grouped by a case attribute goes through hours at both ends.
    const byType = await load(`${MARCH}&groupBy=appealType&tz=Europe/Moscow`);
    expect(byType.body.rows).toEqual([
      row('detention', 2, 4, 1, 0),
      row('entry_ban', 1, 0, 0, 1),
      row('eviction', 1, 0, 0, 1),
      row('other', 1, 0, 0, 1),
    ]);
    expect(byType.body.totals).toEqual(res.body.totals);
  });

  it('takes times with offset on whole hours, the end excluded', async () => {
    const res = await load('from=2024-03-04T12:00:00%2B03:00&to=2024-03-05T12:00:00Z&groupBy=channel');
    // 09:00Z to 12:00Z next day: c5 closed at 09:00 and c1 closed at 12:00 fall on the edges.
    expect(res.body.totals).toEqual({ opened: 3, closed: 1, reopened: 0, open: 4, openAtStart: 2 });
    expect(res.body.rows).toEqual([
      row('hotline', 1, 1, 0, 1),
      row('messenger', 1, 0, 0, 1),
      row('walk_in', 1, 0, 0, 1),
      row('email', 0, 0, 0, 1),
    ]);
  });

  it('counts what was logged and closed today over the API, exactly, beside the history', async () => {
    const start = new Date();
    const hour = (d: Date, plus = 0) =>
      new Date(Math.floor(d.getTime() / 3600000) * 3600000 + plus * 3600000);
    const ids: string[] = [];
    for (const appealType of ['detention', 'eviction', 'detention']) {
      const res = await t.http
        .post('/v1/appeals')
        .set(as(org, 'intake'))
        .send(appealBody({ appealType, incident: { ...appealBody().incident, region: 'Moscow Oblast' } }))
        .expect(201);
      ids.push(res.body.caseId);
    }
    await t.http
      .post(`/v1/cases/${ids[0]}/close`)
      .set(as(org, 'coordinator'))
      .send({ outcome: 'released', expectedVersion: 1 })
      .expect(200);
    await t.http
      .post(`/v1/cases/${ids[0]}/reopen`)
      .set(as(org, 'coordinator'))
      .send({ reason: 'detained again', expectedVersion: 2 })
      .expect(200);
    await t.http
      .post(`/v1/cases/${ids[1]}/close`)
      .set(as(org, 'coordinator'))
      .send({ outcome: 'settled', expectedVersion: 1 })
      .expect(200);
    // Another organization's appeal, logged meanwhile, is not ours to count.
    await t.http.post('/v1/appeals').set(as(other, 'intake')).send(appealBody()).expect(201);

    const period = `from=${encodeURIComponent(hour(start).toISOString())}&to=${encodeURIComponent(hour(new Date(), 1).toISOString())}`;
    const res = await load(`${period}&groupBy=appealType`);
    // Open before: c2, c4, c7, c8 and c6 (logged in April 2024).
    expect(res.body.totals).toEqual({ opened: 3, closed: 2, reopened: 1, open: 7, openAtStart: 5 });
    expect(res.body.rows).toEqual([
      row('detention', 2, 1, 1, 2),
      row('eviction', 1, 1, 0, 1),
      row('other', 0, 0, 0, 3),
      row('entry_ban', 0, 0, 0, 1),
    ]);
    const otherOrg = await load(`${period}&groupBy=appealType`, other);
    expect(otherOrg.body.totals).toEqual({ opened: 1, closed: 0, reopened: 0, open: 6, openAtStart: 5 });
  });

  it('answers the same after a rebuild of every projection from the log', async () => {
    const queries = [
      ...['day', 'week', 'appealType', 'region', 'nationality', 'channel', 'status'].map(
        (g) => `${MARCH}&groupBy=${g}`,
      ),
      `${MARCH}&groupBy=day&tz=Europe/Moscow`,
      'from=2024-01-01&to=2025-12-31&groupBy=week',
    ];
    // Every row of every report table, in an order that does not depend on how it was written.
    const tables = REPORT_TABLES.map((table) => `SELECT * FROM ${table} ORDER BY ${table}::text`);
    const snapshot = async () => ({
      reports: await Promise.all(queries.map(async (q) => (await load(q)).body)),
      tables: await Promise.all(tables.map(async (q) => (await t.db.query(q)).rows)),
    });
    const before = await snapshot();
    expect(before.tables.map((rows) => rows.length > 0)).toEqual(REPORT_TABLES.map(() => true));
    await runCommand(t.config, ['projections:rebuild']);
    await reportsCaughtUp(t);
    expect(await snapshot()).toEqual(before);
    expect((await t.db.query('SELECT projection, error_message FROM parked_events')).rows).toEqual([]);
  });
});

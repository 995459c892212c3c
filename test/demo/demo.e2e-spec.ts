import { backdateLog } from '../../apps/demo/src/backdate';
import { runDemo } from '../../apps/demo/src/demo';
import type { Transport } from '../../apps/demo/src/http';
import { bearer, startTestApp, TestApp } from '../support/test-app';

/** The demo's requests through supertest: the same HTTP stack as over the network, no port needed. */
function supertestTransport(t: TestApp): Transport {
  return async ({ method, path, headers = {}, body }) => {
    const req = (method === 'GET' ? t.http.get(path) : t.http.post(path)).set(headers);
    const res = body === undefined ? await req : await req.send(body as object);
    return { status: res.status, body: res.body };
  };
}

/** The numbers of the `total` row of the table printed under `heading`. */
function printedTotals(lines: string[], heading: string): number[] {
  const text = lines.join('\n').split('\n');
  const start = text.findIndex((line) => line.trim() === heading);
  const total = text.slice(start).find((line) => line.trim().startsWith('total'));
  return total!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((n) => Number(n.replace(/,/g, '')));
}

describe('npm run demo (a small week)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'warn' });
  });
  afterAll(() => t.close());

  it('creates the org, logs every appeal and the raid through the API, and prints reports that add up', async () => {
    const lines: string[] = [];
    const result = await runDemo({
      transport: supertestTransport(t),
      db: t.db,
      baseUrl: 'http://127.0.0.1:3000',
      out: (line) => lines.push(line),
      days: 7,
      perDay: 30,
      raidSize: 12,
      lawyers: 2,
      concurrency: 8,
      seed: 42,
      reportTimeoutMs: 15_000,
      operatorToken: t.operatorToken!,
      // As on the demo's own database: each day of the week logged on its day.
      backdate: (daysAgo) => backdateLog(t.db, daysAgo),
    });

    expect(result.failures).toEqual([]);

    // The organization exists, and its coordinator can sign in with the printed password.
    const coordinator = result.users.find((u) => u.role === 'coordinator')!;
    const login = await t.http
      .post('/v1/auth/token')
      .send({ email: coordinator.email, password: coordinator.password });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ orgId: result.orgId, role: 'coordinator' });
    expect(lines.join('\n')).toContain(coordinator.password);

    // Every appeal planned was sent and acknowledged; 1,000+ a day scaled down to 30+.
    const planned = result.week.items.filter((i) => i.kind === 'appeal').length;
    expect(result.appealsSent).toBe(planned);
    expect(result.appealsAcknowledged).toBe(planned);
    expect(planned).toBeGreaterThanOrEqual(7 * 30);

    // The raid made one case per person, all filed under its incident.
    expect(result.raid!.caseIds).toHaveLength(12);
    const token = result.coordinatorToken;
    const underRaid = await t.http
      .get(`/v1/cases?incidentId=${result.raid!.incidentId}&limit=200`)
      .set(bearer(token));
    expect(underRaid.status).toBe(200);
    const raidListed = new Set(underRaid.body.items.map((c: { id: string }) => c.id));
    for (const caseId of result.raid!.caseIds) expect(raidListed).toContain(caseId);

    // The org holds exactly the cases acknowledged: the demo's repeated requests made none.
    let listed = 0;
    let cursor: string | null = null;
    do {
      const page: { body: { items: unknown[]; nextCursor: string | null } } = await t.http
        .get(`/v1/cases?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .set(bearer(token))
        .expect(200);
      listed += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(listed).toBe(result.casesCreated);
    expect(result.casesCreated).toBe(planned + 12);

    // The printed load report adds up to what was sent, and to the closings the demo made.
    expect(result.reports.caughtUp).toBe(true);
    const [opened, closed, open] = printedTotals(lines, 'By appeal type:');
    expect(opened).toBe(result.casesCreated);
    expect(closed).toBe(result.closed);
    expect(open).toBe(result.casesCreated - result.closed);
    expect(printedTotals(lines, 'By nationality:')[0]).toBe(result.casesCreated);

    // Reports count by logging time: the week shows as seven days of it, each with its appeals.
    const loggedDays = result.reports.byDay!.rows.filter((row) => row.opened > 0).map((row) => row.key);
    expect(loggedDays).toEqual(result.week.days);
    // What the demo writes after the week (casework) is logged now again.
    const { rows } = await t.db.query(
      `SELECT pg_get_expr(adbin, adrelid) AS fallback FROM pg_attrdef
        WHERE adrelid = 'events'::regclass AND adnum = (SELECT attnum FROM pg_attribute
          WHERE attrelid = 'events'::regclass AND attname = 'recorded_at')`,
    );
    expect(rows[0].fallback).toBe('clock_timestamp()');

    // The demo prints ids and counts, never a synthetic person's name.
    const raid = result.week.items.find((i) => i.kind === 'raid');
    if (raid?.kind !== 'raid') throw new Error('the week has a raid');
    const output = lines.join('\n');
    for (const person of raid.people) expect(output).not.toContain(person.name.surname);
  }, 60_000);
});

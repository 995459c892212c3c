import request from 'supertest';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { noFollowUpRulesFile, ST_PETERSBURG, writeMarch2024 } from './support/march-2024';
import { reportsCaughtUp } from './support/reports-caught-up';

/** The body as bytes, whatever its type: the BOM must be checked as bytes, not as a string. */
const bytes = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('reports: roles, CSV, validation, the dashboard page', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_RULES_FILE: noFollowUpRulesFile() });
    org = await t.createOrg();
    await writeMarch2024(t.db, org.id, org.users.lawyer.id);
    await reportsCaughtUp(t);
  });
  afterAll(() => t.close());

  it.each([
    ['intake', 403],
    ['lawyer', 403],
    ['coordinator', 200],
    ['admin', 200],
  ] as const)('lets %s read reports: %d', async (role, status) => {
    for (const path of ['/v1/reports/load', '/v1/reports/backlog']) {
      const res = await t.http.get(path).set(bearer(org.users[role].token));
      expect([path, res.status]).toEqual([path, status]);
      if (status === 403) expect(res.body.error).toBe('forbidden');
    }
  });

  it('refuses reports without a token', async () => {
    await t.http.get('/v1/reports/load').expect(401);
    await t.http.get('/v1/reports/backlog').expect(401);
  });

  it('gives CSV for Accept: text/csv: BOM, header row, RFC 4180 quoting, a month’s file name', async () => {
    const res = await bytes(
      t.http
        .get('/v1/reports/load?from=2024-03-01&to=2024-03-31&groupBy=region')
        .set(bearer(org.users.coordinator.token))
        .set('Accept', 'text/csv'),
    ).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="huquq-load-2024-03-by-region.csv"',
    );
    const body: Buffer = res.body;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.subarray(3).toString('utf8')).toBe(
      [
        'region,opened,closed,reopened,open',
        'Kazan,1,0,0,2',
        ',1,0,0,1',
        'Moscow,1,0,0,1',
        'Moscow Oblast,1,3,1,0',
        `"${ST_PETERSBURG.replace(/"/g, '""')}",1,1,0,0`,
        'total,5,4,1,4',
        '',
      ].join('\r\n'),
    );

    const daily = await t.http
      .get('/v1/reports/load?from=2024-03-01&to=2024-03-31')
      .set(bearer(org.users.coordinator.token))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(daily.headers['content-disposition']).toBe('attachment; filename="huquq-load-2024-03.csv"');
    const lines = daily.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('day,opened,closed,reopened,open');
    expect(lines).toHaveLength(1 + 31 + 1 + 1);
    expect(lines[4]).toBe('2024-03-04,2,1,0,3');
  });

  it('groups by region codes only: a typed region, Cyrillic or a formula, never reaches a report', async () => {
    for (const region of ['Московская область', '=HYPERLINK("http://x","y")']) {
      await t.http
        .post('/v1/appeals')
        .set(bearer(org.users.intake.token))
        .send(appealBody({ incident: { ...appealBody().incident, region } }))
        .expect(201);
    }
    await reportsCaughtUp(t);
    const res = await bytes(
      t.http
        .get('/v1/reports/load?groupBy=region')
        .set(bearer(org.users.coordinator.token))
        .set('Accept', 'text/csv'),
    ).expect(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain('\r\nRU-MOS,1,0,0,1\r\n');
    expect(text).toContain('\r\nother,1,0,0,1\r\n');
    expect(text).not.toContain('HYPERLINK');
  });

  it('gives the backlog as CSV too, one measure per row', async () => {
    await reportsCaughtUp(t);
    const res = await t.http
      .get('/v1/reports/backlog')
      .set(bearer(org.users.admin.token))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="huquq-backlog-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('section,key,measure,value');
    expect(lines).toContain('overdue_deadlines,total,count,2');
    expect(lines).toContain('overdue_tasks,total,count,3');
    expect(lines).toContain('caseload,unassigned,open,5');
    expect(res.text).not.toMatch(/Рахимов|Фаррух|sealed/);
  });

  it('answers JSON by default and for */*', async () => {
    const res = await t.http
      .get('/v1/reports/load')
      .set(bearer(org.users.coordinator.token))
      .set('Accept', '*/*')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.vary).toMatch(/Accept/);
    expect(res.body.rows).toHaveLength(30);
  });

  it.each([
    ['groupBy=month', [{ field: 'groupBy', problem: expect.any(String) }]],
    ['from=2024-02-30', [{ field: 'from', problem: 'is not a real date' }]],
    ['from=yesterday&to=2024-03-01T10:00:00', [{ field: 'from' }, { field: 'to' }]],
    ['from=2024-03-10&to=2024-03-01', [{ field: 'to', problem: 'must not be before from' }]],
    ['from=2022-01-01&to=2024-01-01', [{ field: 'to', problem: 'must be at most 2 years after from' }]],
    [
      'from=2024-03-01T10:30:00Z&to=2024-03-02',
      [{ field: 'from', problem: expect.stringMatching(/whole hour/) }],
    ],
    ['tz=Mars/Olympus_Mons', [{ field: 'tz' }]],
    ['from=2024-03-01&to=2024-03-02&tz=Asia/Kolkata', [{ field: 'from' }, { field: 'to' }]],
    ['from=bad&to=bad&tz=bad&groupBy=day', [{ field: 'tz' }, { field: 'from' }, { field: 'to' }]],
    ['color=red', [{ field: 'color', problem: 'is not a field of this request' }]],
  ])('refuses %s with every problem named', async (query, details) => {
    const res = await t.http
      .get(`/v1/reports/load?${query}`)
      .set(bearer(org.users.coordinator.token))
      .expect(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details).toEqual(details.map((d) => expect.objectContaining(d)));
  });

  it('validates the backlog period the same way', async () => {
    const res = await t.http
      .get('/v1/reports/backlog?from=2024-03-10&to=2024-03-01')
      .set(bearer(org.users.coordinator.token))
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'to', problem: 'must not be before from' }]);
  });

  it('serves the dashboard page and its files without a token, under a strict CSP', async () => {
    const page = await t.http.get('/dashboard').expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(page.text).toContain('<script src="/dashboard/dashboard.js" defer></script>');
    expect(page.text).not.toMatch(/<script>|<style>|\son[a-z]+="/i);
    await t.http
      .get('/dashboard/dashboard.js')
      .expect(200)
      .expect('Content-Type', /text\/javascript/);
    await t.http
      .get('/dashboard/dashboard.css')
      .expect(200)
      .expect('Content-Type', /text\/css/);
    const missing = await t.http.get('/dashboard/secrets.json').expect(404);
    expect(missing.body.error).toBe('not_found');
  });
});

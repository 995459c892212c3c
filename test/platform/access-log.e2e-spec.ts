import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/** A proxy's request id (a UUID, in capitals): kept, in lower case. */
const GIVEN_ID = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
const TRACE_ID = '9b2f5c1e-7d4a-4e3b-8c6f-1a2b3c4d5e6f';

interface AccessLine {
  access?: boolean;
  reqId?: string;
  method?: string;
  route?: string;
  status?: number;
  durationMs?: number;
  orgId?: string;
  userId?: string;
}

/** The access log's lines so far (one JSON object per line). */
function accessLines(t: TestApp): AccessLine[] {
  return t
    .logs()
    .split('\n')
    .filter((line) => line.includes('"access":true'))
    .map((line) => JSON.parse(line) as AccessLine);
}

/** The line of one request, by its id (the answer's X-Request-Id); it is written as the answer goes out. */
const lineOf = (t: TestApp, reqId: string) =>
  waitFor(() => accessLines(t).find((line) => line.reqId === reqId), { what: `the access line of ${reqId}` });

describe('access log and request ids', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  it('one line per request: method, route template, status, duration, organization and user — no ids of the URL, no query, no personal data', async () => {
    const intake = org.users.intake;
    const logged = await t.http
      .post('/v1/appeals')
      .set(bearer(intake.token))
      .set('X-Request-Id', GIVEN_ID)
      .send(appealBody());
    expect(logged.status).toBe(201);
    expect(logged.headers['x-request-id']).toBe(GIVEN_ID.toLowerCase());
    const caseId: string = logged.body.caseId;

    const read = await t.http.get(`/v1/cases/${caseId}?secret-query=Рахимов`).set(bearer(intake.token));
    const readId = read.headers['x-request-id'];
    expect(readId).toMatch(/^[0-9a-f-]{36}$/); // none given: a new one

    // pino's own fields aside, the line holds exactly this.
    const { level, msg, time, service, ...line } = (await lineOf(t, GIVEN_ID.toLowerCase())) as AccessLine &
      Record<string, unknown>;
    expect({ level, msg, service, time: typeof time }).toEqual({
      level: 30,
      msg: 'request',
      service: 'huquq',
      time: 'string',
    });
    expect(line).toEqual({
      access: true,
      reqId: GIVEN_ID.toLowerCase(),
      method: 'POST',
      route: '/v1/appeals',
      status: 201,
      durationMs: expect.any(Number),
      orgId: org.id,
      userId: intake.id,
    });
    expect(await lineOf(t, readId)).toMatchObject({
      method: 'GET',
      route: '/v1/cases/:id',
      status: read.status,
      orgId: org.id,
      userId: intake.id,
    });

    const log = t.logs();
    for (const leak of [caseId, logged.body.clientId, 'secret-query', 'Рахимов', '+79161234567', '400123456'])
      expect(log).not.toContain(leak);
  });

  it('the request id reaches the events it writes (correlationId)', async () => {
    const logged = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .set('X-Request-Id', TRACE_ID)
      .send(appealBody());
    const {
      rows: [row],
    } = await t.db.query<{ correlation: string }>(
      `SELECT metadata->>'correlationId' AS correlation FROM events WHERE stream_id = $1`,
      [`case-${logged.body.caseId}`],
    );
    expect(row.correlation).toBe(TRACE_ID);
  });

  it('an X-Request-Id that is not a UUID (free text, personal data, too long) is replaced, never logged', async () => {
    for (const given of [
      'Farrukh Rakhimov +79161234567',
      'x'.repeat(129),
      'a b',
      'trace-42.b:c',
      `${TRACE_ID}0`,
    ]) {
      const res = await t.http.get('/health').set('X-Request-Id', given);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(t.logs()).not.toContain('x'.repeat(129));
    expect(t.logs()).not.toContain('Rakhimov');
    expect(t.logs()).not.toContain('trace-42.b:c');
    expect(t.logs()).not.toContain(`${TRACE_ID}0`);
  });

  it('refusals and unknown paths are logged too, by template or as unmatched', async () => {
    const anonymous = await t.http.get('/v1/cases/00000000-0000-4000-8000-00000000beef');
    expect(anonymous.status).toBe(401);
    expect(await lineOf(t, anonymous.headers['x-request-id'])).toMatchObject({
      route: '/v1/cases/:id',
      status: 401,
    });
    expect(t.logs()).not.toContain('00000000beef');

    const unknown = await t.http
      .get('/v1/nowhere/4001234567?passport=4001234567')
      .set(bearer(org.users.admin.token));
    expect(unknown.status).toBe(404);
    expect(await lineOf(t, unknown.headers['x-request-id'])).toMatchObject({
      route: '(unmatched)',
      status: 404,
    });
    expect(t.logs()).not.toContain('4001234567');
  });
});

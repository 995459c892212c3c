import { portOf, sendExpectingContinue, sendHeadFirst, slowChunkedUpload } from '../support/raw-http';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

const MIB = 1024 * 1024;
/** `[[[…]]]`: what stalled the service when it was parsed before anyone was asked who sent it. */
const nested = (bytes: number) => '['.repeat(bytes / 2) + ']'.repeat(bytes / 2);

/**
 * A body costs what it weighs only to someone signed in: over 8 KiB, the bearer token is checked
 * before a byte of the body is read, and no body is parsed deeper than the JSON limits. Nothing
 * here measures time: "not read" is shown by answers that come while the body is still unsent.
 */
describe('cost before identity: bodies', () => {
  let t: TestApp;
  let org: TestOrg;
  let port: number;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
    port = await portOf(t.server);
    const created = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody())
      .expect(201);
    caseId = created.body.caseId;
  });
  afterAll(() => t.close());

  it('answers an unauthenticated 2 MiB body 401 before the body is sent', async () => {
    for (const headers of [{}, { Authorization: 'Bearer not.a.token' }] as Record<string, string>[]) {
      const answer = await sendHeadFirst(port, { path: '/v1/incidents', headers, body: nested(2 * MIB) });
      expect({ status: answer.status, bodySent: answer.bodySent }).toEqual({ status: 401, bodySent: false });
      expect(JSON.parse(answer.body)).toEqual({
        error: 'unauthenticated',
        message: expect.stringContaining('8 KiB'),
        details: [],
      });
      expect(answer.headers.connection).toBe('close');
    }
  });

  it('refuses ten deeply nested unauthenticated bodies unread while /health keeps answering', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        sendHeadFirst(port, { path: i % 2 ? '/v1/incidents' : '/v1/appeals', body: nested(2 * MIB) }),
      ),
    );
    expect(answers.map((a) => [a.status, a.bodySent])).toEqual(Array(10).fill([401, false]));
    const health = await t.http.get('/health');
    expect(health.status).toBe(200);
  });

  it('cuts off a slow chunked upload without a token at the anonymous limit', async () => {
    const upload = await slowChunkedUpload(port, {
      path: `/v1/cases/${caseId}/notes`,
      chunk: '['.repeat(4096),
      totalBytes: 1 * MIB,
    });
    // 401, or (racing the client's writes) a reset before it could read the answer: unread either way.
    expect([401, null]).toContain(upload.status);
    expect(upload.bodySent).toBe(false);
    expect(upload.bytesSent).toBeLessThan(1 * MIB);
    expect(upload.closedByServer).toBe(true);
  });

  it('sends no 100 Continue to a client that is refused, so it never sends the body', async () => {
    const answer = await sendExpectingContinue(port, { path: '/v1/incidents', body: nested(2 * MIB) });
    expect(answer).toMatchObject({ status: 401, continued: false });

    const login = await sendExpectingContinue(port, {
      path: '/v1/auth/token',
      body: JSON.stringify({ email: org.users.intake.email, password: 'correct horse battery' }),
    });
    expect(login).toMatchObject({ status: 200, continued: true });
  });

  it('keeps the login route to a small body: 413 unread', async () => {
    const answer = await sendHeadFirst(port, {
      path: '/v1/auth/token',
      body: JSON.stringify({ email: 'someone@example.org', password: 'x'.repeat(20 * 1024) }),
    });
    expect({ status: answer.status, bodySent: answer.bodySent }).toEqual({ status: 413, bodySent: false });
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'payload_too_large' });
  });

  it('answers a signed-in body over its limit 413 unread, and a chunked one at the limit', async () => {
    const notes = `/v1/cases/${caseId}/notes`;
    const auth = bearer(org.users.lawyer.token);
    const declared = await sendHeadFirst(port, { path: notes, headers: auth, body: nested(2 * MIB) });
    expect({ status: declared.status, bodySent: declared.bodySent }).toEqual({
      status: 413,
      bodySent: false,
    });

    const chunked = await slowChunkedUpload(port, {
      path: notes,
      headers: auth,
      chunk: 'x'.repeat(16 * 1024),
      totalBytes: 2 * MIB,
    });
    expect([413, null]).toContain(chunked.status);
    expect(chunked.bodySent).toBe(false);
    expect(chunked.closedByServer).toBe(true);
    expect(chunked.bytesSent).toBeLessThan(2 * MIB);
  });

  it('refuses a nested 200 KB body from a signed-in lawyer with 400 naming the problem, not 500', async () => {
    const res = await t.http
      .post(`/v1/cases/${caseId}/notes`)
      .set(bearer(org.users.lawyer.token))
      .set('Content-Type', 'application/json')
      .send(`{"text":${nested(200 * 1024)}}`)
      .expect(400);
    expect(res.body).toEqual({
      error: 'validation_failed',
      message: expect.any(String),
      details: [
        {
          field: `text${'.0'.repeat(31)}`,
          problem: 'is nested too deeply: at most 32 levels of objects and arrays',
        },
      ],
    });
    expect(t.logs()).not.toContain('Maximum call stack');
  });

  it('refuses an array of more than 1000 items with 400 naming it', async () => {
    const res = await t.http
      .post(`/v1/cases/${caseId}/notes`)
      .set(bearer(org.users.lawyer.token))
      .send({ text: 'a note', extra: Array.from({ length: 1001 }, () => 0) })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'extra', problem: 'has too many items: at most 1000' }]);
  });

  it('still takes what an office sends: a chunked appeal, a raid over 256 KiB', async () => {
    const token = org.users.intake.token;
    const chunked = await slowChunkedUpload(port, {
      path: '/v1/appeals',
      headers: { ...bearer(token), 'Idempotency-Key': 'chunked-appeal' },
      chunk: JSON.stringify(appealBody()),
      totalBytes: 1,
    });
    expect(chunked.status).toBe(201);

    // Names written as \u escapes (as some clients send them): 150 people, over 256 KiB.
    const people = Array.from({ length: 150 }, (_, i) => ({
      fullName: `Person ${i} ${'Ж'.repeat(300)}`.slice(0, 300),
      nationality: 'TJ',
      phone: `+7916${String(1000000 + i)}`,
    }));
    const raid = JSON.stringify({
      kind: 'raid',
      appealType: 'detention',
      channel: 'hotline',
      description: 'A dawn raid on a dormitory',
      people,
    }).replace(/Ж/g, '\\u0416');
    expect(Buffer.byteLength(raid)).toBeGreaterThan(256 * 1024);
    const res = await t.http
      .post('/v1/incidents')
      .set(bearer(token))
      .set('Content-Type', 'application/json')
      .send(raid);
    expect(res.status).toBe(201);
    expect(res.body.caseIds).toHaveLength(150);
  });

  it('still answers a small unauthenticated body to a closed route 401', async () => {
    const res = await t.http.post('/v1/appeals').send(appealBody()).expect(401);
    expect(res.body.error).toBe('unauthenticated');
  });
});

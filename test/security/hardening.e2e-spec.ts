import { LoginThrottle } from '@huquq/identity';
import { appealBody, bearer, startTestApp, TestApp } from '../support/test-app';

describe('hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('makes a (email, address) pair wait after five failed logins, with 429 and Retry-After', async () => {
    const org = await t.createOrg();
    const email = org.users.lawyer.email;
    let now = Date.now();
    t.app.get(LoginThrottle).clock = () => now;
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await t.http.post('/v1/auth/token').send({ email, password: 'wrong password' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await t.http
      .post('/v1/auth/token')
      .send({ email, password: 'correct horse battery' })
      .expect(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body).toEqual({ error: 'rate_limited', message: expect.any(String), details: [] });
    now += 1000;
    await t.http.post('/v1/auth/token').send({ email, password: 'correct horse battery' }).expect(200);
  });

  it('sends security headers and never lets case data be cached', async () => {
    const org = await t.createOrg();
    const created = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody())
      .expect(201);
    const res = await t.http
      .get(`/v1/cases/${created.body.caseId}`)
      .set(bearer(org.users.intake.token))
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps personal data and stack traces out of error bodies', async () => {
    const org = await t.createOrg();
    const res = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(
        appealBody({
          client: { fullName: 'Secretov Secret', nationality: 'Nowhere', passportNumber: 'SECRET123' },
        }),
      )
      .expect(400);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('Secretov');
    expect(text).not.toContain('SECRET123');
    expect(text).not.toMatch(/at .+\.ts:\d+/);
  });
});

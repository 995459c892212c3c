import Redis from 'ioredis';
import { bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

const incident = (kind: string) => ({
  kind,
  appealType: 'detention',
  channel: 'hotline',
  description: 'Workers detained at a market',
  people: [{ fullName: 'Rahimov Farrukh', nationality: 'TJ' }],
});

/**
 * Per-organization limits on what costs the most (a raid of hundreds, a report), counted in
 * Redis: two API instances on the same database and Redis share one count.
 */
describe('rate limits per organization', () => {
  let one: TestApp;
  let two: TestApp;
  let a: TestOrg;
  let b: TestOrg;

  beforeAll(async () => {
    const limits = {
      INCIDENT_RATE_LIMIT: '3',
      INCIDENT_RATE_WINDOW_SECONDS: '600',
      REPORT_RATE_LIMIT: '4',
      REPORT_RATE_WINDOW_SECONDS: '300',
      SEARCH_RATE_LIMIT: '5',
      SEARCH_RATE_WINDOW_SECONDS: '300',
    };
    one = await startTestApp(limits);
    // A second instance: the same database, Redis prefix and secrets; no background work.
    two = await startTestApp(
      {
        ...limits,
        QUEUE_PREFIX: one.config.QUEUE_PREFIX,
        JWT_SECRET: one.config.JWT_SECRET!,
        BLIND_INDEX_KEY: one.config.BLIND_INDEX_KEY!,
        HUQUQ_MASTER_KEY: one.config.HUQUQ_MASTER_KEY!,
        WORKER_EMBEDDED: 'false',
      },
      { databaseUrl: one.config.DATABASE_URL },
    );
    a = await one.createOrg();
    b = await one.createOrg();
  });
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  it('answers the 4th incident of an organization 429 with Retry-After, across instances; another organization is unaffected', async () => {
    const intake = bearer(a.users.intake.token);
    await one.http.post('/v1/incidents').set(intake).send(incident('raid 1')).expect(201);
    await two.http.post('/v1/incidents').set(intake).send(incident('raid 2')).expect(201);
    await one.http.post('/v1/incidents').set(intake).send(incident('raid 3')).expect(201);

    const limited = await two.http.post('/v1/incidents').set(intake).send(incident('raid 4')).expect(429);
    expect(limited.body).toEqual({ error: 'rate_limited', message: expect.any(String), details: [] });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    await one.http.post('/v1/incidents').set(intake).send(incident('raid 5')).expect(429);

    // The other organization, and other routes of the same one, are not held back.
    await one.http.post('/v1/incidents').set(bearer(b.users.intake.token)).send(incident('raid')).expect(201);
    await one.http.get('/v1/cases').set(intake).expect(200);
  });

  it('answers the 5th report of an organization 429, JSON and CSV alike', async () => {
    const coordinator = bearer(a.users.coordinator.token);
    await one.http.get('/v1/reports/load').set(coordinator).expect(200);
    await two.http.get('/v1/reports/load').set(coordinator).set('Accept', 'text/csv').expect(200);
    await one.http.get('/v1/reports/backlog').set(coordinator).expect(200);
    await two.http.get('/v1/reports/backlog').set(coordinator).set('Accept', 'text/csv').expect(200);

    const csv = await one.http.get('/v1/reports/load').set(coordinator).set('Accept', 'text/csv').expect(429);
    expect(Number(csv.headers['retry-after'])).toBeGreaterThan(0);
    const json = await two.http.get('/v1/reports/backlog').set(coordinator).expect(429);
    expect(json.body.error).toBe('rate_limited');

    await one.http.get('/v1/reports/load').set(bearer(b.users.admin.token)).expect(200);
  });

  it('answers the 6th client search of an organization 429, whichever instance and role asks', async () => {
    const search = (app: TestApp, role: 'intake' | 'lawyer' | 'admin') =>
      app.http.get('/v1/clients/search?name=Rahimov%20Farrukh').set(bearer(a.users[role].token));
    await search(one, 'intake').expect(200);
    await search(two, 'lawyer').expect(200);
    await search(one, 'admin').expect(200);
    await search(two, 'intake').expect(200);
    await search(one, 'lawyer').expect(200);

    const limited = await search(two, 'intake').expect(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await one.http
      .get('/v1/clients/search?name=Rahimov%20Farrukh')
      .set(bearer(b.users.intake.token))
      .expect(200);
  });

  it("keeps the counts in Redis under the installation's prefix", async () => {
    const redis = new Redis(one.config.REDIS_URL);
    try {
      const keys = await redis.keys(`${one.config.QUEUE_PREFIX}:rate-limits:*`);
      expect(keys).toEqual(expect.arrayContaining([expect.stringContaining(`incidents:org:${a.id}`)]));
    } finally {
      redis.disconnect();
    }
  });
});

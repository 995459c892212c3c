import { freshDatabaseUrl } from '../support/test-database';
import { asOperator, startTestApp, TestApp } from '../support/test-app';

describe('health when a dependency is away', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: Redis is "down" from the first moment.
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t.close());

  it('answers 503 (down, and no more, to anyone); the operators see Redis named as the one that failed', async () => {
    const res = await t.http.get('/health').expect(503);
    expect(res.body).toEqual({ status: 'down' });
    const details = await t.http.get('/health/details').set(asOperator(t)).expect(503);
    expect(details.body).toMatchObject({ status: 'down', checks: { database: 'up', redis: 'down' } });
  });
});

describe('health when the request path cannot reach the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    // As after a restore without the cluster's roles: the owner connects, the app role does not.
    const url = new URL(freshDatabaseUrl());
    url.username = 'huquq_no_such_role';
    t = await startTestApp({ APP_DATABASE_URL: url.toString() });
  });
  afterAll(() => t.close());

  it('answers 503, not 200 while every command fails; the operators see the request path named', async () => {
    const res = await t.http.get('/health').expect(503);
    expect(res.body).toEqual({ status: 'down' });
    const details = await t.http.get('/health/details').set(asOperator(t)).expect(503);
    expect(details.body).toMatchObject({
      status: 'down',
      checks: { database: 'up', requestPath: 'down', redis: 'up' },
    });
  });
});

import { appRoleName, dropDatabase } from '@huquq/platform';
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
  // The owner connects, the app role does not (a wrong APP_DATABASE_URL: here another database).
  const elsewhere = freshDatabaseUrl('huquq_no_such_database');
  beforeAll(async () => {
    const url = new URL(elsewhere);
    url.username = appRoleName(elsewhere);
    url.password = 'Zq8vY2kP4xN7mR1tB6wC3jH9sL5dF0gA';
    t = await startTestApp({ APP_DATABASE_URL: url.toString() });
  });
  afterAll(async () => {
    await t.close();
    await dropDatabase(elsewhere); // the role the start created for it
  });

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

import { startTestApp, TestApp } from '../support/test-app';

describe('health when a dependency is away', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: Redis is "down" from the first moment.
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t.close());

  it('answers 503 and names Redis as the one that failed', async () => {
    const res = await t.http.get('/health').expect(503);
    expect(res.body).toMatchObject({ status: 'unavailable', checks: { database: 'up', redis: 'down' } });
  });
});

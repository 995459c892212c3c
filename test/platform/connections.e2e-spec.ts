import { Client } from 'pg';
import { appealBody, asOperator, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

/**
 * The service as it starts: its pools take their timeouts from the configuration (a request
 * stuck behind a lock answers 503 once lock_timeout passes), the start-up check warns of a
 * connection budget that cannot hold, and /health reports the key cache.
 */
describe('the service and its database connections', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp({
      DATABASE_LOCK_TIMEOUT_MS: '300',
      // No deployment of this many processes fits any server of this machine.
      EXPECTED_INSTANCES: '1000',
    });
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  /** Holds `lock` on `table` from another session while `work` runs. */
  async function whileLocked<T>(table: string, lock: string, work: () => Promise<T>): Promise<T> {
    const holder = new Client({ connectionString: t.config.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query(`BEGIN; LOCK TABLE ${table} IN ${lock} MODE`);
      return await work();
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  }

  it('warns once at start that the configured deployment cannot fit', () => {
    const warnings = t
      .logs()
      .split('\n')
      .filter((line) => line.includes('PostgreSQL may run out of connections'));
    expect(warnings).toHaveLength(1);
    const { level, msg, connections } = JSON.parse(warnings[0]);
    expect(level).toBe(40);
    expect(msg).toMatch(
      /^PostgreSQL may run out of connections for huquq: 1000 expected instance\(s\) × 43 per process/,
    );
    expect(connections).toMatchObject({
      owner: 15,
      app: 20,
      keyring: 5,
      listening: 3,
      expectedInstances: 1000,
    });
    expect(connections.maxConnections).toBeGreaterThan(0);
  });

  it('answers 503 when a command waits past lock_timeout on the request path (huquq_app)', async () => {
    const started = Date.now();
    // EXCLUSIVE lets readers through (projections go on) and stops the append's insert.
    const res = await whileLocked('events', 'EXCLUSIVE', () =>
      t.http.post('/v1/appeals').set(bearer(org.users.intake.token)).send(appealBody()),
    );
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: 'service_unavailable',
      message: 'The database took too long to answer; try again shortly',
      details: [],
    });
    expect(res.headers['retry-after']).toBe('2');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(t.logs()).toContain('"code":"55P03"');
    // And once the lock is gone, the same request goes through.
    await t.http.post('/v1/appeals').set(bearer(org.users.intake.token)).send(appealBody()).expect(201);
  });

  it("answers 503 when the owner's pool (login) waits past lock_timeout", async () => {
    const res = await whileLocked('users', 'ACCESS EXCLUSIVE', () =>
      t.http
        .post('/v1/auth/token')
        .send({ email: org.users.lawyer.email, password: 'correct horse battery' }),
    );
    expect(res.status).toBe(503);
    expect(res.body.message).toBe('The database took too long to answer; try again shortly');
  });

  it('reports the key cache to operators on /health/details: entries and bytes, no keys', async () => {
    const res = await t.http.get('/health/details').set(asOperator(t)).expect(200);
    expect(res.body.keyCache).toEqual({
      entries: expect.any(Number),
      maxEntries: 10_000,
      keyBytes: res.body.keyCache.entries * 32,
      approximateBytes: expect.any(Number),
    });
    // The appeal above made its client a key, and this process holds it unwrapped.
    expect(res.body.keyCache.entries).toBeGreaterThanOrEqual(1);
  });
});

import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import {
  AppConfig,
  checkConnectionBudget,
  connectionBudget,
  createLogger,
  loadConfig,
  readServerConnections,
} from '@huquq/platform';
import { OwnPostgres } from '../faults/support/own-postgres';
import { waitFor } from '../support/wait-for';

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const JWT_SECRET = randomBytes(32).toString('base64url');

function config(databaseUrl: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JWT_SECRET,
    BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
    HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
    ...env,
  });
}

/** Runs the start-up check with a logger of its own; returns the budget and what was logged. */
async function check(appConfig: AppConfig) {
  let logged = '';
  const sink = new PassThrough();
  sink.on('data', (chunk) => (logged += chunk.toString()));
  const budget = await checkConnectionBudget(appConfig, createLogger('info', sink));
  await new Promise((resolve) => setImmediate(resolve));
  const lines = logged
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: number; msg: string; connections?: Record<string, number> });
  return { budget, lines, logged };
}

async function openClients(url: string, n: number): Promise<Client[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
}

describe('the connection budget, on a PostgreSQL of its own with max_connections = 20', () => {
  let pg: OwnPostgres;
  beforeAll(async () => {
    pg = await OwnPostgres.start({ max_connections: 20, superuser_reserved_connections: 3 });
  }, 120_000);
  afterAll(async () => {
    await pg?.destroy();
  });

  it('warns once, with the numbers and no secret, when the defaults cannot fit', async () => {
    // A password in the URL (trust auth ignores it) must not reach the log.
    const url = pg.url('postgres').replace('postgres@', 'postgres:n0t-in-the-log@');
    const { budget, lines, logged } = await check(config(url));
    expect(budget).toMatchObject({
      maxConnections: 20,
      superuserReservedConnections: 3,
      currentConnections: 0,
      owner: 15,
      app: 20,
      keyring: 5,
      listening: 3,
      perProcess: 43,
      expectedInstances: 1,
      deployment: 43,
      reserve: 10,
      available: 7,
      deploymentFits: false,
      processFitsNow: false,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0].level).toBe(40); // warn
    expect(lines[0].msg).toContain(
      '1 expected instance(s) × 43 per process (owner pool 15 + request pool 20 + keyring pool 5 + 3 listening) = 43 > ' +
        'max_connections 20 − superuser_reserved_connections 3 − reserve 10 = 7',
    );
    expect(lines[0].msg).toContain('0 connected now + 43 of this process = 43 > 7');
    expect(lines[0].connections).toMatchObject({ maxConnections: 20, perProcess: 43, available: 7 });
    expect(logged).not.toContain('n0t-in-the-log');
    expect(logged).not.toContain(JWT_SECRET);
    expect(logged).not.toContain('postgres://');
  });

  it('stays quiet when the pools fit, and counts the connections already open', async () => {
    const small = config(pg.url('postgres'), {
      DATABASE_POOL_SIZE: '2',
      APP_DATABASE_POOL_SIZE: '1',
      KEYRING_DATABASE_POOL_SIZE: '1',
    });
    const quiet = (await waitFor(async () => {
      const result = await check(small);
      return result.budget?.currentConnections === 0 ? result : undefined;
    }))!;
    expect(quiet.budget).toMatchObject({
      perProcess: 7,
      available: 7,
      deploymentFits: true,
      processFitsNow: true,
    });
    expect(quiet.lines).toEqual([]);

    // Three sessions of someone else (a plain role sees their rows but not their backend_type).
    await openClients(pg.url('postgres'), 1).then(async ([admin]) => {
      await admin.query('CREATE ROLE plain LOGIN');
      await admin.end();
    });
    const others = await openClients(pg.url('postgres'), 3);
    try {
      const asPlain = pg.url('postgres').replace('postgres@', 'plain@');
      // (A session just ended may linger in pg_stat_activity for a moment while its backend exits.)
      await waitFor(async () => (await readServerConnections(asPlain)).currentConnections === 3, {
        what: 'the three sessions counted, as seen by a plain role',
      });
      const crowded = (await waitFor(async () => {
        const result = await check(small);
        return result.budget?.currentConnections === 3 ? result : undefined;
      }))!;
      expect(crowded.budget).toMatchObject({ deploymentFits: true, processFitsNow: false });
      expect(crowded.lines).toHaveLength(1);
      expect(crowded.lines[0].msg).toContain('3 connected now + 7 of this process = 10 > 7');
      expect(crowded.lines[0].msg).not.toContain('expected instance');
    } finally {
      await Promise.all(others.map((client) => client.end()));
    }
  });

  it('counts the whole deployment with EXPECTED_INSTANCES', async () => {
    const two = config(pg.url('postgres'), {
      DATABASE_POOL_SIZE: '2',
      APP_DATABASE_POOL_SIZE: '1',
      KEYRING_DATABASE_POOL_SIZE: '1',
      EXPECTED_INSTANCES: '2',
      DATABASE_CONNECTION_RESERVE: '3',
    });
    // 2 × (2 + 1 + 1 + 3) = 14 ≤ 20 − 3 − 3 = 14
    expect((await check(two)).lines).toEqual([]);
    const three = await check({ ...two, EXPECTED_INSTANCES: 3 } as AppConfig);
    expect(three.budget).toMatchObject({ deployment: 21, available: 14, deploymentFits: false });
    expect(three.lines[0].msg).toContain('3 expected instance(s) × 7 per process');
  });

  it('warns (and does not stop the start) when the server cannot be asked', async () => {
    const { budget, lines } = await check(config('postgres://postgres@127.0.0.1:1/huquq'));
    expect(budget).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0].msg).toBe('could not read max_connections to check the connection budget');
  });
});

describe('the connection budget with the shared server’s real numbers', () => {
  it('reads max_connections, the reserved slots and the open connections', async () => {
    const server = await readServerConnections(`${SERVER}/postgres`);
    const { rows } = await (async () => {
      const client = new Client({ connectionString: `${SERVER}/postgres` });
      await client.connect();
      try {
        return await client.query<{ max: string; reserved: string }>(
          "SELECT current_setting('max_connections') AS max, current_setting('superuser_reserved_connections') AS reserved",
        );
      } finally {
        await client.end();
      }
    })();
    expect(server.maxConnections).toBe(Number(rows[0].max));
    expect(server.superuserReservedConnections).toBe(Number(rows[0].reserved));
    expect(server.currentConnections).toBeGreaterThanOrEqual(0);
    expect(server.currentConnections).toBeLessThan(server.maxConnections);

    // As many instances as just fit, then one more.
    const defaults = config(`${SERVER}/postgres`);
    const available = server.maxConnections - server.superuserReservedConnections - 10;
    const fitting = Math.max(1, Math.floor(available / 43));
    const fits = connectionBudget({ ...defaults, EXPECTED_INSTANCES: fitting }, server);
    const overflows = connectionBudget({ ...defaults, EXPECTED_INSTANCES: fitting + 1 }, server);
    expect(fits.available).toBe(available);
    expect(fits.deploymentFits).toBe(fitting * 43 <= available);
    expect(overflows).toMatchObject({ deployment: (fitting + 1) * 43, deploymentFits: false });
  });
});

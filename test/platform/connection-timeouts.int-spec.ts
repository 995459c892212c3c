import { randomUUID } from 'node:crypto';
import { Client, PoolClient } from 'pg';
import {
  appDatabaseUrl,
  appRoleName,
  Database,
  runMigrations,
  TenantDatabase,
  toErrorBody,
  urlWithTimeouts,
} from '@huquq/platform';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * statement_timeout, lock_timeout and idle_in_transaction_session_timeout on huquq's own
 * connections, with tiny values in the test's own pools, on a database of the test's own.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const TINY = { statementTimeoutMs: 400, lockTimeoutMs: 200, idleInTransactionMs: 500 };

async function settingsOf(sql: { query: (text: string) => Promise<{ rows: unknown[] }> }) {
  const { rows } = await sql.query(
    `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
            current_setting('idle_in_transaction_session_timeout') AS idle`,
  );
  return rows[0];
}

/** The backend is gone from the server once it ended the session. */
async function backendAlive(owner: Database, pid: number): Promise<boolean> {
  const { rows } = await owner.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
  return rows.length > 0;
}

/** Runs `work` in a transaction, then leaves it idle for `idleMs`, then tries one more statement. */
async function idleInTransaction(
  transaction: <T>(work: (tx: PoolClient) => Promise<T>) => Promise<T>,
  idleMs: number,
) {
  let pid = 0;
  let ended: (Error & { code?: string }) | null = null;
  const outcome = await transaction(async (tx) => {
    tx.once('error', (error: Error & { code?: string }) => (ended ??= error));
    pid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    await sleep(idleMs); // a transaction left open: awaiting something that never comes
    await tx.query('SELECT 1');
    return 'committed';
  }).catch((error: Error) => error);
  return { pid, ended: ended as (Error & { code?: string }) | null, outcome };
}

describe('timeouts of huquq connections', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase();
    await test.db.query('CREATE TABLE timeout_probe (id int PRIMARY KEY)');
    // This installation's request role (made by the migrations), not the shared one of old.
    await test.db.query(`GRANT SELECT ON timeout_probe TO ${appRoleName(test.url)}`);
  });

  afterAll(async () => {
    await test.drop();
  });

  /** Holds an ACCESS EXCLUSIVE lock on timeout_probe until the returned release is called. */
  async function holdLock(): Promise<() => Promise<void>> {
    const holder = new Client({ connectionString: test.url });
    await holder.connect();
    await holder.query('BEGIN; LOCK TABLE timeout_probe IN ACCESS EXCLUSIVE MODE');
    return async () => {
      await holder.query('ROLLBACK');
      await holder.end();
    };
  }

  describe('the owner pool (Database): per session, in the startup packet', () => {
    let db: Database;
    beforeAll(() => {
      db = new Database(test.url, 2, TINY);
    });
    afterAll(() => db.close());

    it('carries the three settings on every connection, outside transactions too', async () => {
      expect(await settingsOf(db)).toEqual({ statement: '400ms', lock: '200ms', idle: '500ms' });
      expect(await db.transaction((tx) => settingsOf(tx))).toEqual({
        statement: '400ms',
        lock: '200ms',
        idle: '500ms',
      });
    });

    it('cancels a statement that runs past statement_timeout, with a clear error', async () => {
      const started = Date.now();
      const error = await db.query('SELECT pg_sleep(5)').catch((e: Error & { code?: string }) => e);
      expect(error).toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
      expect(Date.now() - started).toBeLessThan(3000);
      // The connection is fine afterwards, and a request would answer 503 with a plain message.
      expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(toErrorBody(error)).toEqual({
        status: 503,
        body: {
          error: 'service_unavailable',
          message: 'The database took too long to answer; try again shortly',
          details: [],
        },
      });
    });

    it('gives up waiting for a lock after lock_timeout', async () => {
      const release = await holdLock();
      try {
        await expect(db.query('SELECT count(*) FROM timeout_probe')).rejects.toMatchObject({
          code: '55P03',
          message: 'canceling statement due to lock timeout',
        });
      } finally {
        await release();
      }
    });

    it('has the server end a transaction left idle past idle_in_transaction_session_timeout', async () => {
      const { pid, ended, outcome } = await idleInTransaction((work) => db.transaction(work), 1500);
      expect(ended).toMatchObject({
        code: '25P03',
        message: 'terminating connection due to idle-in-transaction timeout',
      });
      expect(outcome).toBeInstanceOf(Error);
      expect(await backendAlive(test.db, pid)).toBe(false);
      // The pool drops the dead client and connects anew.
      expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });

  describe('the request pool (TenantDatabase): per transaction, as a transaction-mode pooler allows', () => {
    let tenant: TenantDatabase;
    const org = randomUUID();
    beforeAll(() => {
      tenant = new TenantDatabase(appDatabaseUrl(test.url), 1, TINY);
    });
    afterAll(() => tenant.close());

    it('sets the three in each transaction, and leaves nothing on the connection after it', async () => {
      expect(await tenant.transaction(org, (tx) => settingsOf(tx))).toEqual({
        statement: '400ms',
        lock: '200ms',
        idle: '500ms',
      });
      // The same (only) connection, outside a transaction: the server's defaults again.
      expect(await settingsOf(tenant.pool)).toEqual(await settingsOf(test.db));
      expect(await settingsOf(tenant.pool)).not.toEqual({ statement: '400ms', lock: '200ms', idle: '500ms' });
    });

    it('cancels a statement past statement_timeout, in a transaction and alone', async () => {
      await expect(tenant.transaction(org, (tx) => tx.query('SELECT pg_sleep(5)'))).rejects.toMatchObject({
        code: '57014',
      });
      await expect(tenant.statementAlone(org, 'SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
      expect(await tenant.statementAlone(org, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    it('gives up waiting for a lock after lock_timeout', async () => {
      const release = await holdLock();
      try {
        await expect(
          tenant.transaction(org, (tx) => tx.query('SELECT count(*) FROM timeout_probe')),
        ).rejects.toMatchObject({ code: '55P03' });
      } finally {
        await release();
      }
    });

    it('has the server end a transaction left idle past idle_in_transaction_session_timeout', async () => {
      const { pid, ended, outcome } = await idleInTransaction((work) => tenant.transaction(org, work), 1500);
      expect(ended).toMatchObject({ code: '25P03' });
      expect(outcome).toBeInstanceOf(Error);
      expect(await backendAlive(test.db, pid)).toBe(false);
      expect(await tenant.transaction(org, async (tx) => (await tx.query('SELECT 1 AS one')).rows)).toEqual([
        { one: 1 },
      ]);
    });
  });

  it('puts the timeouts into a URL for code that takes only a URL (the LISTEN connection)', async () => {
    const withOwnOptions = `${test.url}?options=${encodeURIComponent('-c lock_timeout=7000 -c search_path=public')}`;
    for (const [url, lock] of [
      [urlWithTimeouts(test.url, TINY), '200ms'],
      // The URL's own options come last: an operator's explicit choice wins.
      [urlWithTimeouts(withOwnOptions, TINY), '7s'],
    ]) {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        expect(await settingsOf(client)).toEqual({ statement: '400ms', lock, idle: '500ms' });
      } finally {
        await client.end();
      }
    }
  });

  it('lets migrations wait for another instance migrating, whatever lock_timeout the database sets', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    const name = new URL(fresh.url).pathname.slice(1);
    await test.db.query(`ALTER DATABASE ${name} SET lock_timeout = '200ms'`);
    await test.db.query(`ALTER DATABASE ${name} SET statement_timeout = '200ms'`);
    // Another instance holds the migration lock for a second.
    const other = new Client({ connectionString: fresh.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(7285001)');
      const migrating = runMigrations(fresh.url);
      await sleep(1000);
      await other.query('SELECT pg_advisory_unlock(7285001)');
      expect((await migrating).length).toBeGreaterThan(0);
    } finally {
      await other.end();
      await fresh.drop();
    }
  });
});

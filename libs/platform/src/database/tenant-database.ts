import { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { NotFound } from '@huquq/shared-kernel';
import { appRoleName, withUser } from './app-role';
import { survivesLostConnections } from './database';
import { sessionConnection, SessionTimeouts, transactionLocalTimeouts } from './session-timeouts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The request path's connections: as `huquq_app`, which row-level security confines to the
 * organization named for each transaction. There is deliberately no query outside a
 * transaction: every statement runs with an organization set.
 *
 * `timeouts` are set the same way, per transaction (`set_config(…, true)` in the statement that
 * opens it, no extra round trip), not per session: this is the one pool that may go through a
 * transaction-mode PgBouncer, which would refuse or drop them as startup options and would lend
 * a session-level SET to whichever client gets that server connection next.
 */
export class TenantDatabase {
  readonly pool: Pool;
  /** `, set_config('statement_timeout', '30000', true), …`: appended to each transaction's first SELECT. */
  readonly #timeouts: string;

  constructor(url: string, max = 20, timeouts: SessionTimeouts = {}) {
    this.pool = survivesLostConnections(
      new Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 }),
    );
    this.#timeouts = transactionLocalTimeouts(timeouts)
      .map((call) => `, ${call}`)
      .join('');
  }

  async transaction<T>(orgId: string, work: (tx: PoolClient) => Promise<T>): Promise<T> {
    // Inlined into one round trip with BEGIN; safe because it must be a plain UUID (and the
    // timeouts plain integers).
    if (!UUID.test(orgId)) throw new NotFound('organization');
    const client = await this.pool.connect();
    try {
      await client.query(
        `BEGIN; SELECT set_config('huquq.org_id', '${orgId.toLowerCase()}', true)${this.#timeouts}`,
      );
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * One statement in a transaction of its own, with the organization set, in ONE round trip:
   * both go as one simple-protocol query, which PostgreSQL runs as one implicit transaction
   * (committed at its end, rolled back on error). For a statement on a hot row, whose lock is
   * then held for the statement and its commit only, never for a round trip to the client.
   *
   * The simple protocol takes no parameters: `statement` must be built only from values the
   * caller has checked to be plain literals (integers, UUIDs), never from text a client sent.
   * `durable: false` commits without waiting for the WAL flush: only for a write whose loss in
   * a crash is harmless because nothing that depends on it can be durable before it (a later
   * synchronous commit flushes the WAL up to and past it).
   */
  async statementAlone<R extends QueryResultRow>(
    orgId: string,
    statement: string,
    options: { durable?: boolean } = {},
  ): Promise<R[]> {
    if (!UUID.test(orgId)) throw new NotFound('organization');
    const settings = [`set_config('huquq.org_id', '${orgId.toLowerCase()}', true)`];
    if (options.durable === false) settings.push("set_config('synchronous_commit', 'off', true)");
    const results = (await this.pool.query(
      `SELECT ${settings.join(', ')}${this.#timeouts}; ${statement}`,
    )) as unknown as QueryResult<R>[];
    return results[results.length - 1].rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * The app role's URL: APP_DATABASE_URL (loadConfig always sets it), or DATABASE_URL as this
 * installation's role `huquq_app_<database>` with no password (tests on a trusting server).
 */
export function appDatabaseUrl(databaseUrl: string, appDatabaseUrlSetting?: string): string {
  return appDatabaseUrlSetting ?? withUser(databaseUrl, appRoleName(databaseUrl));
}

/**
 * When the operator gives the app role a password (APP_DATABASE_URL), the owner sets it at start,
 * so a fresh installation needs no manual ALTER ROLE.
 */
export async function syncAppRolePassword(
  ownerUrl: string,
  appUrl: string,
  timeouts: SessionTimeouts = {},
): Promise<void> {
  const url = new URL(appUrl);
  if (!url.password) return;
  const owner = new Pool({ ...sessionConnection(ownerUrl, timeouts), max: 1 });
  try {
    const { rows } = await owner.query<{ sql: string }>(
      'SELECT format($$ALTER ROLE %I PASSWORD %L$$, $1::text, $2::text) AS sql',
      [decodeURIComponent(url.username), decodeURIComponent(url.password)],
    );
    await owner.query(rows[0].sql);
  } finally {
    await owner.end();
  }
}

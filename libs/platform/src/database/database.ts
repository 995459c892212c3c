import { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { sessionConnection, SessionTimeouts } from './session-timeouts';

/**
 * A statement that every connection parses and plans once, then reuses (pg's named prepared
 * statements): for the hottest statements, whose planning costs more than running them. Only
 * for statements whose plan does not depend on their values (PostgreSQL may switch to a
 * generic plan after five runs). Each name must always go with the same text.
 */
export interface PreparedStatement {
  name: string;
  text: string;
}

/** Anything that runs SQL: the pool itself or one client inside a transaction. */
export interface Sql {
  query<R extends QueryResultRow = QueryResultRow>(
    text: string | PreparedStatement,
    values?: unknown[],
  ): Promise<QueryResult<R>>;
}

export interface TransactionOptions {
  /** The organization whose rows this transaction may see (row-level security reads it). */
  orgId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A connection that loses its server (PostgreSQL restarted, crashed, or ended the backend) must
 * not crash the process. pg reports it as an 'error' event on the client, and a client checked
 * out of the pool (a transaction under way) has no listener of the pool's: the event would be
 * unhandled and kill the process. Every client gets a listener of its own; the statement under
 * way still fails (the request answers 503), the dead client is dropped at release, and the next
 * checkout connects anew. The pool's own 'error' covers idle clients.
 */
export function survivesLostConnections(pool: Pool): Pool {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * The owner's pool of PostgreSQL connections. Hand-written SQL on `pg`: the event store and the
 * read models need exact control of round trips and transactions.
 *
 * `timeouts` go in each connection's startup packet (`options`), so they bound every statement
 * and transaction of the session from its first one. These are direct session connections (the
 * same URL serves LISTEN and the migrations' session lock), never through a transaction-mode
 * pooler. Without `timeouts`, the server's (or role's) settings apply.
 */
export class Database implements Sql {
  readonly pool: Pool;

  constructor(
    readonly url: string,
    max = 10,
    timeouts: SessionTimeouts = {},
  ) {
    this.pool = survivesLostConnections(
      new Pool({ ...sessionConnection(url, timeouts), max, connectionTimeoutMillis: 5000 }),
    );
  }

  query<R extends QueryResultRow = QueryResultRow>(
    text: string | PreparedStatement,
    values?: unknown[],
  ): Promise<QueryResult<R>> {
    return typeof text === 'string'
      ? this.pool.query<R>(text, values)
      : this.pool.query<R>({ ...text, values });
  }

  async transaction<T>(work: (tx: PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = await this.pool.connect();
    try {
      if (options.orgId && UUID.test(options.orgId)) {
        // One round trip with BEGIN, as in TenantDatabase: inlined only because it is a plain UUID.
        await client.query(
          `BEGIN; SELECT set_config('huquq.org_id', '${options.orgId.toLowerCase()}', true)`,
        );
      } else {
        await client.query('BEGIN');
        // `true`: local to this transaction, so a pooled connection never carries it over.
        if (options.orgId) await client.query("SELECT set_config('huquq.org_id', $1, true)", [options.orgId]);
      }
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

  async close(): Promise<void> {
    await this.pool.end();
  }
}

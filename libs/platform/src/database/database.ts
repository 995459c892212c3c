import { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';

/** Anything that runs SQL: the pool itself or one client inside a transaction. */
export interface Sql {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

export interface TransactionOptions {
  /** The organization whose rows this transaction may see (row-level security reads it). */
  orgId?: string;
}

/**
 * The one pool of PostgreSQL connections. Hand-written SQL on `pg`: the event store and the
 * read models need exact control of round trips and transactions.
 */
export class Database implements Sql {
  readonly pool: Pool;

  constructor(
    readonly url: string,
    max = 10,
  ) {
    this.pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
    // An idle client that loses its server must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<R>> {
    return this.pool.query<R>(text, values);
  }

  async transaction<T>(work: (tx: PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (options.orgId) {
        // `true`: local to this transaction, so a pooled connection never carries it over.
        await client.query("SELECT set_config('huquq.org_id', $1, true)", [options.orgId]);
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

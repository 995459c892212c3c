import { Client } from 'pg';

/** Statement calls in the bench's database since the last reset, the bench's own probes left out. */
export interface StatementCounts {
  /** Every call pg_stat_statements counted: with `track = all`, also those inside triggers and functions. */
  all: number;
  /** Only those a client sent (`toplevel`); the rest ran inside a trigger or a function. */
  topLevel: number;
  /** All calls by the role that ran them (the role after any SET ROLE: the connection's user here). */
  byRole: Record<string, number>;
  /** Entries pg_stat_statements evicted since its reset: their calls are lost; should be 0. */
  deallocations: number;
}

/**
 * pg_stat_statements, when the server preloads it (the shared development server does not; the
 * private server `npm run bench` starts for baseline and intake does: support/own-postgres.ts).
 * `open` answers null when it is not available, so benches run the same either way.
 *
 * `exclude`: a role whose statements are not counted — the one the bench's own probes connect
 * as (MONITOR_ROLE), so that counting rows or reading this view never adds to the service's figures.
 */
export class StatementStats {
  private constructor(
    private readonly url: string,
    private readonly exclude: string | null,
  ) {}

  static async open(url: string, exclude: string | null = null): Promise<StatementStats | null> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT pg_stat_statements_reset()');
      return new StatementStats(url, exclude);
    } catch {
      return null;
    } finally {
      await client.end();
    }
  }

  async reset(): Promise<void> {
    await this.run((client) => client.query('SELECT pg_stat_statements_reset()'));
  }

  /**
   * The statements of this database and of its keyring (`<database>_keyring`, where people's
   * data keys are made: decision 0023), the excluded role left out. `$1` is the excluded role.
   */
  private static readonly FROM = `FROM pg_stat_statements s
       JOIN pg_database d ON d.oid = s.dbid
       LEFT JOIN pg_roles r ON r.oid = s.userid
       WHERE d.datname IN (current_database(), current_database() || '_keyring')
         AND r.rolname::text IS DISTINCT FROM $1::text`;

  /** The role, or `keyring` for what ran in the keyring database. */
  private static readonly ROLE = `CASE WHEN d.datname = current_database() THEN r.rolname::text ELSE 'keyring' END`;

  async counts(): Promise<StatementCounts> {
    return this.run(async (client) => {
      const { rows } = await client.query<{ role: string | null; toplevel: boolean; calls: string }>(
        `SELECT ${StatementStats.ROLE} AS role, s.toplevel, sum(s.calls) AS calls ${StatementStats.FROM} GROUP BY 1, 2`,
        [this.exclude],
      );
      const { rows: info } = await client.query<{ dealloc: string }>(
        'SELECT dealloc FROM pg_stat_statements_info',
      );
      const byRole: Record<string, number> = {};
      let all = 0;
      let topLevel = 0;
      for (const row of rows) {
        const calls = Number(row.calls);
        all += calls;
        if (row.toplevel) topLevel += calls;
        const role = row.role ?? '(dropped role)';
        byRole[role] = (byRole[role] ?? 0) + calls;
      }
      return { all, topLevel, byRole, deallocations: Number(info[0]?.dealloc ?? 0) };
    });
  }

  /**
   * The statements of this database, most time (or most calls) first, with calls per `unit`
   * (e.g. per appeal), the role that ran each and whether a client sent it (`topLevel`).
   */
  async top(units: number, limit = 30, order: 'time' | 'calls' = 'time'): Promise<Record<string, unknown>[]> {
    return this.run(async (client) => {
      const { rows } = await client.query<{
        query: string;
        role: string | null;
        toplevel: boolean;
        calls: string;
        total_ms: number;
        mean_ms: number;
        plan_ms: number;
        rows: string;
      }>(
        `SELECT regexp_replace(s.query, '\\s+', ' ', 'g') AS query, ${StatementStats.ROLE} AS role, s.toplevel, s.calls,
                s.total_exec_time AS total_ms, s.mean_exec_time AS mean_ms, s.total_plan_time AS plan_ms, s.rows
         ${StatementStats.FROM}
         ORDER BY ${order === 'calls' ? 's.calls DESC, s.total_exec_time DESC' : 's.total_exec_time DESC'}
         LIMIT $2`,
        [this.exclude, limit],
      );
      const { rows: totals } = await client.query<{ calls: string; total_ms: number; plan_ms: number }>(
        `SELECT sum(s.calls) AS calls, sum(s.total_exec_time) AS total_ms, sum(s.total_plan_time) AS plan_ms
         ${StatementStats.FROM}`,
        [this.exclude],
      );
      return [
        {
          query: '(all statements)',
          calls: Number(totals[0].calls),
          perUnit: round(Number(totals[0].calls) / units),
          totalMs: round(totals[0].total_ms),
          msPerUnit: round(totals[0].total_ms / units),
          planMs: round(totals[0].plan_ms),
        },
        ...rows.map((row) => ({
          query: row.query.slice(0, 160),
          role: row.role,
          topLevel: row.toplevel,
          calls: Number(row.calls),
          perUnit: round(Number(row.calls) / units),
          totalMs: round(row.total_ms),
          meanMs: round(row.mean_ms),
          planMs: round(row.plan_ms),
        })),
      ];
    });
  }

  private async run<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

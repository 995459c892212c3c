import { Client } from 'pg';

/**
 * pg_stat_statements, when the server preloads it (the shared development server does not;
 * a private instance for profiling can: see docs/performance.md). Every call answers null
 * when it is not available, so benches run the same either way.
 */
export class StatementStats {
  private constructor(private readonly url: string) {}

  static async open(url: string): Promise<StatementStats | null> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT pg_stat_statements_reset()');
      return new StatementStats(url);
    } catch {
      return null;
    } finally {
      await client.end();
    }
  }

  async reset(): Promise<void> {
    await this.run((client) => client.query('SELECT pg_stat_statements_reset()'));
  }

  /** The statements of this database, most time first, with calls per `unit` (e.g. per appeal). */
  async top(units: number, limit = 30): Promise<Record<string, unknown>[]> {
    return this.run(async (client) => {
      const { rows } = await client.query<{
        query: string;
        calls: string;
        total_ms: number;
        mean_ms: number;
        plan_ms: number;
        rows: string;
      }>(
        `SELECT regexp_replace(s.query, '\\s+', ' ', 'g') AS query, s.calls, s.total_exec_time AS total_ms,
                s.mean_exec_time AS mean_ms, s.total_plan_time AS plan_ms, s.rows
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
         WHERE d.datname = current_database()
         ORDER BY s.total_exec_time DESC LIMIT $1`,
        [limit],
      );
      const { rows: totals } = await client.query<{ calls: string; total_ms: number; plan_ms: number }>(
        `SELECT sum(s.calls) AS calls, sum(s.total_exec_time) AS total_ms, sum(s.total_plan_time) AS plan_ms
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()`,
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

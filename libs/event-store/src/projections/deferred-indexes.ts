import { Database, Sql } from '@huquq/platform';

/**
 * Indexes a full rebuild drops after the reset and builds again after the replay
 * (docs/decisions/0151): filling a table and then building its index once, sorted, costs a
 * fraction of keeping the index current row by row. Each definition is kept in
 * projection_deferred_indexes in the reset's own transaction, so a rebuild that is interrupted
 * leaves a record of what to build, and the next rebuild (or `restoreDeferredIndexes` at any
 * start) builds it.
 */

/** Drops the named indexes, keeping their definitions first. Inside the reset's transaction. */
export async function deferIndexes(tx: Sql, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const { rows } = await tx.query<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition
     FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
     WHERE c.relname = ANY($1::text[]) AND c.relnamespace = current_schema()::regnamespace
       AND NOT i.indisunique`,
    [names],
  );
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO projection_deferred_indexes (index_name, definition)
     SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (index_name) DO NOTHING`,
    [rows.map((r) => r.name), rows.map((r) => r.definition)],
  );
  for (const { name } of rows) await tx.query(`DROP INDEX ${quoteIdent(name)}`);
}

/**
 * Builds every index a rebuild deferred, two at a time (one per core of a small machine;
 * PostgreSQL may add its own workers to each), each in a transaction with its record.
 */
export async function restoreDeferredIndexes(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ index_name: string; definition: string }>(
    'SELECT index_name, definition FROM projection_deferred_indexes ORDER BY index_name',
  );
  const pending = [...rows];
  const built: string[] = [];
  const lane = async () => {
    for (let next = pending.shift(); next; next = pending.shift()) {
      const { index_name: name, definition } = next;
      await db.transaction(async (tx) => {
        const { rows: exists } = await tx.query('SELECT to_regclass($1) IS NOT NULL AS present', [
          quoteIdent(name),
        ]);
        if (!exists[0].present) await tx.query(definition);
        await tx.query('DELETE FROM projection_deferred_indexes WHERE index_name = $1', [name]);
      });
      built.push(name);
    }
  };
  await Promise.all([lane(), lane()]);
  return built.sort();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

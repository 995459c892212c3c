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
 * Drops the named primary keys / unique constraints, keeping first what adds each back
 * (docs/decisions/0153). Inside the reset's transaction.
 *
 * Only for tables `apply` writes with a bare ON CONFLICT DO NOTHING and never reads by the key:
 * while it is gone, a running API's inline writes of events the replay then applies again add
 * a second copy of a row. So what is recorded adds the constraint back with the table locked
 * against writes, and if copies stop it, deletes all but one row per key and adds it again:
 * the constraint ends under its own name and definition, as the migrations made it.
 */
export async function deferKeys(tx: Sql, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const { rows } = await tx.query<{
    name: string;
    table_name: string;
    definition: string;
    columns: string[];
    nulls_distinct: boolean;
  }>(
    `SELECT con.conname AS name, format('%I.%I', n.nspname, t.relname) AS table_name,
            pg_get_constraintdef(con.oid) AS definition,
            array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                  ORDER BY k.i)::text[] AS columns,
            NOT i.indnullsnotdistinct AS nulls_distinct
     FROM pg_constraint con
     JOIN pg_class t ON t.oid = con.conrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_index i ON i.indexrelid = con.conindid
     WHERE con.conname = ANY($1::text[]) AND con.contype IN ('p', 'u')
       AND n.oid = current_schema()::regnamespace`,
    [names],
  );
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO projection_deferred_indexes (index_name, definition)
     SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (index_name) DO NOTHING`,
    [rows.map((r) => r.name), rows.map(addKeyBack)],
  );
  for (const { name, table_name: table } of rows)
    await tx.query(`ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(name)}`);
}

/**
 * One statement: lock, add, and on a duplicate keep one row per key and add again. The lock is
 * taken outside the inner block (a failed block gives back the locks taken in it), and at once
 * in the mode ADD CONSTRAINT needs: a request that has read the table and then writes to it
 * goes ahead of a waiting lock, rather than deadlocking with one that would upgrade.
 */
function addKeyBack(key: {
  name: string;
  table_name: string;
  definition: string;
  columns: string[];
  nulls_distinct: boolean;
}): string {
  const table = key.table_name;
  const columns = key.columns.map(quoteIdent);
  const add = `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.definition};`;
  // Rows with a NULL in the key never conflict unless the key says NULLS NOT DISTINCT.
  const conflicting = key.nulls_distinct ? ` WHERE ${columns.map((c) => `${c} IS NOT NULL`).join(' AND ')}` : '';
  const body = `
BEGIN
  LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE;
  BEGIN
    ${add}
  EXCEPTION WHEN unique_violation THEN
    DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM (
        SELECT ctid, row_number() OVER (PARTITION BY ${columns.join(', ')} ORDER BY ctid) AS n
        FROM ${table}${conflicting}
      ) copies WHERE n > 1));
    ${add}
  END;
END`;
  if (body.includes('$key$')) throw new Error(`Cannot defer ${key.name}: its definition holds $key$`);
  return `DO $key$${body}
$key$`;
}

/**
 * Builds every index and key a rebuild deferred, two at a time (one per core of a small machine;
 * PostgreSQL may add its own workers to each), each in a transaction with its record. A key's
 * index bears the key's name, so "already there" is the same test for both.
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

import type { Client } from 'pg';

export interface ClockMove {
  /** The transaction-id offset added to new events, before and after. */
  from: string;
  to: string;
}

/**
 * Moves the log's clock forward when the newest stored event's transaction id is not below the
 * ids this cluster will hand out next: after a restore into a new cluster (decision 0018). New
 * events then sort after every restored one, and readers treat everything restored as
 * committed. Runs at start, under the migration lock; null when nothing had to move.
 */
export async function ensureLogClock(client: Client): Promise<ClockMove | null> {
  const { rows } = await client.query<{ newest: string | null; next: string; xid_offset: string }>(
    `SELECT (SELECT transaction_id FROM events ORDER BY transaction_id DESC LIMIT 1)::text AS newest,
            pg_snapshot_xmax(pg_current_snapshot())::text AS next,
            c.xid_offset::text AS xid_offset
     FROM log_clock c`,
  );
  const { newest, next, xid_offset: offset } = rows[0];
  if (newest === null || BigInt(newest) < BigInt(next) + BigInt(offset)) return null;
  // A margin past the newest event, so ids taken between this check and the first new event
  // (this very start takes some) still sort after it.
  const moved = (BigInt(newest) - BigInt(next) + 1_000_000n).toString();
  const eraStart = (BigInt(next) + BigInt(moved)).toString();
  await client.query('BEGIN');
  try {
    await client.query(
      `UPDATE log_clock SET xid_offset = $1::numeric, era_start = $2::xid8, moves = moves + 1, moved_at = now()`,
      [moved, eraStart],
    );
    // A literal in the column's default: new rows take it with no lookup. Only digits reach it.
    await client.query(
      `ALTER TABLE events ALTER COLUMN transaction_id
       SET DEFAULT (pg_current_xact_id()::text::numeric + ${BigInt(moved).toString()})::text::xid8`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return { from: offset, to: moved };
}

/**
 * The request path's role, its grants and every table's tenant policy, as the migrations left
 * them. A restore into a new cluster may lack the role (roles are global, not in a database's
 * dump), and then the policies and grants naming it were refused too. Idempotent: run at every
 * start, under the migration lock.
 */
export async function ensureAppRole(client: Client): Promise<void> {
  await client.query(`
    DO $$ BEGIN
      CREATE ROLE huquq_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- already there, or created by another database of this cluster meanwhile
    END $$`);
  await client.query(`
    SELECT huquq_isolate_by_org(format('%I', c.table_name)::regclass)
    FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'public' AND c.column_name = 'org_id' AND t.table_type = 'BASE TABLE'`);
  await client.query(`SELECT huquq_isolate_by_org('organizations', 'id')`);
  await client.query('GRANT USAGE ON SCHEMA public TO huquq_app');
  await client.query('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO huquq_app');
  await client.query('REVOKE UPDATE, DELETE, TRUNCATE ON events FROM huquq_app');
  await client.query(
    'REVOKE INSERT, UPDATE, DELETE ON schema_migrations, projection_checkpoints, parked_events, log_clock FROM huquq_app',
  );
  await client.query('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO huquq_app');
}

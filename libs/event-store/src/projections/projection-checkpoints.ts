import { Sql } from '@huquq/platform';
import { START, Checkpoint } from '../events';

/** The rows of projection_checkpoints and parked_events, read and written by the runner only. */

interface CheckpointRow {
  transaction_id: string;
  global_position: string;
}

function toCheckpoint(row: CheckpointRow | undefined): Checkpoint {
  return row ? { transactionId: row.transaction_id, globalPosition: Number(row.global_position) } : START;
}

/** Where the projection stands; START when it never ran. */
export async function readCheckpoint(sql: Sql, name: string): Promise<Checkpoint> {
  const { rows } = await sql.query<CheckpointRow>(
    'SELECT transaction_id::text AS transaction_id, global_position FROM projection_checkpoints WHERE name = $1',
    [name],
  );
  return toCheckpoint(rows[0]);
}

export async function readCheckpoints(sql: Sql, names: readonly string[]): Promise<Map<string, Checkpoint>> {
  const { rows } = await sql.query<CheckpointRow & { name: string }>(
    `SELECT name, transaction_id::text AS transaction_id, global_position
     FROM projection_checkpoints WHERE name = ANY($1::text[])`,
    [names],
  );
  return new Map(names.map((name) => [name, toCheckpoint(rows.find((row) => row.name === name))]));
}

/**
 * Locks the projection's checkpoint row until the transaction ends, creating it if missing.
 * Two instances running the same projection queue here; the later one then sees the moved
 * checkpoint and drops the page it read.
 */
export async function lockCheckpoint(tx: Sql, name: string): Promise<Checkpoint> {
  return (await lockCheckpoints(tx, [name])).get(name)!;
}

export function saveCheckpoint(
  tx: Sql,
  name: string,
  checkpoint: Checkpoint,
  recordedAt: Date | null,
): Promise<void> {
  return saveCheckpoints(tx, [name], checkpoint, recordedAt);
}

/**
 * lockCheckpoint for projections that step together: one statement for all their rows, locked
 * in name order, so two instances locking overlapping sets queue instead of deadlocking.
 * Rows missing (a projection's first step) are created first, then locked.
 */
export async function lockCheckpoints(tx: Sql, names: readonly string[]): Promise<Map<string, Checkpoint>> {
  const select = `SELECT name, transaction_id::text AS transaction_id, global_position
                  FROM projection_checkpoints WHERE name = ANY($1::text[]) ORDER BY name FOR UPDATE`;
  let { rows } = await tx.query<CheckpointRow & { name: string }>(select, [names]);
  if (rows.length < new Set(names).size) {
    await tx.query(
      'INSERT INTO projection_checkpoints (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING',
      [names],
    );
    ({ rows } = await tx.query<CheckpointRow & { name: string }>(select, [names]));
  }
  return new Map(names.map((name) => [name, toCheckpoint(rows.find((row) => row.name === name))]));
}

/** saveCheckpoint for projections that applied the same page: one statement for all of them. */
export async function saveCheckpoints(
  tx: Sql,
  names: readonly string[],
  checkpoint: Checkpoint,
  recordedAt: Date | null,
): Promise<void> {
  await tx.query(
    `UPDATE projection_checkpoints
     SET transaction_id = $2::xid8, global_position = $3, last_recorded_at = coalesce($4, last_recorded_at),
         updated_at = now()
     WHERE name = ANY($1::text[])`,
    [names, checkpoint.transactionId, checkpoint.globalPosition, recordedAt],
  );
}

export async function parkEvent(
  tx: Sql,
  name: string,
  globalPosition: number,
  errorMessage: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO parked_events (projection, global_position, error_message) VALUES ($1, $2, $3)
     ON CONFLICT (projection, global_position) DO UPDATE SET error_message = EXCLUDED.error_message, parked_at = now()`,
    [name, globalPosition, errorMessage],
  );
}

/** Back to the start of the log; parked events get another chance with the rebuilt code. */
export async function resetCheckpoint(tx: Sql, name: string): Promise<void> {
  await tx.query(
    `INSERT INTO projection_checkpoints (name) VALUES ($1)
     ON CONFLICT (name) DO UPDATE
     SET transaction_id = '0', global_position = 0, last_recorded_at = NULL, updated_at = now()`,
    [name],
  );
  await tx.query('DELETE FROM parked_events WHERE projection = $1', [name]);
}

export interface CheckpointStatusRow {
  name: string;
  transaction_id: string;
  global_position: string;
  last_recorded_at: Date | null;
  head_position: string | null;
  head_recorded_at: Date | null;
  first_pending_recorded_at: Date | null;
  behind: boolean;
  parked: string;
}

/**
 * Everything status() shows, without scanning the log: the head is one step down the primary
 * key, "behind" one step along events_transaction_order from the checkpoint.
 */
export async function readCheckpointStatus(
  sql: Sql,
  names: readonly string[],
): Promise<CheckpointStatusRow[]> {
  const { rows } = await sql.query<CheckpointStatusRow>(
    `SELECT n.name,
            coalesce(c.transaction_id, '0')::text AS transaction_id,
            coalesce(c.global_position, 0) AS global_position,
            c.last_recorded_at,
            head.global_position AS head_position,
            head.recorded_at AS head_recorded_at,
            pending.recorded_at AS first_pending_recorded_at,
            pending.global_position IS NOT NULL AS behind,
            (SELECT count(*) FROM parked_events p WHERE p.projection = n.name) AS parked
     FROM unnest($1::text[]) WITH ORDINALITY AS n(name, ord)
     LEFT JOIN projection_checkpoints c ON c.name = n.name
     LEFT JOIN LATERAL (
       SELECT global_position, recorded_at FROM events ORDER BY global_position DESC LIMIT 1
     ) AS head ON true
     LEFT JOIN LATERAL (
       SELECT e.global_position, e.recorded_at FROM events e
       WHERE (e.transaction_id, e.global_position) > (coalesce(c.transaction_id, '0'), coalesce(c.global_position, 0))
       ORDER BY e.transaction_id, e.global_position LIMIT 1
     ) AS pending ON true
     ORDER BY n.ord`,
    [names],
  );
  return rows;
}

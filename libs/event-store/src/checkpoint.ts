import type { Sql } from '@huquq/platform';
import { Checkpoint } from './events';

/** Negative, zero or positive as `a` is before, at or after `b` in the log's read order. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  // xid8 runs to 2^64: compare as bigint, never as a float.
  const byTransaction = BigInt(a.transactionId) - BigInt(b.transactionId);
  if (byTransaction !== 0n) return byTransaction < 0n ? -1 : 1;
  return a.globalPosition - b.globalPosition;
}

export function sameCheckpoint(a: Checkpoint, b: Checkpoint): boolean {
  return compareCheckpoints(a, b) === 0;
}

export function laterCheckpoint(a: Checkpoint, b: Checkpoint): Checkpoint {
  return compareCheckpoints(a, b) >= 0 ? a : b;
}

/**
 * Where the log stood when an outbox reader was installed (its migration notes it, gap-safe, in
 * `<table>.history_until_txid/position` of row 1): events up to there call for nothing, now or in
 * a rebuild. The table is a constant of the caller's, never input.
 */
export async function readHistoryEnd(
  sql: Sql,
  table: 'follow_up_dispatch_state' | 'notification_outbox_state',
): Promise<Checkpoint> {
  const { rows } = await sql.query<{ transaction_id: string; global_position: string }>(
    `SELECT history_until_txid::text AS transaction_id, history_until_position AS global_position
     FROM ${table} WHERE id = 1`,
  );
  return rows[0]
    ? { transactionId: rows[0].transaction_id, globalPosition: Number(rows[0].global_position) }
    : { transactionId: '0', globalPosition: 0 };
}

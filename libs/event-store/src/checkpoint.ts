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

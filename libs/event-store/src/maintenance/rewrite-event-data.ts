import type { Database, Sql } from '@huquq/platform';
import { IntegrityChecker } from '../integrity/integrity-checker';

/**
 * The one sanctioned way to change stored events (docs/decisions/0017): the data of some events
 * replaced, their streams' hash chains recomputed from the first changed version on with the
 * function the insert trigger uses, and the change recorded in the log, all in one transaction
 * of the owner. For maintenance only (resealing plaintext recorded before a field was declared
 * sealed); nothing on the request path may call it.
 */
export interface EventRewrite {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  /** The data as it was read: the row is rewritten only if it still holds exactly this. */
  before: unknown;
  after: unknown;
}

export interface StreamHead {
  version: number;
  /** Hex SHA-256, as integrity:verify prints it. */
  hash: string | null;
}

export interface RewrittenStream {
  streamId: string;
  /** The stream versions whose data changed. */
  versions: number[];
  /** The head before the rewrite (what an anchor recorded earlier holds) and after it. */
  before: StreamHead;
  after: StreamHead;
}

export interface RewriteOutcome {
  rewritten: RewrittenStream[];
  /**
   * Streams left as they were because their chain was already broken: recomputing it would
   * launder whatever broke it. Their ids and the problem, never any data.
   */
  refused: { streamId: string; problem: string }[];
}

export interface RewriteOptions {
  /** How long to wait for the table lock before giving up (the batch is then tried later). */
  lockTimeoutMs?: number;
}

/** A row changed between reading and rewriting it: another run got there first. */
export class HistoryChanged extends Error {
  override readonly name = 'HistoryChanged';
  constructor() {
    super('Events changed since they were read; nothing was rewritten');
  }
}

const CHAIN_START = `'\\x${'00'.repeat(32)}'::bytea`;
const CHAINED_COLUMNS = `e.global_position, e.stream_id, e.stream_version, e.event_id, e.type, e.schema_version,
  e.data, e.metadata, e.org_id, e.recorded_at, e.transaction_id`;

/**
 * Recomputes the chains of several streams, each from its first rewritten version ($2) to its
 * end, row after row (all streams a version at a time): each hash over the stored columns, the
 * new data included, and the previous row's new hash. The row before the first rewritten one
 * keeps its hash, so the chain links into it unchanged.
 */
const RECHAIN = `
  WITH RECURSIVE start AS (
    SELECT * FROM unnest($1::text[], $2::integer[]) AS start(stream_id, stream_version)
  ), chain AS (
    SELECT e.global_position, e.stream_id, e.stream_version, link.previous AS previous_hash,
           event_chain_hash(link.previous, ${CHAINED_COLUMNS}) AS hash
    FROM start
    JOIN events e ON e.stream_id = start.stream_id AND e.stream_version = start.stream_version
    CROSS JOIN LATERAL (
      SELECT coalesce(
        (SELECT p.hash FROM events p WHERE p.stream_id = start.stream_id AND p.stream_version = start.stream_version - 1),
        ${CHAIN_START}) AS previous
    ) AS link
    UNION ALL
    SELECT e.global_position, e.stream_id, e.stream_version, chain.hash,
           event_chain_hash(chain.hash, ${CHAINED_COLUMNS})
    FROM chain JOIN events e ON e.stream_id = chain.stream_id AND e.stream_version = chain.stream_version + 1
  )
  UPDATE events SET previous_hash = chain.previous_hash, hash = chain.hash
  FROM chain
  -- The streams' own rows, on their index: joined on position alone, the plan may scan the table.
  WHERE events.stream_id = ANY($1::text[]) AND events.global_position = chain.global_position
  RETURNING events.stream_id, events.stream_version, encode(events.hash, 'hex') AS hash`;

/**
 * Rewrites the data of `rewrites` and re-chains their streams, then runs `record` (which appends
 * what was done) in the same transaction: the rewrite and its record commit together or not at
 * all. Each stream's chain is verified before (a broken one is refused, not recomputed) and
 * after (anything but valid rolls everything back).
 */
export async function rewriteEventData<T>(
  db: Database,
  rewrites: readonly EventRewrite[],
  record: (sql: Sql, outcome: RewriteOutcome) => Promise<T>,
  options: RewriteOptions = {},
): Promise<{ outcome: RewriteOutcome; recorded: T }> {
  const lockTimeoutMs = Math.max(1, Math.floor(options.lockTimeoutMs ?? 10_000));
  return db.transaction(async (tx) => {
    // Why ALTER TABLE … DISABLE TRIGGER inside this transaction, not session_replication_role:
    // - it needs only ownership of the table (the owner runs migrations and this), where
    //   session_replication_role needs a superuser;
    // - it disables only the append-only guard, by name: the hash-chain and notify triggers
    //   stay (the record appended below goes through them);
    // - DDL is transactional: no other session ever sees the guard off, and it is on again
    //   before COMMIT (a ROLLBACK restores it too);
    // - it takes a SHARE ROW EXCLUSIVE lock on events until COMMIT: every concurrent append
    //   waits, so none can chain onto a hash that is about to change (its trigger then reads
    //   the new one), and two rewrites never run at once. Readers are not blocked.
    // lock_timeout: a long transaction holding events must not make every append queue behind us.
    await tx.query(`SET LOCAL lock_timeout = ${lockTimeoutMs}`);
    await tx.query('ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete');

    const byStream = new Map<string, EventRewrite[]>();
    for (const rewrite of rewrites) {
      byStream.set(rewrite.streamId, [...(byStream.get(rewrite.streamId) ?? []), rewrite]);
    }
    const checker = new IntegrityChecker(tx);
    const outcome: RewriteOutcome = { rewritten: [], refused: [] };
    const accepted: EventRewrite[] = [];
    const heads = new Map<string, StreamHead>();
    for (const [streamId, before] of await checker.verifyStreams([...byStream.keys()], { sql: tx })) {
      if (!before.valid) {
        outcome.refused.push({ streamId, problem: before.problem ?? 'invalid chain' });
        continue;
      }
      heads.set(streamId, { version: before.headVersion, hash: before.headHash });
      accepted.push(...byStream.get(streamId)!);
    }

    if (accepted.length > 0) {
      const { rowCount } = await tx.query(
        `UPDATE events SET data = change.after
         FROM unnest($1::bigint[], $2::jsonb[], $3::jsonb[]) AS change(global_position, before, after)
         WHERE events.global_position = change.global_position AND events.data = change.before`,
        [
          accepted.map((r) => r.globalPosition),
          accepted.map((r) => JSON.stringify(r.before)),
          accepted.map((r) => JSON.stringify(r.after)),
        ],
      );
      if (rowCount !== accepted.length) throw new HistoryChanged();

      const firsts = [...heads.keys()].map((streamId) => ({
        streamId,
        version: Math.min(...byStream.get(streamId)!.map((r) => r.streamVersion)),
      }));
      const { rows } = await tx.query<{ stream_id: string; stream_version: number; hash: string }>(RECHAIN, [
        firsts.map((f) => f.streamId),
        firsts.map((f) => f.version),
      ]);
      const newHeads = new Map<string, StreamHead>();
      for (const row of rows) {
        const head = newHeads.get(row.stream_id);
        if (!head || row.stream_version > head.version) {
          newHeads.set(row.stream_id, { version: row.stream_version, hash: row.hash });
        }
      }
      for (const [streamId, before] of heads) {
        outcome.rewritten.push({
          streamId,
          versions: byStream
            .get(streamId)!
            .map((r) => r.streamVersion)
            .sort((a, b) => a - b),
          before,
          after: newHeads.get(streamId) ?? before,
        });
      }
    }

    await tx.query('ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete');

    const after = await checker.verifyStreams(
      outcome.rewritten.map((s) => s.streamId),
      { sql: tx },
    );
    for (const [streamId, check] of after) {
      if (!check.valid)
        throw new Error(`stream ${streamId}: the chain is not valid after the rewrite; rolled back`);
    }
    const recorded = await record(tx, outcome);
    return { outcome, recorded };
  });
}

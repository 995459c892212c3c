import { Sql } from '@huquq/platform';

/**
 * Checks the hash chain of the log (docs/decisions/0006). Every event's hash is recomputed from
 * its stored columns by event_chain_hash, the same SQL function the insert trigger used, and
 * every link is checked: versions run 1, 2, 3… without a gap, each previous_hash is the stored
 * hash of the event before it (32 zero bytes for the first), and each stored hash matches.
 *
 * What a chain cannot show on its own: a stream's LAST events rewritten with freshly computed
 * hashes, or removed, or a whole stream removed. Nothing after them points back. Hence the
 * head hash in every result, to be written down elsewhere and compared later (`anchor`), and
 * signed anchors of every stream's head (anchor.ts, verifyAnchored; docs/decisions/0019).
 */
export interface StreamIntegrity {
  streamId: string;
  valid: boolean;
  events: number;
  /** The version of the stream's last event; 0 when it has none. */
  headVersion: number;
  /** Hex SHA-256 of the stream's last event as stored: record it to compare later. */
  headHash: string | null;
  /** Global position and stream version of the first event at which the chain fails. */
  firstBadPosition: number | null;
  firstBadVersion: number | null;
  /** What is wrong there, in words; never any event data. */
  problem: string | null;
}

export interface StoreIntegrity {
  valid: boolean;
  events: number;
  streams: number;
  /** Streams whose chain fails somewhere. */
  badStreams: number;
  /** The lowest global position among the failures of all streams. */
  firstBadPosition: number | null;
  firstBadStreamId: string | null;
  firstBadVersion: number | null;
  problem: string | null;
}

/** A hash recorded earlier, e.g. the head hash of the day a case was closed. */
export interface IntegrityAnchor {
  version: number;
  hash: string;
}

export interface VerifyStreamOptions {
  /** A client inside the caller's transaction. */
  sql?: Sql;
  /** Fails the check unless the event at `version` still has exactly this hash. */
  anchor?: IntegrityAnchor;
  batchSize?: number;
}

export interface VerifyAllOptions {
  /** Events per query; the whole log is never held in memory. */
  batchSize?: number;
}

/**
 * Why a stream fails: its chain is broken somewhere (as integrity:verify finds without an
 * anchor), or, against an anchor, the anchored event has another hash now (`rewritten`: the
 * stream was changed at or before it and re-hashed into a chain that holds), the stream ends
 * before the anchored version (`truncated`), or it has no event at all any more (`deleted`).
 */
export type StreamProblemReason = 'chain-broken' | 'rewritten' | 'truncated' | 'deleted';

/** One bad stream, named, with why; never any event data. */
export interface StreamProblem {
  streamId: string;
  reason: StreamProblemReason;
  /** The version at fault: the first bad event, or the anchored version that is gone or changed. */
  version: number;
  /** Its global position; null when there is no such row any more. */
  position: number | null;
  problem: string;
}

/** The heads and length of the log as an anchor recorded them (see anchor.ts). */
export interface AnchoredLog {
  streams: readonly { streamId: string; version: number; hash: string }[];
  log: { events: number; maxGlobalPosition: number };
}

/** The whole log checked as integrity:verify does, and against an anchor. */
export interface AnchoredStoreIntegrity extends StoreIntegrity {
  /** Streams the anchor names; every one must still reach its anchored version unchanged. */
  anchoredStreams: number;
  /** The log now, to compare with the anchor's. */
  log: { events: number; maxGlobalPosition: number };
  /** Set when the log holds fewer events, or ends earlier, than when it was anchored. */
  logProblem: string | null;
  /** Every bad stream, anchored or not, in stream order then the deleted ones. */
  streamProblems: StreamProblem[];
}

const DEFAULT_BATCH_SIZE = 5000;
const CHAIN_START = Buffer.alloc(32);

// hash_ok is computed next to the stored hash by the very function the trigger used.
const CHECKED_COLUMNS = `global_position::text AS global_position, stream_id, stream_version, previous_hash, hash,
  coalesce(hash = event_chain_hash(previous_hash, global_position, stream_id, stream_version, event_id, type,
    schema_version, data, metadata, org_id, recorded_at, transaction_id), false) AS hash_ok`;

// Keyset pages on the unique index (stream_id, stream_version): every query is short, so a
// check of the whole log holds no snapshot open for long (a long transaction would hold back
// every gap-safe reader, see 0002). Rows are never changed and a stream's committed events
// are always a prefix 1..n, so pages read at different moments still fit together.
const FIRST_PAGE = `SELECT ${CHECKED_COLUMNS} FROM events ORDER BY stream_id, stream_version LIMIT $1`;
const NEXT_PAGE = `SELECT ${CHECKED_COLUMNS} FROM events
  WHERE (stream_id, stream_version) > ($2::text, $3::integer)
  ORDER BY stream_id, stream_version LIMIT $1`;
const STREAM_PAGE = `SELECT ${CHECKED_COLUMNS} FROM events
  WHERE stream_id = $2 AND stream_version > $3
  ORDER BY stream_version LIMIT $1`;

interface ChainRow {
  global_position: string;
  stream_id: string;
  stream_version: number;
  previous_hash: Buffer | null;
  hash: Buffer | null;
  hash_ok: boolean;
}

interface Finding {
  /** Null only for an anchored version that is gone: there is no row to name. */
  position: number | null;
  version: number;
  reason: StreamProblemReason;
  problem: string;
}

/** The walk along one stream: fed its rows in version order; keeps the first problem. */
class StreamWalk {
  events = 0;
  finding: Finding | null = null;
  private last: ChainRow | null = null;

  constructor(
    readonly streamId: string,
    private readonly anchor?: IntegrityAnchor,
  ) {}

  get headVersion(): number {
    return this.last?.stream_version ?? 0;
  }

  get headHash(): string | null {
    return this.last?.hash ? this.last.hash.toString('hex') : null;
  }

  visit(row: ChainRow): void {
    this.events += 1;
    if (!this.finding) {
      const position = Number(row.global_position);
      const version = row.stream_version;
      const broken = this.brokenLink(row);
      const off = broken ? null : this.offAnchor(row);
      if (broken) this.finding = { position, version, reason: 'chain-broken', problem: broken };
      else if (off) this.finding = { position, version, reason: 'rewritten', problem: off };
    }
    this.last = row;
  }

  /** After the last row: an anchored version must still exist. */
  finish(): void {
    if (this.finding || !this.anchor || this.anchor.version <= this.headVersion) return;
    this.finding = {
      position: null,
      version: this.anchor.version,
      reason: this.headVersion === 0 ? 'deleted' : 'truncated',
      problem: `${this.name(this.anchor.version)} was anchored but is gone: the stream ends at version ${this.headVersion}`,
    };
  }

  private brokenLink(row: ChainRow): string | null {
    const previous = this.last;
    const expectedVersion = (previous?.stream_version ?? 0) + 1;
    const version = row.stream_version;
    if (version !== expectedVersion) {
      const missing =
        expectedVersion === version - 1 ? `${expectedVersion} is` : `${expectedVersion}..${version - 1} are`;
      const after = previous ? `version ${previous.stream_version}` : 'the start of the stream';
      return `${this.name(version)} follows ${after}: version ${missing} missing (deleted)`;
    }
    const expectedPrevious = previous ? previous.hash : CHAIN_START;
    if (!row.previous_hash || !expectedPrevious || !row.previous_hash.equals(expectedPrevious)) {
      return previous
        ? `${this.name(version)} does not point to the stored hash of version ${previous.stream_version}: ` +
            `that event was altered and re-hashed, or this link was edited`
        : `${this.name(version)} is the first of its stream but does not start the chain: its link was edited`;
    }
    if (!row.hash_ok) {
      return `${this.name(version)} does not match its stored hash: the event was altered after it was written`;
    }
    return null;
  }

  private offAnchor(row: ChainRow): string | null {
    if (!this.anchor || row.stream_version !== this.anchor.version) return null;
    if (row.hash?.toString('hex') === this.anchor.hash.toLowerCase()) return null;
    return `${this.name(row.stream_version)} no longer has the anchored hash: the stream was changed at or before it and re-hashed`;
  }

  private name(version: number): string {
    return `stream ${this.streamId}: version ${version}`;
  }
}

/** Verifies the hash chains of the event log; read-only. */
export class IntegrityChecker {
  constructor(private readonly sql: Sql) {}

  /** One stream, e.g. a case's (`case-<id>`). A stream without events is valid and empty. */
  async verifyStream(streamId: string, options: VerifyStreamOptions = {}): Promise<StreamIntegrity> {
    const sql = options.sql ?? this.sql;
    const batchSize = batchSizeOf(options.batchSize);
    const walk = new StreamWalk(streamId, options.anchor);
    for (let after = 0; ;) {
      const { rows } = await sql.query<ChainRow>(STREAM_PAGE, [batchSize, streamId, after]);
      for (const row of rows) walk.visit(row);
      if (rows.length < batchSize) break;
      after = rows[rows.length - 1].stream_version;
    }
    return resultOf(walk);
  }

  /**
   * Several streams, their rows read in one statement: for maintenance that handles a batch of
   * streams in one short transaction (docs/decisions/0017). Keyed by stream id.
   */
  async verifyStreams(
    streamIds: readonly string[],
    options: { sql?: Sql } = {},
  ): Promise<Map<string, StreamIntegrity>> {
    const sql = options.sql ?? this.sql;
    const walks = new Map(streamIds.map((id) => [id, new StreamWalk(id)]));
    const { rows } = await sql.query<ChainRow>(
      `SELECT ${CHECKED_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_version`,
      [[...walks.keys()]],
    );
    for (const row of rows) walks.get(row.stream_id)?.visit(row);
    return new Map([...walks].map(([id, walk]) => [id, resultOf(walk)]));
  }

  /** The whole log, stream by stream, in pages of `batchSize` events. */
  async verifyAll(options: VerifyAllOptions = {}): Promise<StoreIntegrity> {
    return this.walkAll(batchSizeOf(options.batchSize)).then(({ result }) => result);
  }

  /**
   * The whole log as verifyAll checks it, and against an anchor whose signature was checked
   * first (openAnchor): every anchored stream must still reach its anchored version, and the
   * chain up to it must still end in the anchored hash, so history rewritten and re-hashed into
   * a self-consistent chain is found too; a stream with no event left is named as deleted; the
   * log may not hold fewer events, or end earlier, than it did. Events appended since are fine,
   * and chain-checked like the rest. Every bad stream is named, not just the first.
   */
  async verifyAnchored(anchor: AnchoredLog, options: VerifyAllOptions = {}): Promise<AnchoredStoreIntegrity> {
    const anchored = new Map<string, IntegrityAnchor>();
    for (const head of anchor.streams) {
      anchored.set(head.streamId, { version: head.version, hash: head.hash });
    }
    const anchoredStreams = anchored.size;
    const { result, problems } = await this.walkAll(batchSizeOf(options.batchSize), (streamId) => {
      const head = anchored.get(streamId);
      anchored.delete(streamId);
      return head;
    });

    // What is left was never met in the log: every event of the stream is gone.
    for (const [streamId, head] of anchored) {
      const problem = `stream ${streamId}: version ${head.version} was anchored but the stream has no event any more: deleted`;
      problems.push({ streamId, reason: 'deleted', version: head.version, position: null, problem });
      result.valid = false;
      result.badStreams += 1;
      if (result.problem === null) {
        result.firstBadStreamId = streamId;
        result.firstBadVersion = head.version;
        result.problem = problem;
      }
    }

    const { rows } = await this.sql.query<{ events: string; max_global_position: string }>(
      'SELECT count(*) AS events, coalesce(max(global_position), 0) AS max_global_position FROM events',
    );
    const log = { events: Number(rows[0].events), maxGlobalPosition: Number(rows[0].max_global_position) };
    const shorter: string[] = [];
    if (log.events < anchor.log.events) {
      shorter.push(`it holds ${log.events} events, the anchor ${anchor.log.events}`);
    }
    if (log.maxGlobalPosition < anchor.log.maxGlobalPosition) {
      shorter.push(
        `it ends at global position ${log.maxGlobalPosition}, the anchor at ${anchor.log.maxGlobalPosition}`,
      );
    }
    const logProblem = shorter.length ? `the log is shorter than anchored: ${shorter.join('; ')}` : null;
    if (logProblem) {
      result.valid = false;
      result.problem ??= logProblem;
    }
    return { ...result, anchoredStreams, log, logProblem, streamProblems: problems };
  }

  /**
   * Walks every stream in (stream_id, stream_version) order, in keyset pages. `anchorOf` gives
   * the anchor of a stream when its first row is met (each stream is met once).
   */
  private async walkAll(
    batchSize: number,
    anchorOf: (streamId: string) => IntegrityAnchor | undefined = () => undefined,
  ): Promise<{ result: StoreIntegrity; problems: StreamProblem[] }> {
    const result: StoreIntegrity = {
      valid: true,
      events: 0,
      streams: 0,
      badStreams: 0,
      firstBadPosition: null,
      firstBadStreamId: null,
      firstBadVersion: null,
      problem: null,
    };
    const problems: StreamProblem[] = [];
    const close = (walk: StreamWalk) => {
      walk.finish();
      result.events += walk.events;
      result.streams += 1;
      const finding = walk.finding;
      if (!finding) return;
      result.valid = false;
      result.badStreams += 1;
      const { position, version, reason, problem } = finding;
      problems.push({ streamId: walk.streamId, reason, version, position, problem });
      // The lowest position of the log; a version that is gone (no position) only if nothing else.
      const lower =
        position !== null && (result.firstBadPosition === null || position < result.firstBadPosition);
      if (result.problem === null || lower) {
        result.firstBadPosition = position;
        result.firstBadStreamId = walk.streamId;
        result.firstBadVersion = version;
        result.problem = problem;
      }
    };

    let walk: StreamWalk | null = null;
    for (let last: ChainRow | undefined; ;) {
      const page = last
        ? this.sql.query<ChainRow>(NEXT_PAGE, [batchSize, last.stream_id, last.stream_version])
        : this.sql.query<ChainRow>(FIRST_PAGE, [batchSize]);
      const { rows } = await page;
      for (const row of rows) {
        if (!walk || walk.streamId !== row.stream_id) {
          if (walk) close(walk);
          walk = new StreamWalk(row.stream_id, anchorOf(row.stream_id));
        }
        walk.visit(row);
      }
      if (rows.length < batchSize) break;
      last = rows[rows.length - 1];
    }
    if (walk) close(walk);
    return { result, problems };
  }
}

/** `integrity:verify`: the whole log; valid is false when any stream's chain fails. */
export function verifyIntegrityCommand(db: Sql, options: VerifyAllOptions = {}): Promise<StoreIntegrity> {
  return new IntegrityChecker(db).verifyAll(options);
}

function resultOf(walk: StreamWalk): StreamIntegrity {
  walk.finish();
  const finding = walk.finding;
  return {
    streamId: walk.streamId,
    valid: !finding,
    events: walk.events,
    headVersion: walk.headVersion,
    headHash: walk.headHash,
    firstBadPosition: finding?.position ?? null,
    firstBadVersion: finding?.version ?? null,
    problem: finding?.problem ?? null,
  };
}

function batchSizeOf(batchSize: number | undefined): number {
  const size = batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new Error('batchSize must be a whole number ≥ 1');
  return size;
}

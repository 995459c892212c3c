import { Database, Sql, VersionConflict } from '@huquq/platform';
import { AppendOutcome, currentVersions, runAppend, StreamAppend } from './append-statement';
import { laterCheckpoint } from './checkpoint';
import { AppendResult, Checkpoint, EventMetadata, ExpectedVersion, NewEvent, StoredEvent } from './events';
import { Upcaster, Upcasters } from './upcasting';

export interface AppendOptions {
  /** Written to the org_id column and into the metadata of every event. */
  orgId?: string;
  /** A client inside the caller's transaction: the events commit or roll back with it. */
  sql?: Sql;
}

export interface StreamAppendRequest {
  streamId: string;
  expectedVersion: number;
  events: readonly NewEvent[];
  orgId?: string;
}

export interface ReadAllOptions {
  /** Only these types; every type when left out or empty. */
  types?: readonly string[];
}

/** A page of the log and how far a reader may move its checkpoint after handling it. */
export interface ReadPage {
  events: StoredEvent[];
  /**
   * At or past the last event returned. When the page is not full and `types` filtered rows
   * out, it runs on to the last readable row of any type, so a projection that wants rare
   * types still keeps up instead of lagging behind everything it ignores.
   */
  end: Checkpoint;
  /** When the event at `end` was recorded; null when nothing was ever readable. */
  endRecordedAt: Date | null;
  /**
   * Committed rows exist past the readable horizon: an older transaction (any transaction of
   * the cluster, not only writers of events) is still running. They become readable as soon
   * as it ends, which may raise no notification, so a reader should look again soon.
   */
  blocked: boolean;
}

/** Stands for 'any' in a VersionConflict, whose expected version is a number. */
const ANY_VERSION = -1;

/** Lost races are retried by re-running the statement; 'any' may lose a few times in a row. */
const MAX_WRITE_ATTEMPTS = 16;

// transaction_id leaves as text (xid8 runs past 2^53); ORDER BY must name events.transaction_id,
// or it would sort by this text alias.
const COLUMNS = `global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata,
  org_id, recorded_at, transaction_id::text AS transaction_id`;

/**
 * Only rows of transactions that ended before every still-running one: a transaction still in
 * flight may hold an earlier position and commit later, and a reader that passed it would
 * never see its events. Ordered by (transaction id, position), which is the order in which
 * the log becomes readable, on the index events_transaction_order. Transaction ids are in the
 * log's clock (huquq_log_horizon, decision 0018), which stays ahead of a restored log.
 */
const READABLE = `transaction_id < huquq_log_horizon()
  AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
  AND (cardinality($4::text[]) = 0 OR type = ANY($4::text[]))`;

/**
 * A page and, in the same statement (hence under the same snapshot horizon), the last readable
 * row and whether rows wait past the horizon. Not prepared: its generic plan ran slower than
 * the custom ones it would save planning for (the type filter and the LIMIT are values).
 */
const READ_PAGE = `SELECT page.*, last.transaction_id::text AS end_transaction_id, last.global_position AS end_position,
              last.recorded_at AS end_recorded_at, beyond.blocked
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (
         SELECT true AS blocked FROM events
         WHERE transaction_id >= huquq_log_horizon() LIMIT 1
       ) AS beyond ON true
       LEFT JOIN LATERAL (
         SELECT transaction_id, global_position, recorded_at FROM events
         WHERE transaction_id < huquq_log_horizon()
         ORDER BY transaction_id DESC, global_position DESC LIMIT 1
       ) AS last ON true
       LEFT JOIN LATERAL (
         SELECT ${COLUMNS}, transaction_id AS transaction_order FROM events WHERE ${READABLE}
         ORDER BY events.transaction_id, events.global_position LIMIT $3
       ) AS page ON true
       ORDER BY page.transaction_order, page.global_position`;

/** One stream, on its unique (stream_id, stream_version) index: prepared once per connection. */
const READ_STREAM = {
  name: 'huquq_read_stream',
  text: `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`,
};

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  org_id: string | null;
  recorded_at: Date;
  transaction_id: string;
}

interface PageRow extends Partial<EventRow> {
  end_transaction_id: string | null;
  end_position: string | null;
  end_recorded_at: Date | null;
  blocked: boolean | null;
}

/**
 * The append-only log in PostgreSQL. Writes are optimistic: each append names the version it
 * decided on, and loses (VersionConflict) if the stream moved meanwhile.
 */
export class EventStore {
  private readonly upcasters: Upcasters;

  constructor(
    private readonly db: Database,
    upcasters: readonly Upcaster[] = [],
  ) {
    this.upcasters = new Upcasters(upcasters);
  }

  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = expectedVersion === 'any' ? null : expectedVersion;
    const [result] = await this.write([{ streamId, expected, events, orgId: options.orgId }], options.sql);
    return result;
  }

  /** Several streams in one statement, all or nothing: one stale stream and none is written. */
  async appendMany(
    appends: readonly StreamAppendRequest[],
    options: { sql?: Sql } = {},
  ): Promise<AppendResult[]> {
    if (appends.length === 0) return [];
    for (const append of appends) {
      if (typeof append.expectedVersion !== 'number') {
        throw new Error(`appendMany needs a numeric expected version for ${append.streamId}`);
      }
    }
    return this.write(
      appends.map((append) => ({
        streamId: append.streamId,
        expected: append.expectedVersion,
        events: append.events,
        orgId: append.orgId,
      })),
      options.sql,
    );
  }

  async readStream(
    streamId: string,
    options: { sql?: Sql; fromVersion?: number } = {},
  ): Promise<StoredEvent[]> {
    const { rows } = await (options.sql ?? this.db).query<EventRow>(READ_STREAM, [
      streamId,
      options.fromVersion ?? 1,
    ]);
    return rows.map((row) => this.toStoredEvent(row));
  }

  /** The count of the stream's events; 0 when it does not exist. */
  async streamVersion(streamId: string, options: { sql?: Sql } = {}): Promise<number> {
    const { rows } = await (options.sql ?? this.db).query<{ version: number }>(
      'SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0].version;
  }

  /** The next events of the whole log after `after`, gap-safe (see READABLE). */
  async readAll(after: Checkpoint, limit: number, options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE ${READABLE} ORDER BY events.transaction_id, events.global_position LIMIT $3`,
      [after.transactionId, after.globalPosition, limit, options.types ?? []],
    );
    return rows.map((row) => this.toStoredEvent(row));
  }

  /**
   * Like readAll, plus where the reader may move its checkpoint. The last readable row is found
   * in the same statement, hence under the same snapshot horizon as the page: every wanted row
   * up to it is in the page whenever the page is not full.
   */
  async readPage(after: Checkpoint, limit: number, options: ReadAllOptions = {}): Promise<ReadPage> {
    const { rows } = await this.db.query<PageRow>(READ_PAGE, [
      after.transactionId,
      after.globalPosition,
      limit,
      options.types ?? [],
    ]);
    const events = rows
      .filter((row) => row.global_position != null)
      .map((row) => this.toStoredEvent(row as EventRow));
    const blocked = rows[0]?.blocked === true;
    const last = events.at(-1);
    if (events.length === limit && last) {
      return { events, end: checkpointOf(last), endRecordedAt: last.recordedAt, blocked };
    }
    const head = rows[0];
    if (!head?.end_transaction_id || !head.end_position) {
      return { events, end: after, endRecordedAt: null, blocked };
    }
    const readableEnd = { transactionId: head.end_transaction_id, globalPosition: Number(head.end_position) };
    const end = laterCheckpoint(readableEnd, after);
    return { events, end, endRecordedAt: end === readableEnd ? head.end_recorded_at : null, blocked };
  }

  /** The highest position written (readable or not yet): one step down the primary key. */
  async headPosition(): Promise<{ globalPosition: number; recordedAt: Date | null }> {
    const { rows } = await this.db.query<{ global_position: string; recorded_at: Date }>(
      'SELECT global_position, recorded_at FROM events ORDER BY global_position DESC LIMIT 1',
    );
    if (rows.length === 0) return { globalPosition: 0, recordedAt: null };
    return { globalPosition: Number(rows[0].global_position), recordedAt: rows[0].recorded_at };
  }

  private async write(appends: StreamAppend[], sql?: Sql): Promise<AppendResult[]> {
    for (let attempt = 1; ; attempt += 1) {
      let outcome: AppendOutcome;
      try {
        outcome = await runAppend(sql ?? this.db, appends);
      } catch (error) {
        if (!isLostRace(error)) throw error;
        // The statement wrote nothing, so running it again is safe: its new snapshot sees the
        // winner, and it answers stale, already stored, or (for 'any') appends after it.
        // Inside the caller's transaction it cannot: the failure has aborted that transaction.
        const inCallersTransaction = sql !== undefined && sql !== this.db;
        if (!inCallersTransaction && attempt < MAX_WRITE_ATTEMPTS) continue;
        throw await this.conflictAfterLostRace(appends, error);
      }
      if (outcome.kind === 'stale')
        throw new VersionConflict(outcome.streamId, outcome.expected, outcome.current);
      return outcome.results;
    }
  }

  private async conflictAfterLostRace(appends: readonly StreamAppend[], error: unknown): Promise<unknown> {
    if (errorCode(error) !== UNIQUE_VIOLATION) return error;
    // Read on the pool: the caller's transaction, if any, is aborted; the winner has committed.
    const versions = await currentVersions(
      this.db,
      appends.map((append) => append.streamId),
    );
    const stale =
      appends.find(
        (append) => append.expected !== null && versions.get(append.streamId) !== append.expected,
      ) ?? appends[0];
    return new VersionConflict(
      stale.streamId,
      stale.expected ?? ANY_VERSION,
      versions.get(stale.streamId) ?? 0,
    );
  }

  private toStoredEvent(row: EventRow): StoredEvent {
    const { schemaVersion, data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    return {
      globalPosition: Number(row.global_position),
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      eventId: row.event_id,
      type: row.type,
      schemaVersion,
      data,
      metadata: row.metadata,
      orgId: row.org_id,
      recordedAt: row.recorded_at,
      transactionId: row.transaction_id,
    };
  }
}

export function checkpointOf(event: Pick<StoredEvent, 'transactionId' | 'globalPosition'>): Checkpoint {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}

const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';
const RACE_CONSTRAINTS = new Set(['events_stream_version_unique', 'events_event_id_key']);

/** Another writer got the same stream version or event id first, or deadlocked with us over them. */
function isLostRace(error: unknown): boolean {
  const code = errorCode(error);
  if (code === DEADLOCK_DETECTED) return true;
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  return code === UNIQUE_VIOLATION && typeof constraint === 'string' && RACE_CONSTRAINTS.has(constraint);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

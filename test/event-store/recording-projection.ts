import { Database, Sql } from '@huquq/platform';
import { Projection, StoredEvent } from '@huquq/event-store';

/** A projection that writes one row per event it is given, in the order it was given them. */
export async function createProjectedEventsTable(db: Database): Promise<void> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS projected_events (
      seq             bigserial PRIMARY KEY,
      projection      text   NOT NULL,
      global_position bigint NOT NULL,
      event_id        uuid   NOT NULL,
      type            text   NOT NULL,
      stream_id       text   NOT NULL
    )`);
}

export interface RecordingOptions {
  eventTypes?: string[];
  /** Throw for these events, as a projection with a bug would. */
  failOn?: (event: StoredEvent) => boolean;
  onApply?: (events: StoredEvent[]) => void;
}

export function recordingProjection(name: string, options: RecordingOptions = {}): Projection {
  return {
    name,
    eventTypes: options.eventTypes ?? [],
    async apply(sql: Sql, events: StoredEvent[]) {
      for (const event of events) {
        if (options.failOn?.(event)) throw new Error(`cannot project event ${event.globalPosition}`);
      }
      options.onApply?.(events);
      await sql.query(
        `INSERT INTO projected_events (projection, global_position, event_id, type, stream_id)
         SELECT $1, * FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::text[])`,
        [
          name,
          events.map((event) => event.globalPosition),
          events.map((event) => event.eventId),
          events.map((event) => event.type),
          events.map((event) => event.streamId),
        ],
      );
    },
    async reset(sql: Sql) {
      await sql.query('DELETE FROM projected_events WHERE projection = $1', [name]);
    },
  };
}

export interface ProjectedRow {
  globalPosition: number;
  eventId: string;
  type: string;
  streamId: string;
}

/** The rows of one projection in the order they were applied. */
export async function projectedRows(db: Database, name: string): Promise<ProjectedRow[]> {
  const { rows } = await db.query<{
    global_position: string;
    event_id: string;
    type: string;
    stream_id: string;
  }>(
    'SELECT global_position, event_id, type, stream_id FROM projected_events WHERE projection = $1 ORDER BY seq',
    [name],
  );
  return rows.map((row) => ({
    globalPosition: Number(row.global_position),
    eventId: row.event_id,
    type: row.type,
    streamId: row.stream_id,
  }));
}

/** Every committed event in the order a gap-safe reader must apply them. */
export async function committedEvents(db: Database): Promise<ProjectedRow[]> {
  const { rows } = await db.query<{
    global_position: string;
    event_id: string;
    type: string;
    stream_id: string;
  }>(
    'SELECT global_position, event_id, type, stream_id FROM events ORDER BY transaction_id, global_position',
  );
  return rows.map((row) => ({
    globalPosition: Number(row.global_position),
    eventId: row.event_id,
    type: row.type,
    streamId: row.stream_id,
  }));
}

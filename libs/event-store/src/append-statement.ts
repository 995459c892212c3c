import { randomUUID } from 'node:crypto';
import { Sql } from '@huquq/platform';
import { AppendResult, NewEvent } from './events';

/** One stream's part of an append; `expected: null` stands for 'any'. */
export interface StreamAppend {
  streamId: string;
  expected: number | null;
  events: readonly NewEvent[];
  orgId?: string;
}

export type AppendOutcome =
  | { kind: 'appended'; results: AppendResult[] }
  | { kind: 'stale'; streamId: string; expected: number; current: number };

/**
 * Every stream of the call in ONE statement, so a raid with sixty people costs one round trip
 * and is written all or nothing.
 *
 * - `stored`: event ids already in the log. They are skipped and their original positions
 *   returned, so a retried append is harmless.
 * - `streams`: each stream's current version, read in the same snapshot as the insert.
 * - The insert is guarded: if any stream that gets new events is not at its expected version,
 *   no row is inserted at all and the stale streams come back flagged. Versions are
 *   expected + ordinal, so two writers racing from the same version collide on
 *   UNIQUE (stream_id, stream_version) and the later one fails as a whole statement.
 *
 * No ON CONFLICT (event_id) DO NOTHING: with it, a concurrent append of some of the same ids
 * would silently drop those rows while keeping the versions computed around them, leaving a
 * hole in the stream. Without it such a race is a unique violation, which the caller retries,
 * and the retry then finds the ids in `stored`.
 */
const APPEND = `
WITH input AS (
  SELECT *
  FROM unnest($1::text[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[], $7::uuid[])
    WITH ORDINALITY AS i(stream_id, event_id, type, schema_version, data, metadata, org_id, ord)
),
stored AS (
  SELECT i.ord, e.event_id, e.global_position, e.stream_version, e.transaction_id
  FROM input i JOIN events e ON e.event_id = i.event_id
),
fresh AS (
  SELECT i.*, row_number() OVER (PARTITION BY i.stream_id ORDER BY i.ord) AS ordinal
  FROM input i
  WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.ord = i.ord)
),
streams AS (
  SELECT s.stream_id, s.expected,
         (SELECT coalesce(max(e.stream_version), 0) FROM events e WHERE e.stream_id = s.stream_id) AS current
  FROM unnest($8::text[], $9::int[]) AS s(stream_id, expected)
),
stale AS (
  SELECT s.stream_id
  FROM streams s
  WHERE s.expected IS NOT NULL AND s.current <> s.expected
    AND (EXISTS (SELECT 1 FROM fresh f WHERE f.stream_id = s.stream_id)
         OR NOT EXISTS (SELECT 1 FROM input i WHERE i.stream_id = s.stream_id))
),
inserted AS (
  INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, org_id)
  SELECT f.stream_id, coalesce(s.expected, s.current) + f.ordinal, f.event_id, f.type, f.schema_version,
         f.data::jsonb, f.metadata::jsonb, f.org_id
  FROM fresh f JOIN streams s ON s.stream_id = f.stream_id
  WHERE NOT EXISTS (SELECT 1 FROM stale)
  ORDER BY f.ord
  RETURNING stream_id, event_id, global_position, stream_version, transaction_id, recorded_at
)
SELECT 'inserted' AS kind, stream_id, event_id, global_position, stream_version, false AS stale,
       transaction_id::text AS transaction_id, recorded_at FROM inserted
UNION ALL
SELECT 'stored', NULL, event_id, global_position, stream_version, false, transaction_id::text, NULL FROM stored
UNION ALL
SELECT 'stream', s.stream_id, NULL, NULL, s.current, EXISTS (SELECT 1 FROM stale t WHERE t.stream_id = s.stream_id), NULL, NULL
FROM streams s`;

interface AppendRow {
  kind: 'inserted' | 'stored' | 'stream';
  stream_id: string | null;
  event_id: string | null;
  global_position: string | null;
  stream_version: number;
  stale: boolean;
  /** xid8 as text: it runs past 2^53. */
  transaction_id: string | null;
  recorded_at: Date | null;
}

export async function runAppend(sql: Sql, appends: readonly StreamAppend[]): Promise<AppendOutcome> {
  const prepared = prepare(appends);
  // Prepared once per connection: parsed once there, not at every append.
  const { rows } = await sql.query<AppendRow>({ name: 'huquq_append', text: APPEND }, prepared.parameters);
  return decode(prepared.appends, rows);
}

/** The committed version of each stream, read after a failed statement to report the conflict. */
export async function currentVersions(sql: Sql, streamIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await sql.query<{ stream_id: string; current: number }>(
    `SELECT s.stream_id,
            (SELECT coalesce(max(e.stream_version), 0) FROM events e WHERE e.stream_id = s.stream_id) AS current
     FROM unnest($1::text[]) AS s(stream_id)`,
    [streamIds],
  );
  return new Map(rows.map((row) => [row.stream_id, row.current]));
}

interface PreparedAppend {
  streamId: string;
  expected: number | null;
  eventIds: string[];
}

function prepare(appends: readonly StreamAppend[]): { appends: PreparedAppend[]; parameters: unknown[] } {
  const streamIds: string[] = [];
  const eventIds: string[] = [];
  const types: string[] = [];
  const schemaVersions: number[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  const orgIds: (string | null)[] = [];
  const seenStreams = new Set<string>();
  const seenEvents = new Set<string>();
  const prepared: PreparedAppend[] = [];

  for (const append of appends) {
    if (!append.streamId) throw new Error('An append needs a stream id');
    // One stream twice in one call would get two competing version sequences.
    if (seenStreams.has(append.streamId))
      throw new Error(`Stream ${append.streamId} appears twice in one append`);
    seenStreams.add(append.streamId);
    if (append.expected !== null && !(Number.isInteger(append.expected) && append.expected >= 0)) {
      throw new Error(`Expected version of ${append.streamId} must be a whole number ≥ 0 or 'any'`);
    }
    const ids: string[] = [];
    for (const event of append.events) {
      if (!event.type) throw new Error(`An event of stream ${append.streamId} has no type`);
      const eventId = event.eventId ?? randomUUID();
      // A duplicate id inside one call would be skipped after its version was counted: a hole.
      if (seenEvents.has(eventId)) throw new Error(`Event id ${eventId} appears twice in one append`);
      seenEvents.add(eventId);
      const orgId = append.orgId ?? event.metadata?.orgId ?? null;
      ids.push(eventId);
      streamIds.push(append.streamId);
      eventIds.push(eventId);
      types.push(event.type);
      schemaVersions.push(event.schemaVersion ?? 1);
      // Serialized here: pg would pass a string as raw text, which is not valid JSON.
      data.push(JSON.stringify(event.data ?? null));
      metadata.push(JSON.stringify(orgId ? { ...event.metadata, orgId } : (event.metadata ?? {})));
      orgIds.push(orgId);
    }
    prepared.push({ streamId: append.streamId, expected: append.expected, eventIds: ids });
  }

  return {
    appends: prepared,
    parameters: [
      streamIds,
      eventIds,
      types,
      schemaVersions,
      data,
      metadata,
      orgIds,
      prepared.map((append) => append.streamId),
      prepared.map((append) => append.expected),
    ],
  };
}

function decode(appends: readonly PreparedAppend[], rows: readonly AppendRow[]): AppendOutcome {
  const current = new Map<string, number>();
  const stale = new Set<string>();
  const insertedByStream = new Map<string, AppendRow[]>();
  const storedById = new Map<string, AppendRow>();
  for (const row of rows) {
    if (row.kind === 'stream') {
      current.set(row.stream_id!, row.stream_version);
      if (row.stale) stale.add(row.stream_id!);
    } else if (row.kind === 'inserted') {
      const list = insertedByStream.get(row.stream_id!) ?? [];
      list.push(row);
      insertedByStream.set(row.stream_id!, list);
    } else {
      storedById.set(row.event_id!, row);
    }
  }

  const firstStale = appends.find((append) => stale.has(append.streamId));
  if (firstStale) {
    return {
      kind: 'stale',
      streamId: firstStale.streamId,
      expected: firstStale.expected!,
      current: current.get(firstStale.streamId) ?? 0,
    };
  }

  const results = appends.map((append): AppendResult => {
    const inserted = insertedByStream.get(append.streamId) ?? [];
    const stored = append.eventIds.map((id) => storedById.get(id)).filter((row): row is AppendRow => !!row);
    const touched = [...inserted, ...stored];
    const positions = touched.map((row) => Number(row.global_position));
    const last = touched.reduce<AppendRow | null>(
      (latest, row) =>
        !latest || Number(row.global_position) > Number(latest.global_position) ? row : latest,
      null,
    );
    // A retry reports the versions its events got the first time, not the stream's later ones.
    const versions = (inserted.length > 0 ? inserted : stored).map((row) => row.stream_version);
    return {
      streamId: append.streamId,
      nextVersion: versions.length > 0 ? largest(versions) : (current.get(append.streamId) ?? 0),
      firstPosition: positions.length > 0 ? smallest(positions) : 0,
      lastPosition: positions.length > 0 ? largest(positions) : 0,
      lastTransactionId: last?.transaction_id ?? null,
      alreadyStored: append.eventIds.length > 0 && inserted.length === 0,
      written: inserted.map((row) => ({
        eventId: row.event_id!,
        globalPosition: Number(row.global_position),
        streamVersion: row.stream_version,
        transactionId: row.transaction_id!,
        recordedAt: row.recorded_at!,
      })),
    };
  });
  return { kind: 'appended', results };
}

// Not Math.max(...list): spreading tens of thousands of arguments overflows the stack.
function largest(values: readonly number[]): number {
  return values.reduce((a, b) => (b > a ? b : a));
}

function smallest(values: readonly number[]): number {
  return values.reduce((a, b) => (b < a ? b : a));
}

import { randomUUID } from 'node:crypto';
import { caseStream, clientStream, incidentStream } from '@huquq/cases';
import {
  AnyStreamType,
  EventRewrite,
  EventStore,
  HistoryChanged,
  isSealedValue,
  ProjectionRunner,
  RewriteOutcome,
  rewriteEventData,
  SEALED_PREFIX,
  sealPlainFields,
} from '@huquq/event-store';
import { taskStream } from '@huquq/follow-ups';
import { Database, Sql } from '@huquq/platform';
import { PersonalDataProtector, SubjectErased } from '@huquq/privacy';
import { isRegionCode, REGION_CODES, resolveRegion } from '@huquq/shared-kernel';

/**
 * Reseals free text recorded in plaintext before its field was declared sealed
 * (docs/decisions/0017). Which fields, under whose key and field name: the declarations beside
 * the events (`sealed` of each stream type), never a list of this file's own. A region that is
 * not a code becomes one, its remainder kept sealed (0016). The events are rewritten in place,
 * their chains recomputed, and each organization's log records what was done. Idempotent: a
 * second run finds nothing and writes nothing.
 */

/** Every stream type whose events declare sealed fields. A new one belongs here too. */
const SEALED_STREAM_TYPES: readonly AnyStreamType[] = [caseStream, clientStream, incidentStream, taskStream];

/**
 * The views that copy the fields resealed here (case_views: region, incident, deadlines;
 * case_history: every event's data; reports: the region key). The client directory and work
 * queues copy only fields that were sealed from the start; the dispatcher copies ids.
 */
const VIEWS_WITH_COPIES = ['case-views', 'case-history', 'reports'];

/** The record of a run, in `maintenance-<orgId>`. */
export const FREE_TEXT_SEALED = 'free-text-sealed';
/** Then, in the same stream: the views that held copies were rebuilt from the resealed log. */
const VIEWS_REBUILT = 'free-text-views-rebuilt';
const SYSTEM = 'privacy:seal-legacy';
/** One run at a time per database (single-bigint advisory key; migrations use 7285001). */
const RUN_LOCK = 7285002;
const DEFAULT_BATCH_STREAMS = 100;
const ATTEMPTS_PER_BATCH = 3;
/** Worth another try: the table lock not had in time, or a deadlock with a writer that lost. */
const RETRY_CODES = new Set(['55P03', '40P01']);

export interface SealLegacyOptions {
  db: Database;
  store: EventStore;
  protector: PersonalDataProtector;
  /** Rebuilds the views that hold copies of the old data, when anything changed. */
  runner: ProjectionRunner;
  /** Streams per transaction. */
  batchStreams?: number;
  lockTimeoutMs?: number;
  /** Asked between batches: a stopping service ends the run early (the next run goes on). */
  shouldStop?: () => boolean;
}

/** Counts and ids only: never a value. */
export interface SealLegacyResult {
  /** Another process was running it: this one did nothing. */
  alreadyRunning: boolean;
  /** Streams and events rewritten. */
  streams: number;
  events: number;
  /** Plaintext values sealed under their subject's key. */
  sealed: number;
  /** Free-text regions turned into a code (and a sealed remainder, if any). */
  regions: number;
  /** Plaintext values of erased people, whose key is gone: replaced by null. */
  erased: number;
  /** Streams left as they were, and why (a broken chain, no subject…): to look into. */
  skipped: { streamId: string; reason: string }[];
  /** `free-text-sealed` events appended. */
  recorded: number;
  /**
   * Views rebuilt afterwards: when this run resealed anything, or an earlier one did and stopped
   * before rebuilding. Each organization's log then records `free-text-views-rebuilt`.
   */
  rebuilt: string[];
  /** The run ended early because the service is stopping. */
  interrupted: boolean;
}

interface Tally {
  sealed: number;
  regions: number;
  erased: number;
  fields: Set<string>;
}

/** One event type's declaration, and the region code beside each sealed region remainder. */
interface Target {
  type: AnyStreamType;
  eventType: string;
  fields: Readonly<Record<string, string>>;
  regions: { codePath: string; textPath: string }[];
}

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  org_id: string | null;
}

type Data = Record<string, unknown>;

class SkipStream extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export async function sealLegacyFreeText(options: SealLegacyOptions): Promise<SealLegacyResult> {
  const result: SealLegacyResult = {
    alreadyRunning: false,
    streams: 0,
    events: 0,
    sealed: 0,
    regions: 0,
    erased: 0,
    skipped: [],
    recorded: 0,
    rebuilt: [],
    interrupted: false,
  };
  // A session lock on a connection of its own, held for the run: the API and a worker starting
  // together do the work once. Lost with the connection, should the process die.
  const lock = await options.db.pool.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      RUN_LOCK,
    ]);
    if (!rows[0].locked) return { ...result, alreadyRunning: true };
    try {
      await run(options, result);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [RUN_LOCK]);
    }
  } finally {
    lock.release();
  }
  return result;
}

async function run(options: SealLegacyOptions, result: SealLegacyResult): Promise<void> {
  const targets = declaredTargets();
  const runId = randomUUID();
  const streamIds = await candidateStreams(options.db, targets);
  const size = Math.max(1, options.batchStreams ?? DEFAULT_BATCH_STREAMS);
  for (let i = 0; i < streamIds.length; i += size) {
    if (options.shouldStop?.()) {
      result.interrupted = true;
      break;
    }
    await resealBatch(options, targets, runId, streamIds.slice(i, i + size), result);
  }
  // A stopping service leaves the rebuild to the next run, which finds it still pending.
  if (result.interrupted || options.shouldStop?.()) {
    result.interrupted = true;
    return;
  }
  const pending = await organizationsAwaitingRebuild(options.db);
  if (pending.length === 0) return;
  await options.runner.rebuild(VIEWS_WITH_COPIES);
  result.rebuilt = [...VIEWS_WITH_COPIES];
  await options.db.transaction(async (tx) => {
    for (const orgId of pending) {
      await options.store.append(
        `maintenance-${orgId}`,
        'any',
        [
          {
            type: VIEWS_REBUILT,
            data: { by: SYSTEM, run: runId, views: [...VIEWS_WITH_COPIES] },
            metadata: { system: SYSTEM, orgId, correlationId: runId },
          },
        ],
        { orgId, sql: tx },
      );
    }
  });
}

/**
 * The organizations whose log says history was resealed and not yet that the views were rebuilt
 * since: the rebuild is owed, by this run or one that stopped (or died) before rebuilding.
 */
async function organizationsAwaitingRebuild(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ org_id: string }>(
    `SELECT org_id::text AS org_id FROM (
       SELECT DISTINCT ON (stream_id) org_id, type FROM events
       WHERE starts_with(stream_id, 'maintenance-') AND type = ANY($1::text[])
       ORDER BY stream_id, stream_version DESC
     ) AS last WHERE type = $2`,
    [[FREE_TEXT_SEALED, VIEWS_REBUILT], FREE_TEXT_SEALED],
  );
  return rows.map((row) => row.org_id);
}

/** The declarations, flattened: one target per stream type and event type with sealed fields. */
function declaredTargets(): Target[] {
  return SEALED_STREAM_TYPES.flatMap((type) =>
    Object.entries(type.sealed?.fields ?? {}).flatMap(([eventType, fields]) =>
      fields ? [{ type, eventType, fields, regions: regionPairs(fields) }] : [],
    ),
  );
}

/**
 * A region's sealed remainder is declared (`…regionText`); its code sits beside it (`…region`),
 * as resolveRegion hands the two out. Old events hold the caller's words in the code's place.
 */
function regionPairs(fields: Readonly<Record<string, string>>): Target['regions'] {
  return Object.keys(fields)
    .filter((path) => path.split('.').at(-1) === 'regionText')
    .map((textPath) => ({ textPath, codePath: textPath.replace(/regionText$/, 'region') }));
}

/**
 * The streams holding an event of a declared type with a declared field still in plaintext,
 * or a region that is not a code: one pass over the log, filtered by type and jsonb paths.
 */
async function candidateStreams(db: Database, targets: readonly Target[]): Promise<string[]> {
  const values: unknown[] = [SEALED_PREFIX, [...REGION_CODES]];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const clauses = targets.map((target) => {
    const plain = Object.keys(target.fields).map((path) => {
      const at = `${param(path.split('.'))}::text[]`;
      return `(jsonb_typeof(data #> ${at}) = 'string' AND NOT starts_with(data #>> ${at}, $1))`;
    });
    const regions = target.regions.map(({ codePath }) => {
      const at = `${param(codePath.split('.'))}::text[]`;
      return `(jsonb_typeof(data #> ${at}) = 'string' AND NOT (data #>> ${at} = ANY($2::text[])))`;
    });
    return `(type = ${param(target.eventType)} AND starts_with(stream_id, ${param(`${target.type.name}-`)})
      AND (${[...plain, ...regions].join(' OR ')}))`;
  });
  if (clauses.length === 0) return [];
  const { rows } = await db.query<{ stream_id: string }>(
    `SELECT DISTINCT stream_id FROM events WHERE ${clauses.join(' OR ')} ORDER BY stream_id`,
    values,
  );
  return rows.map((row) => row.stream_id);
}

async function resealBatch(
  options: SealLegacyOptions,
  targets: readonly Target[],
  runId: string,
  streamIds: string[],
  result: SealLegacyResult,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await resealBatchOnce(options, targets, runId, streamIds, result);
      return;
    } catch (error) {
      // Another run rewrote them meanwhile, or the table lock was not had in time: read again.
      const code = (error as { code?: unknown })?.code;
      const retry = error instanceof HistoryChanged || (typeof code === 'string' && RETRY_CODES.has(code));
      if (!retry || attempt >= ATTEMPTS_PER_BATCH) throw error;
    }
  }
}

/**
 * Reads the batch's streams whole (a case's subject comes from its first event), computes the
 * new data outside any lock (sealing finds or makes keys over other connections), then rewrites
 * and records in one short transaction.
 */
async function resealBatchOnce(
  options: SealLegacyOptions,
  targets: readonly Target[],
  runId: string,
  streamIds: string[],
  result: SealLegacyResult,
): Promise<void> {
  const { rows } = await options.db.query<EventRow>(
    `SELECT global_position::text AS global_position, stream_id, stream_version, type, data, org_id::text AS org_id
     FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_version`,
    [streamIds],
  );
  const byStream = new Map<string, EventRow[]>();
  for (const row of rows) byStream.set(row.stream_id, [...(byStream.get(row.stream_id) ?? []), row]);

  // The streams side by side: each waits mostly on its subject's key.
  const computed = await Promise.allSettled(
    [...byStream].map(async ([streamId, events]) => {
      const tally: Tally = { sealed: 0, regions: 0, erased: 0, fields: new Set() };
      const found = await resealStream(options.protector, targets, streamId, events, tally);
      return { streamId, orgId: events[0].org_id!, found, tally };
    }),
  );
  const rewrites: EventRewrite[] = [];
  const tallies = new Map<string, Tally>();
  const orgOf = new Map<string, string>();
  const skipped: SealLegacyResult['skipped'] = [];
  const streamOrder = [...byStream.keys()];
  for (const [i, outcome] of computed.entries()) {
    if (outcome.status === 'rejected') {
      const error: unknown = outcome.reason;
      // The database failing stops the run; anything about this stream alone skips the stream.
      if (typeof (error as { code?: unknown })?.code === 'string') throw error;
      const reason = error instanceof SkipStream ? error.reason : ((error as Error)?.name ?? 'error');
      skipped.push({ streamId: streamOrder[i], reason });
      continue;
    }
    const { streamId, orgId, found, tally } = outcome.value;
    if (found.length === 0) continue;
    rewrites.push(...found);
    tallies.set(streamId, tally);
    orgOf.set(streamId, orgId);
  }
  if (rewrites.length > 0) {
    const { outcome } = await rewriteEventData(
      options.db,
      rewrites,
      (sql, done) => record(options.store, sql, runId, done, orgOf, tallies),
      { lockTimeoutMs: options.lockTimeoutMs },
    );
    for (const stream of outcome.rewritten) {
      const tally = tallies.get(stream.streamId)!;
      result.streams += 1;
      result.events += stream.versions.length;
      result.sealed += tally.sealed;
      result.regions += tally.regions;
      result.erased += tally.erased;
    }
    result.recorded += new Set(outcome.rewritten.map((s) => orgOf.get(s.streamId))).size;
    skipped.push(...outcome.refused.map(({ streamId }) => ({ streamId, reason: 'chain-invalid' })));
  }
  result.skipped.push(...skipped);
}

/** The new data of every event of one stream that still holds plaintext, with what it was. */
async function resealStream(
  protector: PersonalDataProtector,
  targets: readonly Target[],
  streamId: string,
  events: readonly EventRow[],
  tally: Tally,
): Promise<EventRewrite[]> {
  const type = SEALED_STREAM_TYPES.filter((t) => streamId.startsWith(`${t.name}-`)).sort(
    (a, b) => b.name.length - a.name.length,
  )[0];
  if (!type?.sealed) throw new SkipStream('unknown-stream-type');
  const orgId = events[0].org_id;
  if (!orgId) throw new SkipStream('no-organization');
  const rewrites: EventRewrite[] = [];
  // Folded as the write path folds it, so the subject is the one the write path seals under.
  let state: unknown = type.decider.initialState();
  for (const row of events) {
    const event = { type: row.type, data: row.data };
    const target = targets.find((t) => t.type === type && t.eventType === row.type);
    if (target && holdsPlaintext(target, row.data)) {
      const subjectId: unknown = type.sealed.subjectOf(state, event);
      if (typeof subjectId !== 'string' || subjectId === '') throw new SkipStream('no-subject');
      const subject = { orgId, subjectId };
      const after = await codeRegions(protector, subject, target, structuredClone(row.data) as Data, tally);
      const sealed = await sealPlainFields(target.fields, after, async (field, plaintext) => {
        tally.fields.add(field);
        try {
          const value = await protector.seal(subject, field, plaintext);
          tally.sealed += 1;
          return value;
        } catch (error) {
          if (!(error instanceof SubjectErased)) throw error;
          // Erased: their key is gone and no new one may be made. The plaintext must go all the same.
          tally.erased += 1;
          return null;
        }
      });
      rewrites.push({
        globalPosition: Number(row.global_position),
        streamId,
        streamVersion: row.stream_version,
        before: row.data,
        after: sealed,
      });
    }
    state = type.decider.evolve(state, event);
  }
  return rewrites;
}

/** What candidateStreams asks in SQL, asked again of one event's data. */
function holdsPlaintext(target: Target, data: unknown): boolean {
  const plain = Object.keys(target.fields).some((path) => {
    const value = valueAt(data, path);
    return typeof value === 'string' && !isSealedValue(value);
  });
  return plain || target.regions.some(({ codePath }) => isFreeTextRegion(valueAt(data, codePath)));
}

const isFreeTextRegion = (value: unknown): value is string =>
  typeof value === 'string' && !isRegionCode(value);

/** The caller's words in a region's place → the code, and what maps to no code as the remainder. */
async function codeRegions(
  protector: PersonalDataProtector,
  subject: { orgId: string; subjectId: string },
  target: Target,
  data: Data,
  tally: Tally,
): Promise<Data> {
  for (const { codePath, textPath } of target.regions) {
    const words = valueAt(data, codePath);
    if (!isFreeTextRegion(words)) continue;
    const { code, remainder } = resolveRegion(words);
    const existing = valueAt(data, textPath);
    let text = typeof existing === 'string' ? existing : null;
    if (remainder !== null) {
      // A remainder already there (not seen in old data, but kept if so) is opened and joined.
      const earlier =
        text !== null && isSealedValue(text)
          ? await protector.open(subject, target.fields[textPath], text)
          : text;
      text = [earlier, remainder].filter((part) => part).join('; ');
    }
    setAt(data, codePath, code);
    setAt(data, textPath, text);
    tally.regions += 1;
  }
  return data;
}

function valueAt(data: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Data)[key] : undefined),
      data,
    );
}

function setAt(data: Data, path: string, value: unknown): void {
  const keys = path.split('.');
  const parent = valueAt(data, keys.slice(0, -1).join('.')) ?? data;
  if (parent !== null && typeof parent === 'object') (parent as Data)[keys[keys.length - 1]] = value;
}

/**
 * One `free-text-sealed` event per organization of the batch, in its `maintenance-<orgId>`
 * stream, in the rewrite's transaction: which streams, how many events, the heads before and
 * after (to compare with recorded anchors), which field names. Ids, counts and hashes only.
 */
async function record(
  store: EventStore,
  sql: Sql,
  runId: string,
  outcome: RewriteOutcome,
  orgOf: ReadonlyMap<string, string>,
  tallies: ReadonlyMap<string, Tally>,
): Promise<void> {
  const byOrg = new Map<string, RewriteOutcome['rewritten']>();
  for (const stream of outcome.rewritten) {
    const orgId = orgOf.get(stream.streamId)!;
    byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), stream]);
  }
  for (const [orgId, streams] of byOrg) {
    const tally = streams.map((s) => tallies.get(s.streamId)!);
    const sum = (key: 'sealed' | 'regions' | 'erased') => tally.reduce((n, t) => n + t[key], 0);
    await store.append(
      `maintenance-${orgId}`,
      'any',
      [
        {
          type: FREE_TEXT_SEALED,
          data: {
            by: SYSTEM,
            run: runId,
            streamIds: streams.map((s) => s.streamId),
            rewritten: streams.reduce((n, s) => n + s.versions.length, 0),
            sealed: sum('sealed'),
            regions: sum('regions'),
            erased: sum('erased'),
            fields: [...new Set(tally.flatMap((t) => [...t.fields]))].sort(),
            heads: streams.map((s) => ({
              streamId: s.streamId,
              versions: s.versions,
              before: s.before,
              after: s.after,
            })),
          },
          metadata: { system: SYSTEM, orgId, correlationId: runId },
        },
      ],
      { orgId, sql },
    );
  }
}

/** The result as the service logs it: counts only, the skipped streams counted, not named. */
export function countsOf(result: SealLegacyResult): Omit<SealLegacyResult, 'skipped'> & { skipped: number } {
  return { ...result, skipped: result.skipped.length };
}

import { randomUUID } from 'node:crypto';
import {
  CommandContext,
  deterministicUuid,
  DomainEvent,
  RuleViolation,
  VersionConflict,
} from '@huquq/shared-kernel';
import type { Sql, TenantDatabase } from '@huquq/platform';
import type { EventMetadata, StoredEvent } from '../events';
import type { EventStore, StreamAppendRequest } from '../event-store';
import type { Projection } from '../projections/projection';
import { findAnswer, saveAnswer } from './command-answers';
import { requestFingerprint } from './request-fingerprint';
import { Sealer, sealedFieldsOf, sealFields } from './sealing';
import { AnyStreamType, StreamType, streamIdOf } from './stream-type';

export interface Idempotency {
  /** The caller's Idempotency-Key; nothing is remembered without one. */
  key?: string;
  /** What was asked (the command's name, its target and body): a reuse of the key for another request is refused. */
  request: unknown;
}

export interface ExecuteOptions<P = undefined> {
  idempotency?: Idempotency;
  /**
   * Work done once, before the command's transaction and only when there is no remembered
   * answer (taking case numbers, which commit on their own): its result is given to `work`.
   * Outside the transaction so that the command never holds two connections at once.
   */
  prepare?: () => Promise<P>;
  /**
   * Tries in all when another writer wins the race for a stream: the command is decided again
   * on the new state. 1 for commands whose caller named the version it decided on (a lost race
   * is then their 409 to see).
   */
  attempts?: number;
  /**
   * Group commit (decision 0140): the command may share one transaction and one append with
   * other commands of the same organization arriving at the same moment. Each keeps its own
   * idempotency, versions, events and answer; any failure of the group rolls it back and runs
   * each command alone, so a failing command never fails its neighbours. For commands that
   * write new streams (intake), where two of them rarely touch the same stream.
   */
  together?: boolean;
}

/** How commands are grouped (decision 0140). */
interface GroupCommitOptions {
  /** At most this many commands in one transaction. */
  maxGroup?: number;
  /** Groups in flight at once, all organizations together; others wait and grow meanwhile. */
  maxInFlight?: number;
}

export interface DecideOptions<Event> {
  /** The version the caller saw; any other is a VersionConflict (409), never retried. */
  expectedVersion?: number;
  /** Stable ids for the new events, so that a repeat of the same work appends nothing twice. */
  eventId?: (event: Event, index: number) => string;
  /**
   * The stream is new (a fresh id): it is not read first. Should it exist after all, the append
   * loses (it expects version 0) and the command is tried again, reading it then.
   */
  isNew?: boolean;
}

export interface Decided<State, Event> {
  streamId: string;
  /** The state after the new events. */
  state: State;
  version: number;
  /** The new events, plain (they are sealed only on their way into the log). */
  events: Event[];
}

export interface Loaded<State> {
  streamId: string;
  state: State;
  version: number;
}

interface Pending {
  type: AnyStreamType;
  streamId: string;
  expectedVersion: number;
  events: { event: DomainEvent; before: unknown; eventId?: string }[];
}

/** A stream moved between reading and appending: decide again on the new state. */
class LostRace extends Error {
  constructor(readonly conflict: VersionConflict) {
    super(conflict.message);
  }
}

const DEFAULT_ATTEMPTS = 3;

/** A command waiting for its group (decision 0140). */
interface Grouped {
  context: CommandContext;
  work: (unit: WriteUnit, prepared: never) => Promise<unknown>;
  prepared: unknown;
  remembered: Remembered | null;
  options: ExecuteOptions<never>;
  resolve: (answer: unknown) => void;
  reject: (error: unknown) => void;
}

interface Remembered {
  key: string;
  fingerprint: string;
}

/** Two commands of one group wrote the same stream: the group is undone, each runs alone. */
class SharedStream extends Error {}

/**
 * The one write path. Every command goes: load its streams → fold → `decide` on plain values
 * → seal what the event types declare personal → stamp who, for which org, in which request →
 * append every stream at the version decided on, in one statement → update the inline views in
 * the same transaction → commit → answer. Nothing waits for an asynchronous view afterwards:
 * what a client reads next is written with the events.
 */
export class CommandHandler {
  /** Commands waiting for a group, per organization (a transaction is one organization's). */
  private readonly waiting = new Map<string, Grouped[]>();
  private inFlight = 0;
  private readonly maxGroup: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly tenants: TenantDatabase,
    private readonly store: EventStore,
    private readonly sealer: Sealer,
    private readonly inlineProjections: readonly Projection[],
    private readonly fingerprintKey: string,
    groupCommit: GroupCommitOptions = {},
  ) {
    this.maxGroup = groupCommit.maxGroup ?? 32;
    this.maxInFlight = groupCommit.maxInFlight ?? 2;
  }

  /**
   * Runs `work` in a transaction of the context's organization, under row-level security.
   * `work` loads and decides through the unit it is given and returns the command's answer.
   * With an Idempotency-Key, a repeat (or a twin racing it) gets the first answer back.
   */
  async execute<T, P = undefined>(
    context: CommandContext,
    work: (unit: WriteUnit, prepared: P) => Promise<T>,
    options: ExecuteOptions<P> = {},
  ): Promise<T> {
    const { orgId } = context;
    const key = options.idempotency?.key;
    const remembered: Remembered | null = key
      ? { key, fingerprint: requestFingerprint(this.fingerprintKey, options.idempotency!.request) }
      : null;
    const earlier = () =>
      this.tenants.transaction(orgId, (sql) =>
        findAnswer<T>(sql, orgId, remembered!.key, remembered!.fingerprint),
      );

    if (remembered) {
      const first = await earlier();
      if (first) return first.answer;
    }
    const prepared = (options.prepare ? await options.prepare() : undefined) as P;
    if (options.together) {
      return new Promise<T>((resolve, reject) => {
        const queue = this.waiting.get(orgId) ?? [];
        queue.push({
          context,
          work: work as Grouped['work'],
          prepared,
          remembered,
          options: options as ExecuteOptions<never>,
          resolve: resolve as (answer: unknown) => void,
          reject,
        });
        this.waiting.set(orgId, queue);
        // Not at once: the commands arriving in this turn of the event loop join the group.
        if (queue.length === 1) setImmediate(() => this.startGroups());
        else if (queue.length >= this.maxGroup) this.startGroups();
      });
    }
    return this.executeAlone(context, work, options, remembered, prepared);
  }

  private async executeAlone<T, P>(
    context: CommandContext,
    work: (unit: WriteUnit, prepared: P) => Promise<T>,
    options: ExecuteOptions<P>,
    remembered: Remembered | null,
    prepared: P,
  ): Promise<T> {
    const { orgId } = context;
    const earlier = () =>
      this.tenants.transaction(orgId, (sql) =>
        findAnswer<T>(sql, orgId, remembered!.key, remembered!.fingerprint),
      );
    const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.tenants.transaction(orgId, async (sql) => {
          const unit = new WriteUnit(sql, context, this.store, remembered?.key, attempt > 1);
          const answer = await work(unit, prepared);
          const subjects = sealedSubjectsOf(unit);
          await this.commit([unit]);
          if (remembered)
            await saveAnswer(sql, orgId, remembered.key, remembered.fingerprint, answer, subjects);
          return answer;
        });
      } catch (error) {
        // A twin with the same key committed first: its answer is ours. (If the database is
        // away, the look fails too: the original error is the one to report.)
        if (remembered) {
          const first = await earlier().catch((lookFailed: unknown) => {
            if (lookFailed instanceof RuleViolation) throw lookFailed; // the key, reused for another request
            return null;
          });
          if (first) return first.answer;
        }
        if (error instanceof LostRace) {
          if (attempt < attempts) continue;
          throw error.conflict;
        }
        throw error;
      }
    }
  }

  /**
   * Several commands inside one transaction the caller holds, written by one append (the
   * follow-up dispatcher planning a page's first follow-ups, decision 0141). All or nothing: the
   * caller decides what a failure means (it rolls back to a savepoint and leaves them to jobs).
   */
  async executeManyIn<T>(
    sql: Sql,
    commands: readonly { context: CommandContext; work: (unit: WriteUnit) => Promise<T> }[],
  ): Promise<T[]> {
    const units: WriteUnit[] = [];
    const answers: T[] = [];
    for (const { context, work } of commands) {
      const unit = new WriteUnit(sql, context, this.store, undefined, false);
      answers.push(await work(unit));
      units.push(unit);
    }
    try {
      await this.commit(units);
    } catch (error) {
      throw error instanceof LostRace ? error.conflict : error;
    }
    return answers;
  }

  /** Starts a group for each organization with commands waiting, while groups may start. */
  private startGroups(): void {
    for (const [orgId, queue] of this.waiting) {
      if (this.inFlight >= this.maxInFlight) return;
      const group = queue.splice(0, this.maxGroup);
      if (queue.length === 0) this.waiting.delete(orgId);
      this.inFlight += 1;
      void this.commitGroup(orgId, group).finally(() => {
        this.inFlight -= 1;
        if (this.waiting.size > 0) this.startGroups();
      });
    }
  }

  /**
   * One transaction for the whole group: each command decides in its own unit, in arrival
   * order; one append of every unit's streams; the inline views once for all; each answer
   * remembered; one COMMIT. Answers go out only after the COMMIT succeeded. If anything fails
   * before the COMMIT, the transaction is rolled back whole and every command runs alone (its
   * own retries, its own error). If the COMMIT itself fails, whether it took is unknown: every
   * command gets that error, as a command alone would.
   */
  private async commitGroup(orgId: string, group: Grouped[]): Promise<void> {
    const alone = (entry: Grouped) =>
      this.executeAlone(entry.context, entry.work, entry.options, entry.remembered, entry.prepared as never).then(
        entry.resolve,
        entry.reject,
      );
    if (group.length === 1) return alone(group[0]);
    let committing = false;
    let answers: unknown[];
    try {
      answers = await this.tenants.transaction(orgId, async (sql) => {
        const units: WriteUnit[] = [];
        const decided: unknown[] = [];
        for (const entry of group) {
          const unit = new WriteUnit(sql, entry.context, this.store, entry.remembered?.key, false);
          decided.push(await entry.work(unit, entry.prepared as never));
          units.push(unit);
        }
        await this.commit(units);
        const keyed = group.flatMap((entry, i) => (entry.remembered ? [{ entry, i }] : []));
        for (const { entry, i } of keyed) {
          const { key, fingerprint } = entry.remembered!;
          await saveAnswer(sql, orgId, key, fingerprint, decided[i], sealedSubjectsOf(units[i]));
        }
        committing = true;
        return decided;
      });
    } catch (error) {
      if (committing) {
        for (const entry of group) entry.reject(error);
        return;
      }
      await Promise.all(group.map(alone));
      return;
    }
    group.forEach((entry, i) => entry.resolve(answers[i]));
  }

  /**
   * `work` inside a transaction the caller holds (the follow-up job runner's, which also marks
   * its job done in it). No retries and no answers to remember: the caller owns both.
   */
  async executeIn<T>(sql: Sql, context: CommandContext, work: (unit: WriteUnit) => Promise<T>): Promise<T> {
    const unit = new WriteUnit(sql, context, this.store, undefined, false);
    const answer = await work(unit);
    try {
      await this.commit([unit]);
    } catch (error) {
      throw error instanceof LostRace ? error.conflict : error;
    }
    return answer;
  }

  /**
   * Seals, appends and projects the units' new events: one append for all their streams, the
   * inline views once for all. Units of a group seal side by side (each one event after another:
   * the first seal of a new person makes their key, the rest find it cached; sealing all at
   * once would look the missing key up once per field), so their new keys are made together.
   */
  private async commit(units: readonly WriteUnit[]): Promise<StoredEvent[]> {
    const perUnit = await Promise.all(units.map((unit) => this.appendsOf(unit)));
    const appends = perUnit.flat();
    if (appends.length === 0) return [];
    if (units.length > 1 && new Set(appends.map((a) => a.streamId)).size < appends.length) {
      throw new SharedStream('two commands of one group write the same stream');
    }
    const metadataOf = new Map(
      perUnit.flatMap((list, i) => list.map((append) => [append.streamId, stamp(units[i].context)] as const)),
    );
    let results;
    try {
      results = await this.store.appendMany(appends, { sql: units[0].sql });
    } catch (error) {
      if (error instanceof VersionConflict) throw new LostRace(error);
      throw error;
    }
    const written = appends.flatMap((append, i) => {
      const byId = new Map(results[i].written.map((row) => [row.eventId, row]));
      const metadata = metadataOf.get(append.streamId)!;
      return append.events.flatMap((event): StoredEvent[] => {
        const row = byId.get(event.eventId!);
        if (!row) return [];
        return [
          {
            ...row,
            streamId: append.streamId,
            type: event.type,
            schemaVersion: 1,
            // As the log will give it back to a rebuild: JSON, without undefined fields.
            data: JSON.parse(JSON.stringify(event.data ?? null)),
            metadata: { ...metadata, orgId: append.orgId },
            orgId: append.orgId as string,
          },
        ];
      });
    });
    written.sort((a, b) => a.globalPosition - b.globalPosition);
    for (const projection of this.inlineProjections) {
      const wanted = projection.eventTypes.length
        ? written.filter((event) => projection.eventTypes.includes(event.type))
        : written;
      if (wanted.length > 0) await projection.apply(units[0].sql, wanted);
    }
    return written;
  }

  /** One unit's new events, sealed and stamped, as appends of its streams. */
  private async appendsOf(unit: WriteUnit): Promise<StreamAppendRequest[]> {
    const { context } = unit;
    const metadata = stamp(context);
    const appends: StreamAppendRequest[] = [];
    for (const write of unit.pendingWrites()) {
      const events = [];
      for (const [i, { event, before, eventId }] of write.events.entries()) {
        events.push({
          // Always an id of our own: the inline views find each stored row by it.
          eventId:
            eventId ?? unit.idempotentEventId(write.streamId, write.expectedVersion + i + 1) ?? randomUUID(),
          type: event.type,
          data: await this.seal(context.orgId, write.type, before, event),
          metadata,
        });
      }
      appends.push({
        streamId: write.streamId,
        expectedVersion: write.expectedVersion,
        orgId: context.orgId,
        events,
      });
    }
    return appends;
  }

  private async seal(
    orgId: string,
    type: AnyStreamType,
    before: unknown,
    event: DomainEvent,
  ): Promise<unknown> {
    const fields = sealedFieldsOf(type.sealed, event.type);
    if (!fields || !type.sealed) return event.data;
    const subjectId = type.sealed.subjectOf(before, event);
    return sealFields(this.sealer, { orgId, subjectId }, fields, event.data);
  }
}

/**
 * Whose personal data the command's new events carry (the subjects their sealed fields are
 * sealed for): its Idempotency-Key answer records them, so that erasing one of them destroys the
 * request's fingerprint too (a fingerprint confirms a guess of the body it was made from).
 */
function sealedSubjectsOf(unit: WriteUnit): string[] {
  const subjects = new Set<string>();
  for (const write of unit.pendingWrites()) {
    for (const { event, before } of write.events) {
      if (write.type.sealed && sealedFieldsOf(write.type.sealed, event.type)) {
        subjects.add(write.type.sealed.subjectOf(before, event).toLowerCase());
      }
    }
  }
  return [...subjects];
}

/**
 * What one command reads and decides, in its transaction. Streams are loaded once; deciding on
 * a stream twice goes on from the state the first decision left.
 */
export class WriteUnit {
  private readonly streams = new Map<string, Loaded<unknown> & { type: AnyStreamType }>();
  private readonly pending = new Map<string, Pending>();

  constructor(
    /** The command's transaction, for the few reads that are not streams (a duplicate search). */
    readonly sql: Sql,
    readonly context: CommandContext,
    private readonly store: EventStore,
    private readonly idempotencyKey: string | undefined,
    /** A retry after a lost race: every stream is read, new or not. */
    private readonly retrying: boolean,
  ) {}

  async load<C, E extends DomainEvent, S>(
    type: StreamType<C, E, S>,
    id: string,
    options: { isNew?: boolean } = {},
  ): Promise<Loaded<S>> {
    const streamId = streamIdOf(type, id);
    const known = this.streams.get(streamId);
    if (known) return known as Loaded<S>;
    const stored =
      options.isNew && !this.retrying ? [] : await this.store.readStream(streamId, { sql: this.sql });
    // Row-level security hides other organizations on the request path; the owner's connection
    // (background work) sees every stream, so the check is made here too.
    if (stored.length > 0 && stored[0].orgId !== this.context.orgId) throw type.notFound();
    const { decider } = type;
    const state = stored.reduce(
      (folded, event) => decider.evolve(folded, { type: event.type, data: event.data } as E),
      decider.initialState(),
    );
    const loaded = { streamId, state, version: stored.length, type };
    this.streams.set(streamId, loaded);
    return loaded;
  }

  async decide<C, E extends DomainEvent, S>(
    type: StreamType<C, E, S>,
    id: string,
    command: C | ((state: S) => C),
    options: DecideOptions<E> = {},
  ): Promise<Decided<S, E>> {
    const loaded = (await this.load(type, id, { isNew: options.isNew })) as Loaded<S> & {
      type: AnyStreamType;
    };
    // A stream with no events does not exist (or is another organization's): that comes first.
    if (loaded.version === 0 && options.expectedVersion) throw type.notFound();
    if (options.expectedVersion !== undefined && options.expectedVersion !== loaded.version) {
      throw new VersionConflict(loaded.streamId, options.expectedVersion, loaded.version);
    }
    const asked = typeof command === 'function' ? (command as (state: S) => C)(loaded.state) : command;
    const events = type.decider.decide(asked, loaded.state);
    const write = this.pending.get(loaded.streamId) ?? {
      type,
      streamId: loaded.streamId,
      expectedVersion: loaded.version,
      events: [],
    };
    let state = loaded.state;
    events.forEach((event, i) => {
      write.events.push({ event, before: state, eventId: options.eventId?.(event, i) });
      state = type.decider.evolve(state, event);
    });
    if (events.length > 0) this.pending.set(loaded.streamId, write);
    loaded.state = state;
    loaded.version += events.length;
    return { streamId: loaded.streamId, state, version: loaded.version, events };
  }

  /** @internal the streams with new events, in the order first decided. */
  pendingWrites(): Pending[] {
    return [...this.pending.values()];
  }

  /** @internal with an Idempotency-Key, a repeat derives the same event ids: the log keeps one. */
  idempotentEventId(streamId: string, version: number): string | undefined {
    if (!this.idempotencyKey) return undefined;
    return deterministicUuid(this.context.orgId, 'command', this.idempotencyKey, streamId, String(version));
  }
}

/** Every event of a command carries who did it, for which organization, in which request. */
function stamp(context: CommandContext): EventMetadata {
  const metadata: EventMetadata = {
    actorId: context.actor?.userId,
    // Reports tell a lawyer's first action from intake's; the role at the time is history too.
    actorRole: context.actor?.role,
    system: context.system,
    orgId: context.orgId,
    correlationId: context.correlationId,
    causationId: context.causationId,
    jobId: context.jobId,
  };
  return Object.fromEntries(Object.entries(metadata).filter(([, value]) => value !== undefined));
}

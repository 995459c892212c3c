import { Database, Sql } from '@huquq/platform';
import { compareCheckpoints, sameCheckpoint } from '../checkpoint';
import { Checkpoint, START } from '../events';
import { checkpointOf, EventStore, ReadPage } from '../event-store';
import { Projection } from './projection';
import {
  lockCheckpoint,
  parkEvent,
  readCheckpoint,
  resetCheckpoint,
  saveCheckpoint,
} from './projection-checkpoints';

export interface WorkerSettings {
  batchSize: number;
  maxAttempts: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  onError?: (projectionName: string, error: unknown) => void;
}

export type StepResult =
  /** The checkpoint moved: by applying a page, passing ignored types, or parking an event. */
  | { kind: 'advanced'; applied: number }
  /** Another instance (or a rebuild) moved the stored checkpoint; ours now follows it. */
  | { kind: 'overtaken' }
  /** Nothing readable past the checkpoint; `blocked`: committed events wait behind an older transaction. */
  | { kind: 'idle'; blocked: boolean }
  | { kind: 'failed'; retryInMs: number };

/**
 * One projection's progress through the log: reads a page after its checkpoint, then applies
 * it and moves the checkpoint in one transaction. Steps never overlap, whoever asks for them
 * (the runner's loop, catchUp, a rebuild).
 */
export class ProjectionWorker {
  /** Committed position; null until read from the database. */
  private checkpoint: Checkpoint | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** After a failed page, events up to here are applied one by one to find the culprit. */
  private isolateUntil: Checkpoint | null = null;
  private failingEvent: { globalPosition: number; attempts: number } | null = null;
  private consecutiveFailures = 0;
  /** The last step read all there was to read: the page was not full (or nothing was readable). */
  private reachedHead = false;

  constructor(
    readonly projection: Projection,
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly settings: WorkerSettings,
    private readonly onAdvance: () => void,
  ) {}

  get name(): string {
    return this.projection.name;
  }

  /** The last checkpoint this process committed or saw; null before the first step. */
  get knownCheckpoint(): Checkpoint | null {
    return this.checkpoint;
  }

  /**
   * Neither failing nor isolating a failed page, and its last step reached the end of the log:
   * it may step together with the others (the runner's live loop).
   */
  get mayJoin(): boolean {
    return this.healthy && this.reachedHead;
  }

  get healthy(): boolean {
    return this.isolateUntil === null && this.failingEvent === null && this.consecutiveFailures === 0;
  }

  handles(type: string): boolean {
    return this.projection.eventTypes.length === 0 || this.projection.eventTypes.includes(type);
  }

  step(): Promise<StepResult> {
    return this.exclusive(() => this.stepOnce());
  }

  /** Runs `work` while no step of this worker runs (for the runner's shared pages). */
  whileIdle<T>(work: () => Promise<T>): Promise<T> {
    return this.exclusive(work);
  }

  /** The checkpoint this projection is at, read from the database when not known yet. */
  async currentCheckpoint(): Promise<Checkpoint> {
    this.checkpoint ??= await readCheckpoint(this.db, this.name);
    return this.checkpoint;
  }

  /**
   * Applies this projection's part of a page read once for several projections, inside the
   * caller's transaction, and moves the checkpoint there. False, with nothing done, when the
   * stored checkpoint is not `from` (another instance moved it). Call adopt() once the
   * transaction has committed.
   */
  async applyShared(tx: Sql, from: Checkpoint, page: ReadPage): Promise<boolean> {
    const locked = await lockCheckpoint(tx, this.name);
    if (!sameCheckpoint(locked, from)) return false;
    await this.applyAfter(tx, page, from);
    await saveCheckpoint(tx, this.name, page.end, page.endRecordedAt);
    return true;
  }

  /**
   * Applies this projection's part of a page read for several: the events it handles past its
   * checkpoint (the page may start before it). In the caller's transaction, which has locked
   * the checkpoint row and found it at knownCheckpoint, and saves the checkpoint after;
   * adopt() once committed.
   */
  applyPart(tx: Sql, page: ReadPage): Promise<void> {
    return this.applyAfter(tx, page, this.checkpoint ?? START);
  }

  /** The page's events this projection handles, past `from`, applied in `tx`. */
  private async applyAfter(tx: Sql, page: ReadPage, from: Checkpoint): Promise<void> {
    const events = page.events.filter(
      (event) => this.handles(event.type) && compareCheckpoints(checkpointOf(event), from) > 0,
    );
    if (events.length > 0) await this.projection.apply(tx, events);
  }

  /** Another instance (or a rebuild) moved the stored checkpoint: follow it, as a step does. */
  follow(checkpoint: Checkpoint): void {
    this.reachedHead = false;
    this.advanceTo(checkpoint);
  }

  /** The stored checkpoint, read by the runner for several projections at once, when none is known yet. */
  learn(checkpoint: Checkpoint): void {
    this.checkpoint ??= checkpoint;
  }

  /** After the transaction of applyShared committed. */
  adopt(checkpoint: Checkpoint): void {
    this.advanceTo(checkpoint);
    this.consecutiveFailures = 0;
    this.failingEvent = null;
  }

  /** Resets the projection's rows and checkpoint inside the caller's transaction. */
  reset(tx: Sql): Promise<void> {
    return this.exclusive(async () => {
      await this.projection.reset(tx);
      await resetCheckpoint(tx, this.name);
      // Re-read after the caller commits: until then the old checkpoint still stands.
      this.checkpoint = null;
      this.isolateUntil = null;
      this.failingEvent = null;
      this.consecutiveFailures = 0;
      this.reachedHead = false;
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async stepOnce(): Promise<StepResult> {
    let page: ReadPage | null = null;
    // An object, not a let: the flag is set inside the transaction's callback.
    const stage = { applying: false };
    this.reachedHead = false;
    try {
      const from = this.checkpoint ?? (await readCheckpoint(this.db, this.name));
      this.checkpoint = from;
      const isolating = this.isolateUntil !== null && compareCheckpoints(from, this.isolateUntil) < 0;
      const limit = isolating ? 1 : this.settings.batchSize;
      page = await this.store.readPage(from, limit, { types: this.projection.eventTypes });
      const readPage = page;

      if (readPage.events.length === 0 && sameCheckpoint(readPage.end, from)) {
        // Nothing to do here, but another instance may have moved on, or a rebuild reset us.
        const stored = await readCheckpoint(this.db, this.name);
        if (!sameCheckpoint(stored, from)) return this.overtakenBy(stored);
        this.reachedHead = true;
        return { kind: 'idle', blocked: readPage.blocked };
      }

      const moved = await this.db.transaction(async (tx) => {
        const locked = await lockCheckpoint(tx, this.name);
        if (!sameCheckpoint(locked, from)) return locked;
        if (readPage.events.length > 0) {
          stage.applying = true;
          await this.projection.apply(tx, readPage.events);
          stage.applying = false;
        }
        await saveCheckpoint(tx, this.name, readPage.end, readPage.endRecordedAt);
        return null;
      });
      if (moved) return this.overtakenBy(moved);

      this.advanceTo(readPage.end);
      this.consecutiveFailures = 0;
      this.failingEvent = null;
      this.reachedHead = readPage.events.length < limit;
      return { kind: 'advanced', applied: readPage.events.length };
    } catch (error) {
      return this.failed(error, stage.applying ? page : null);
    }
  }

  private overtakenBy(checkpoint: Checkpoint): StepResult {
    this.advanceTo(checkpoint);
    return { kind: 'overtaken' };
  }

  private advanceTo(checkpoint: Checkpoint): void {
    this.checkpoint = checkpoint;
    if (this.isolateUntil && compareCheckpoints(checkpoint, this.isolateUntil) >= 0) this.isolateUntil = null;
    this.onAdvance();
  }

  /** Tells the runner's error reporter; never throws. */
  report(error: unknown): void {
    try {
      this.settings.onError?.(this.name, error);
    } catch {
      // A broken error reporter must not stop the projection.
    }
  }

  /** `page` is the page whose apply threw, or null when the failure was not the projection's. */
  private async failed(error: unknown, page: ReadPage | null): Promise<StepResult> {
    this.report(error);
    this.consecutiveFailures += 1;
    const retryInMs = Math.min(
      this.settings.maxRetryDelayMs,
      this.settings.retryDelayMs * 2 ** (this.consecutiveFailures - 1),
    );
    if (!page || !blamesTheEvents(error)) return { kind: 'failed', retryInMs };

    if (page.events.length > 1) {
      // Some event of the page broke it; try them one at a time, right away.
      this.isolateUntil = page.end;
      return { kind: 'failed', retryInMs: 0 };
    }

    const event = page.events[0];
    const attempts =
      this.failingEvent?.globalPosition === event.globalPosition ? this.failingEvent.attempts + 1 : 1;
    this.failingEvent = { globalPosition: event.globalPosition, attempts };
    if (attempts < this.settings.maxAttempts) return { kind: 'failed', retryInMs };

    try {
      const from = this.checkpoint ?? START;
      const moved = await this.db.transaction(async (tx) => {
        const locked = await lockCheckpoint(tx, this.name);
        if (!sameCheckpoint(locked, from)) return locked;
        await parkEvent(tx, this.name, event.globalPosition, errorMessage(error));
        await saveCheckpoint(tx, this.name, checkpointOf(event), event.recordedAt);
        return null;
      });
      if (moved) return this.overtakenBy(moved);
      this.advanceTo(checkpointOf(event));
      this.failingEvent = null;
      this.consecutiveFailures = 0;
      return { kind: 'advanced', applied: 0 };
    } catch (parkError) {
      this.report(parkError);
      return { kind: 'failed', retryInMs };
    }
  }
}

/**
 * Whether a failure of apply() can be the events' fault. Lost connections, lock and
 * serialization failures, a server under pressure or a missing table fail every event alike:
 * parking them would empty the read model during an outage or a botched deploy, so those are
 * retried forever instead.
 */
function blamesTheEvents(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') {
    const message = error instanceof Error ? error.message : '';
    return !/Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      message,
    );
  }
  if (/^E[A-Z]+$/.test(code)) return false; // a Node socket error: ECONNRESET, ECONNREFUSED, …
  const sqlClass = code.slice(0, 2);
  return !['08', '40', '42', '53', '55', '57', '58', 'XX'].includes(sqlClass);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

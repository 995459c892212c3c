import { Database } from '@huquq/platform';
import { compareCheckpoints, sameCheckpoint } from '../checkpoint';
import { Checkpoint } from '../events';
import { EventStore, ReadPage } from '../event-store';
import { EventNotifications } from '../notifications';
import { deferIndexes, deferKeys, restoreDeferredIndexes } from './deferred-indexes';
import { Projection } from './projection';
import {
  lockCheckpoints,
  readCheckpoints,
  readCheckpointStatus,
  saveCheckpoints,
} from './projection-checkpoints';
import { ProjectionWorker, StepResult } from './projection-worker';

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction. */
  batchSize?: number;
  /** Page size of a rebuild, which reads each page once for all the projections it rebuilds. */
  rebuildBatchSize?: number;
  /** How often an idle projection looks again without a wake. A fallback, not the main path. */
  pollIntervalMs?: number;
  /** Failures of one event before it is parked. */
  maxAttempts?: number;
  /** First wait after a failure; doubles per consecutive failure up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How often waitForPosition and catchUp look at the database while they wait. */
  waitPollMs?: number;
  /** Told of every failure: of apply, of reading, of the database. The loop goes on regardless. */
  onError?: (projectionName: string, error: unknown) => void;
}

export interface ProjectionStatus {
  name: string;
  transactionId: string;
  globalPosition: number;
  /** Head position minus checkpoint position: approximate, since positions commit out of order. */
  lagEvents: number;
  lagSeconds: number;
  parked: number;
  /** Kept by the write path in each command's transaction. */
  inline?: boolean;
}

/** Resolves after `ms`, or earlier if interrupted; `wake` (or a join) interrupts it only if asked to. */
interface Sleeper {
  resolve(): void;
  onWake: boolean;
  onJoin?: boolean;
}

/**
 * How a page stepped together went. `caughtUp`: applied, and the page held all there was to
 * read, so the group may sleep until the next wake. `moved`: go on at once (a full page, a
 * checkpoint another instance moved, members gone back to stepping alone).
 */
type GroupResult = { kind: 'moved' } | { kind: 'caughtUp' } | { kind: 'idle'; blocked: boolean };

/**
 * Keeps projections up to date, woken by EventNotifications, with a slow poll as a fallback.
 * The asynchronous projections at the same place in the log step together: one read and one
 * transaction per page for all of them (docs/decisions/0152). One that fails, or is elsewhere
 * in the log, steps alone in a loop of its own until it has caught up and is healthy again.
 * Several instances may run the same projections: the checkpoint row lock makes sure each
 * event is applied once.
 */
export class ProjectionRunner {
  private readonly workers: ProjectionWorker[];
  private readonly pollIntervalMs: number;
  private readonly waitPollMs: number;
  private readonly rebuildBatchSize: number;
  private readonly batchSize: number;
  private running = false;
  private loops: Promise<void>[] = [];
  private unsubscribe: (() => void) | null = null;
  /** Bumped by each wake, so a loop that read before a wake does not then sleep through it. */
  private wakes = 0;
  private readonly sleepers = new Set<Sleeper>();
  private readonly advanceWaiters = new Set<() => void>();
  /** The projections the live loop steps together; the others step alone. */
  private readonly together = new Set<ProjectionWorker>();
  /** Bumped by each join, so the group's loop does not sleep through a new member. */
  private joins = 0;
  /** The loops of projections in the group, waiting to step alone again. */
  private readonly aloneWaiters = new Map<ProjectionWorker, () => void>();

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly notifications: EventNotifications | null,
    projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    const names = new Set<string>();
    for (const projection of projections) {
      if (names.has(projection.name)) throw new Error(`Two projections are named ${projection.name}`);
      names.add(projection.name);
    }
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.waitPollMs = options.waitPollMs ?? 50;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 2000;
    this.batchSize = options.batchSize ?? 500;
    const settings = {
      batchSize: this.batchSize,
      maxAttempts: options.maxAttempts ?? 5,
      retryDelayMs: options.retryDelayMs ?? 1000,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30000,
      onError: options.onError,
    };
    this.workers = projections.map(
      (projection) => new ProjectionWorker(projection, db, store, settings, () => this.advanced()),
    );
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Every projection this runner keeps (a module may give one of them what it needs at start). */
  get projections(): Projection[] {
    return this.workers.map((worker) => worker.projection);
  }

  /** The views the write path keeps in the append's transaction; this runner only rebuilds them. */
  get inlineProjections(): Projection[] {
    return this.workers.filter((worker) => worker.projection.inline).map((worker) => worker.projection);
  }

  /** The projections that step together now; the others step alone (docs/decisions/0152). */
  get steppingTogether(): string[] {
    return this.asyncWorkers.filter((worker) => this.together.has(worker)).map((worker) => worker.name);
  }

  private get asyncWorkers(): ProjectionWorker[] {
    return this.workers.filter((worker) => !worker.projection.inline);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.notifications?.onWake(() => this.wake()) ?? null;
    this.loops = [this.runLive(this.asyncWorkers)];
    // Inline views are written with every command; at start they only take in what was written
    // before they were inline (an upgrade) or since their last catch-up. Applying an event twice
    // is harmless to them, so this runs beside the requests.
    const inline = this.workers.filter((worker) => worker.projection.inline);
    if (inline.length > 0) {
      this.loops.push(this.catchUpWorkers(inline).catch((error: unknown) => inline[0].report(error)));
    }
  }

  /** Lets every projection finish the page it is on, then returns. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const sleeper of [...this.sleepers]) sleeper.resolve();
    for (const resolve of [...this.aloneWaiters.values()]) resolve();
    await Promise.all(this.loops);
    this.loops = [];
    this.together.clear();
  }

  /** One page for every projection, now; the count of events applied. For tools and tests. */
  async processNextBatch(): Promise<number> {
    const results = await Promise.all(this.workers.map((worker) => worker.step()));
    return results.reduce((sum, result) => sum + (result.kind === 'advanced' ? result.applied : 0), 0);
  }

  /**
   * Resolves once every projection has processed every event committed before the call.
   * Events of transactions still running at the call are not waited for; committed ones that
   * sit behind such a transaction are (they cannot be read before it ends).
   */
  catchUp(): Promise<void> {
    // Inline views included: catching them up is harmless, and tools expect every view current.
    return this.catchUpWorkers(this.workers);
  }

  /**
   * Stops, empties the projections' rows and checkpoints in one transaction, replays the log
   * into them, and starts again if it was running. The indexes and keys the projections defer
   * are dropped with the reset and built after the replay (docs/decisions/0151, 0153).
   */
  async rebuild(
    projections: readonly (Projection | string)[] = this.workers.map((worker) => worker.projection),
  ): Promise<void> {
    const targets = projections.map((wanted) => {
      const name = typeof wanted === 'string' ? wanted : wanted.name;
      const worker = this.workers.find((candidate) => candidate.name === name);
      if (!worker) throw new Error(`No projection named ${name} in this runner`);
      return worker;
    });
    const wasRunning = this.running;
    await this.stop();
    // An earlier rebuild cut off before its end left indexes to build: first those.
    await restoreDeferredIndexes(this.db);
    await this.db.transaction(async (tx) => {
      for (const worker of targets) await worker.reset(tx);
      await deferIndexes(
        tx,
        targets.flatMap((worker) => worker.projection.deferredIndexes ?? []),
      );
      await deferKeys(
        tx,
        targets.flatMap((worker) => worker.projection.deferredKeys ?? []),
      );
    });
    await this.replayTogether(targets);
    // Whatever sharing left (a failing event to isolate and park, another instance ahead): one by one.
    await this.catchUpWorkers(targets);
    await restoreDeferredIndexes(this.db);
    if (wasRunning) this.start();
  }

  /**
   * Replays the log into several projections at the same checkpoint with one read per page
   * for all of them; the next page is read while this one is applied. Each projection applies
   * its part of the page in a transaction of its own, as a step does (its rows and checkpoint
   * together), all of them at once. A projection that fails, or whose checkpoint another
   * instance moved, leaves the group; catchUpWorkers then takes it on alone, with the isolation
   * of a poison event that steps do.
   */
  private async replayTogether(workers: readonly ProjectionWorker[]): Promise<void> {
    if (workers.length < 2) return;
    const run = workers.reduceRight<() => Promise<void>>(
      (inner, worker) => () => worker.whileIdle(inner),
      () => this.sharedPages(workers),
    );
    await run().catch((error: unknown) => workers[0].report(error));
  }

  private async sharedPages(workers: readonly ProjectionWorker[]): Promise<void> {
    let from = await workers[0].currentCheckpoint();
    let group: ProjectionWorker[] = [];
    for (const worker of workers) {
      if (sameCheckpoint(await worker.currentCheckpoint(), from)) group.push(worker);
    }
    const types = group.some((worker) => worker.projection.eventTypes.length === 0)
      ? []
      : [...new Set(group.flatMap((worker) => worker.projection.eventTypes))];
    const read = (after: Checkpoint) => this.store.readPage(after, this.rebuildBatchSize, { types });
    let next: Promise<ReadPage> | null = read(from);
    try {
      while (group.length > 1) {
        const page: ReadPage = await next!;
        next = null;
        if (page.events.length === 0 && sameCheckpoint(page.end, from)) return;
        next = read(page.end);
        const start = from;
        const applied = await Promise.all(
          group.map((worker) =>
            this.db
              .transaction((tx) => worker.applyShared(tx, start, page))
              .catch((error: unknown) => {
                worker.report(error);
                return false;
              }),
          ),
        );
        group = group.filter((worker, i) => {
          if (applied[i]) worker.adopt(page.end);
          return applied[i];
        });
        from = page.end;
      }
    } finally {
      // A page read ahead and not used: its failure, if any, is of no interest.
      await next?.catch(() => undefined);
    }
  }

  /**
   * True once every projection that handles the event at `globalPosition` has processed it.
   *
   * The rule: the event (t, P) is processed by a projection iff (t, P) <= its checkpoint in
   * (transaction id, position) order. A checkpoint only ever passes rows of transactions that
   * had ended when they were read, so no row at or below it can still appear, and every row
   * below it was applied, parked, or of a type the projection ignores. Comparing positions
   * alone would be wrong: a checkpoint at position 90 of a later transaction says nothing of
   * position 80 of a transaction still running.
   *
   * Works without a local runner too (then from projection_checkpoints alone). False on
   * timeout, which is also what an event that never commits gets.
   */
  async waitForPosition(globalPosition: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.db.query<{ transaction_id: string; type: string }>(
        'SELECT transaction_id::text AS transaction_id, type FROM events WHERE global_position = $1',
        [globalPosition],
      );
      if (rows.length > 0) {
        const target = {
          checkpoint: { transactionId: rows[0].transaction_id, globalPosition },
          workers: this.asyncWorkers.filter((worker) => worker.handles(rows[0].type)),
        };
        return this.waitUntilProcessed([target], deadline, true);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await this.nextAdvanceOrTimeout(Math.min(remaining, this.waitPollMs));
    }
  }

  /**
   * waitForPosition for events whose transaction and type the caller knows (an append answers
   * them): one wait for all of them, with nothing to look up. While this process runs the
   * projections it waits on their local progress, and asks the database only every
   * `waitPollMs` (another instance may be the one running them, or be ahead).
   */
  async waitForEvents(
    events: readonly { globalPosition: number; transactionId: string; type: string }[],
    timeoutMs: number,
  ): Promise<boolean> {
    const targets = events.map((event) => ({
      checkpoint: { transactionId: event.transactionId, globalPosition: event.globalPosition },
      workers: this.asyncWorkers.filter((worker) => worker.handles(event.type)),
    }));
    return this.waitUntilProcessed(targets, Date.now() + timeoutMs, !this.running);
  }

  private async waitUntilProcessed(
    targets: readonly { checkpoint: Checkpoint; workers: readonly ProjectionWorker[] }[],
    deadline: number,
    checkDatabaseFirst: boolean,
  ): Promise<boolean> {
    const done = (checkpoint: Checkpoint | null | undefined, target: Checkpoint) =>
      !!checkpoint && compareCheckpoints(checkpoint, target) >= 0;
    let checkDatabase = checkDatabaseFirst;
    for (;;) {
      const pending = targets.filter(
        (target) => !target.workers.every((worker) => done(worker.knownCheckpoint, target.checkpoint)),
      );
      if (pending.length === 0) return true;
      if (checkDatabase || !this.running) {
        // Another instance may be running these projections, or be ahead of ours.
        const names = [...new Set(pending.flatMap((target) => target.workers.map((worker) => worker.name)))];
        const stored = await readCheckpoints(this.db, names);
        if (
          pending.every((target) =>
            target.workers.every((worker) => done(stored.get(worker.name), target.checkpoint)),
          )
        ) {
          return true;
        }
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      checkDatabase = await this.nextAdvanceOrTimeout(Math.min(remaining, this.waitPollMs));
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const rows = await readCheckpointStatus(
      this.db,
      this.workers.map((worker) => worker.name),
    );
    const inline = new Set(this.inlineProjections.map((projection) => projection.name));
    return rows.map((row) => {
      const globalPosition = Number(row.global_position);
      // Written with every command: never behind the log. Its checkpoint only marks the last catch-up.
      if (inline.has(row.name)) {
        return {
          name: row.name,
          transactionId: row.transaction_id,
          globalPosition,
          lagEvents: 0,
          lagSeconds: 0,
          parked: Number(row.parked),
          inline: true,
        };
      }
      const head = Number(row.head_position ?? 0);
      const since = row.last_recorded_at ?? row.first_pending_recorded_at;
      return {
        name: row.name,
        transactionId: row.transaction_id,
        globalPosition,
        // "behind" is exact; the count is not, but never 0 while something is unprocessed.
        lagEvents: row.behind ? Math.max(1, head - globalPosition) : 0,
        lagSeconds:
          row.behind && row.head_recorded_at && since
            ? Math.max(0, (row.head_recorded_at.getTime() - since.getTime()) / 1000)
            : 0,
        parked: Number(row.parked),
      };
    });
  }

  /** The live loops: the group's, and one per projection for when it steps alone. */
  private async runLive(workers: readonly ProjectionWorker[]): Promise<void> {
    await this.formGroup(workers);
    await Promise.all([this.groupLoop(), ...workers.map((worker) => this.aloneLoop(worker))]);
  }

  /**
   * At start, the projections at the checkpoint most of them share (the later one on a tie)
   * form the group; the others step alone until they join it at the end of the log.
   */
  private async formGroup(workers: readonly ProjectionWorker[]): Promise<void> {
    const stored = await readCheckpoints(
      this.db,
      workers.map((worker) => worker.name),
    ).catch(() => null);
    // Without the checkpoints, every projection steps alone: its retries take over.
    if (!stored || !this.running) return;
    for (const worker of workers) worker.learn(stored.get(worker.name)!);
    const at = (checkpoint: Checkpoint) =>
      workers.filter((worker) => sameCheckpoint(worker.knownCheckpoint!, checkpoint));
    let chosen: ProjectionWorker[] = [];
    for (const worker of workers) {
      const same = at(worker.knownCheckpoint!);
      const later =
        chosen.length > 0 && compareCheckpoints(worker.knownCheckpoint!, chosen[0].knownCheckpoint!) > 0;
      if (same.length > chosen.length || (same.length === chosen.length && later)) chosen = same;
    }
    for (const worker of chosen) this.together.add(worker);
  }

  /** A projection's own loop: steps it while it is out of the group, waits while it is in. */
  private async aloneLoop(worker: ProjectionWorker): Promise<void> {
    let blockedDelay = 5;
    while (this.running) {
      if (this.together.has(worker)) {
        await new Promise<void>((resolve) => this.aloneWaiters.set(worker, resolve));
        this.aloneWaiters.delete(worker);
        continue;
      }
      const wakesBefore = this.wakes;
      const result = await worker
        .step()
        .catch((): StepResult => ({ kind: 'failed', retryInMs: this.pollIntervalMs }));
      if (!this.running) return;
      if (this.joinable(worker)) {
        this.join(worker);
        continue;
      }
      if (result.kind === 'failed') {
        await this.sleep(result.retryInMs, false);
      } else if (result.kind === 'idle' && result.blocked) {
        // The transaction in the way may not write events, and then nothing wakes us.
        await this.sleep(blockedDelay, true, wakesBefore);
        blockedDelay = Math.min(blockedDelay * 2, this.pollIntervalMs);
      } else if (result.kind === 'idle') {
        await this.sleep(this.pollIntervalMs, true, wakesBefore);
      }
      if (result.kind !== 'idle' || !result.blocked) blockedDelay = 5;
    }
  }

  /** Healthy, and at the end of the log or where a member of the group stands. */
  private joinable(worker: ProjectionWorker): boolean {
    if (worker.mayJoin) return true;
    const at = worker.knownCheckpoint;
    if (!worker.healthy || !at) return false;
    return [...this.together].some(
      (member) => member.knownCheckpoint && sameCheckpoint(member.knownCheckpoint, at),
    );
  }

  private join(worker: ProjectionWorker): void {
    this.together.add(worker);
    this.joins += 1;
    for (const sleeper of [...this.sleepers]) if (sleeper.onJoin) sleeper.resolve();
  }

  /** Back to stepping alone, with the isolation, retries and parking of a step. */
  private leave(worker: ProjectionWorker): void {
    this.together.delete(worker);
    const resolve = this.aloneWaiters.get(worker);
    this.aloneWaiters.delete(worker);
    resolve?.();
  }

  private async groupLoop(): Promise<void> {
    let blockedDelay = 5;
    while (this.running) {
      const wakesBefore = this.wakes;
      const joinsBefore = this.joins;
      const members = this.asyncWorkers.filter((worker) => this.together.has(worker));
      const result: GroupResult =
        members.length === 0 ? { kind: 'idle', blocked: false } : await this.stepTogether(members);
      if (!this.running) return;
      if (result.kind === 'idle' && result.blocked) {
        await this.sleep(blockedDelay, true, wakesBefore, joinsBefore);
        blockedDelay = Math.min(blockedDelay * 2, this.pollIntervalMs);
        continue;
      }
      blockedDelay = 5;
      if (result.kind !== 'moved') await this.sleep(this.pollIntervalMs, true, wakesBefore, joinsBefore);
    }
  }

  /** One page for every member, while none of them steps alone (catchUp, processNextBatch). */
  private stepTogether(members: readonly ProjectionWorker[]): Promise<GroupResult> {
    const held = members.reduceRight<() => Promise<GroupResult>>(
      (inner, worker) => () => worker.whileIdle(inner),
      () => this.pageTogether(members),
    );
    return held().catch(() => {
      // Whatever failed, each member now takes its ordinary step alone, which meets the
      // failure again and handles it: reports it, isolates the event, retries, parks.
      for (const worker of members) this.leave(worker);
      return { kind: 'moved' };
    });
  }

  /**
   * Reads one page, from the earliest member's checkpoint, with every type a member handles;
   * then locks the checkpoints of the members it takes further with one statement, applies
   * each one's part of the page and saves their checkpoints with one statement, in one
   * transaction. A member whose stored checkpoint another instance moved is left out of the
   * page and follows the stored one, as a step does. A member may stand past the page's start
   * (it joined from the end of the log a little later than the others); its part is then the
   * events past its checkpoint. Throws if anything fails, after the transaction rolled back.
   */
  private async pageTogether(candidates: readonly ProjectionWorker[]): Promise<GroupResult> {
    const members = candidates.filter((worker) => this.together.has(worker));
    for (const worker of members) if (!worker.healthy) this.leave(worker);
    const healthy = members.filter((worker) => worker.healthy);
    if (healthy.length === 0) return { kind: 'moved' };
    const at = new Map<ProjectionWorker, Checkpoint>();
    for (const worker of healthy) at.set(worker, await worker.currentCheckpoint());
    const from = [...at.values()].reduce((a, b) => (compareCheckpoints(a, b) <= 0 ? a : b));
    const types = healthy.some((worker) => worker.projection.eventTypes.length === 0)
      ? []
      : [...new Set(healthy.flatMap((worker) => worker.projection.eventTypes))];
    const page = await this.store.readPage(from, this.batchSize, { types });

    if (page.events.length === 0 && sameCheckpoint(page.end, from)) {
      // Nothing to do here, but another instance may have moved on, or a rebuild reset us.
      const stored = await readCheckpoints(
        this.db,
        healthy.map((worker) => worker.name),
      );
      const moved = healthy.filter((worker) => !sameCheckpoint(stored.get(worker.name)!, at.get(worker)!));
      for (const worker of moved) worker.follow(stored.get(worker.name)!);
      return moved.length > 0 ? { kind: 'moved' } : { kind: 'idle', blocked: page.blocked };
    }

    const behind = healthy.filter((worker) => compareCheckpoints(at.get(worker)!, page.end) < 0);
    const { applied, locked } = await this.db.transaction(async (tx) => {
      const stored = await lockCheckpoints(
        tx,
        behind.map((worker) => worker.name),
      );
      const going = behind.filter((worker) => sameCheckpoint(stored.get(worker.name)!, at.get(worker)!));
      for (const worker of going) await worker.applyPart(tx, page);
      if (going.length > 0) {
        await saveCheckpoints(
          tx,
          going.map((worker) => worker.name),
          page.end,
          page.endRecordedAt,
        );
      }
      return { applied: going, locked: stored };
    });
    for (const worker of behind) {
      if (applied.includes(worker)) worker.adopt(page.end);
      else worker.follow(locked.get(worker.name)!);
    }
    const full = page.events.length === this.batchSize;
    return full || page.blocked || applied.length < behind.length ? { kind: 'moved' } : { kind: 'caughtUp' };
  }

  private async catchUpWorkers(workers: readonly ProjectionWorker[]): Promise<void> {
    const { rows } = await this.db.query<{ snapshot: string }>(
      'SELECT pg_current_snapshot()::text AS snapshot',
    );
    await Promise.all(workers.map((worker) => this.catchUpOne(worker, rows[0].snapshot)));
  }

  private async catchUpOne(worker: ProjectionWorker, snapshot: string): Promise<void> {
    for (;;) {
      const wakesBefore = this.wakes;
      const result = await worker.step();
      if (result.kind === 'advanced' || result.kind === 'overtaken') continue;
      if (result.kind === 'failed') {
        await this.sleep(result.retryInMs, false);
        continue;
      }
      if (await this.covers(worker, snapshot)) return;
      await this.sleep(this.waitPollMs, true, wakesBefore);
    }
  }

  /**
   * No event the projection wants, committed in `snapshot`, lies past its checkpoint. The
   * ORDER BY keeps it on the index from the checkpoint on: a caught-up projection looks at the
   * few rows past it, never the whole log.
   */
  private async covers(worker: ProjectionWorker, snapshot: string): Promise<boolean> {
    const checkpoint = worker.knownCheckpoint;
    if (!checkpoint) return false;
    const { rows } = await this.db.query(
      `SELECT 1 FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < huquq_log_bound($3::pg_snapshot)
         AND huquq_log_committed_in(transaction_id, $3::pg_snapshot)
         AND (cardinality($4::text[]) = 0 OR type = ANY($4::text[]))
       ORDER BY transaction_id, global_position
       LIMIT 1`,
      [checkpoint.transactionId, checkpoint.globalPosition, snapshot, worker.projection.eventTypes],
    );
    return rows.length === 0;
  }

  private wake(): void {
    this.wakes += 1;
    for (const sleeper of [...this.sleepers]) if (sleeper.onWake) sleeper.resolve();
  }

  /** `joinsBefore`: the group's loop, which a new member wakes too. */
  private sleep(ms: number, onWake: boolean, wakesBefore?: number, joinsBefore?: number): Promise<void> {
    if (ms <= 0 || (onWake && wakesBefore !== undefined && wakesBefore !== this.wakes))
      return Promise.resolve();
    if (joinsBefore !== undefined && joinsBefore !== this.joins) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        onWake,
        onJoin: joinsBefore !== undefined,
        resolve: () => {
          clearTimeout(timer);
          this.sleepers.delete(sleeper);
          resolve();
        },
      };
      const timer = setTimeout(() => sleeper.resolve(), ms);
      this.sleepers.add(sleeper);
    });
  }

  private advanced(): void {
    for (const waiter of [...this.advanceWaiters]) waiter();
  }

  /** True when the time ran out (look at the database), false when a local checkpoint moved. */
  private nextAdvanceOrTimeout(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (timedOut: boolean) => {
        clearTimeout(timer);
        this.advanceWaiters.delete(onAdvance);
        resolve(timedOut);
      };
      const onAdvance = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      this.advanceWaiters.add(onAdvance);
    });
  }
}

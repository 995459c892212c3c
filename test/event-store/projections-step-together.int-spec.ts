import { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { Database, PreparedStatement, Sql, TransactionOptions } from '@huquq/platform';
import {
  EventNotifications,
  EventStore,
  Projection,
  ProjectionRunner,
  StoredEvent,
} from '@huquq/event-store';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/** A statement the runner sent, with the transaction it ran in (null: on the pool). */
interface Sent {
  text: string;
  transaction: number | null;
  positions: number[];
}

/** The pool the runner and its store use, keeping a list of every statement they send. */
class CountingDatabase extends Database {
  readonly sent: Sent[] = [];
  private transactions = 0;

  override async query<R extends QueryResultRow = QueryResultRow>(
    text: string | PreparedStatement,
    values?: unknown[],
  ): Promise<QueryResult<R>> {
    return this.record(null, text, await super.query<R>(text, values));
  }

  override transaction<T>(work: (tx: PoolClient) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const transaction = (this.transactions += 1);
    this.sent.push({ text: 'BEGIN', transaction, positions: [] });
    return super
      .transaction(async (client) => {
        const counted = new Proxy(client, {
          get: (target, property) =>
            property === 'query'
              ? async (text: string | PreparedStatement, values?: unknown[]) =>
                  this.record(transaction, text, await target.query(text, values))
              : Reflect.get(target, property),
        });
        return work(counted);
      }, options)
      .finally(() => this.sent.push({ text: 'COMMIT or ROLLBACK', transaction, positions: [] }));
  }

  private record<R extends QueryResultRow>(
    transaction: number | null,
    text: string | PreparedStatement,
    result: QueryResult<R>,
  ): QueryResult<R> {
    const positions = (result.rows ?? [])
      .map((row) => Number((row as { global_position?: unknown }).global_position))
      .filter((position) => Number.isFinite(position));
    this.sent.push({ text: typeof text === 'string' ? text : text.text, transaction, positions });
    return result;
  }
}

const isPageRead = (sent: Sent) => sent.text.includes('AS page ON true');

/** Writes one row per event with the id of the transaction that applied it. */
function stampingProjection(
  name: string,
  options: { eventTypes?: string[]; failOn?: (event: StoredEvent) => boolean } = {},
): Projection {
  return {
    name,
    eventTypes: options.eventTypes ?? [],
    async apply(sql: Sql, events: StoredEvent[]) {
      if (events.some((event) => options.failOn?.(event))) throw new Error(`cannot project ${name}`);
      await sql.query(
        `INSERT INTO stamped_events (projection, global_position, transaction_id)
         SELECT $1, position, pg_current_xact_id()::text FROM unnest($2::bigint[]) AS position`,
        [name, events.map((event) => event.globalPosition)],
      );
    },
    async reset(sql: Sql) {
      await sql.query('DELETE FROM stamped_events WHERE projection = $1', [name]);
    },
  };
}

describe('asynchronous projections stepping together', () => {
  let test: TestDatabase;
  let counted: CountingDatabase;
  let store: EventStore;
  let notifications: EventNotifications;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    test = await createTestDatabase();
    counted = new CountingDatabase(test.url, 10);
    store = new EventStore(test.db);
    notifications = new EventNotifications(test.db);
    await notifications.start();
    await test.db.query(`
      CREATE TABLE stamped_events (
        seq             bigserial PRIMARY KEY,
        projection      text   NOT NULL,
        global_position bigint NOT NULL,
        transaction_id  text   NOT NULL
      )`);
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });

  afterAll(async () => {
    await notifications.stop();
    await counted.close();
    await test.drop();
  });

  function runner(
    projections: Projection[],
    options: ConstructorParameters<typeof ProjectionRunner>[4] = {},
  ) {
    const created = new ProjectionRunner(counted, new EventStore(counted), notifications, projections, {
      retryDelayMs: 1,
      ...options,
    });
    runners.push(created);
    return created;
  }

  function appendNotes(streamId: string, count: number, type = 'note-added') {
    return store.append(
      streamId,
      'any',
      Array.from({ length: count }, (_, n) => ({ type, data: { n } })),
    );
  }

  function positionsOf(appended: { firstPosition: number; lastPosition: number }): number[] {
    return Array.from(
      { length: appended.lastPosition - appended.firstPosition + 1 },
      (_, n) => appended.firstPosition + n,
    );
  }

  /** Each projection's positions, in the order it applied them. */
  async function stamped(name: string, positions?: number[]): Promise<number[]> {
    const { rows } = await test.db.query<{ global_position: string }>(
      `SELECT global_position FROM stamped_events
       WHERE projection = $1 AND (cardinality($2::bigint[]) = 0 OR global_position = ANY($2::bigint[]))
       ORDER BY seq`,
      [name, positions ?? []],
    );
    return rows.map((row) => Number(row.global_position));
  }

  async function transactionsThatApplied(names: string[], positions: number[]): Promise<string[]> {
    const { rows } = await test.db.query<{ transaction_id: string }>(
      `SELECT DISTINCT transaction_id FROM stamped_events
       WHERE projection = ANY($1::text[]) AND global_position = ANY($2::bigint[])`,
      [names, positions],
    );
    return rows.map((row) => row.transaction_id);
  }

  /** Every committed event of these types (all when none), in the order a reader applies them. */
  async function logPositions(types: string[] = []): Promise<number[]> {
    const { rows } = await test.db.query<{ global_position: string }>(
      `SELECT global_position FROM events WHERE cardinality($1::text[]) = 0 OR type = ANY($1::text[])
       ORDER BY transaction_id, global_position`,
      [types],
    );
    return rows.map((row) => Number(row.global_position));
  }

  it('reads a page once for the projections at the same checkpoint and applies it in one transaction', async () => {
    const names = ['one-all', 'one-notes', 'one-closings', 'one-both'];
    const running = runner(
      [
        stampingProjection('one-all'),
        stampingProjection('one-notes', { eventTypes: ['note-added'] }),
        stampingProjection('one-closings', { eventTypes: ['case-closed'] }),
        stampingProjection('one-both', { eventTypes: ['note-added', 'case-closed'] }),
      ],
      // Only the append's notification wakes the runner.
      { pollIntervalMs: 60_000 },
    );
    await appendNotes('one-0', 3);
    running.start();
    await running.catchUp();
    counted.sent.splice(0);

    const appended = await store.append('one-1', 'any', [
      { type: 'note-added', data: {} },
      { type: 'case-closed', data: {} },
      { type: 'note-added', data: {} },
      { type: 'note-added', data: {} },
    ]);
    const positions = positionsOf(appended);
    const [first, closed, third, fourth] = positions;
    await waitFor(async () => (await stamped('one-both', positions)).length === 4, { what: 'the page' });
    await waitFor(async () => (await stamped('one-closings', positions)).length === 1, { what: 'the page' });

    expect(await stamped('one-all', positions)).toEqual(positions);
    expect(await stamped('one-notes', positions)).toEqual([first, third, fourth]);
    expect(await stamped('one-closings', positions)).toEqual([closed]);
    // One transaction applied the page to all four.
    expect(await transactionsThatApplied(names, positions)).toHaveLength(1);
    // One read brought the page.
    const reads = counted.sent.filter((sent) => isPageRead(sent) && sent.positions.includes(first));
    expect(reads).toHaveLength(1);
    // In that transaction: one statement locks the four checkpoints, one saves them.
    const writer = counted.sent.find((sent) => sent.text.includes('INSERT INTO stamped_events'))!.transaction;
    const inWriter = counted.sent.filter((sent) => sent.transaction === writer).map((sent) => sent.text);
    expect(inWriter.filter((text) => /FROM projection_checkpoints[\s\S]*FOR UPDATE/.test(text))).toHaveLength(
      1,
    );
    expect(inWriter.filter((text) => text.includes('UPDATE projection_checkpoints'))).toHaveLength(1);
    expect(inWriter.filter((text) => text.includes('INSERT INTO stamped_events'))).toHaveLength(4);
    // BEGIN, lock, four applies, save, COMMIT.
    expect(inWriter).toHaveLength(8);
  });

  it('goes on with the others while one fails on an event, which it isolates and parks as before', async () => {
    const errors: [string, unknown][] = [];
    const poison = (event: StoredEvent) => (event.data as { poison?: boolean }).poison === true;
    const names = ['two-a', 'two-poisoned', 'two-b'];
    const running = runner(
      [
        stampingProjection('two-a'),
        stampingProjection('two-poisoned', { failOn: poison }),
        stampingProjection('two-b', { eventTypes: ['note-added'] }),
      ],
      { onError: (name, error) => errors.push([name, error]), maxAttempts: 3 },
    );
    const before = await appendNotes('two-1', 2);
    const poisoned = await store.append('two-1', 2, [{ type: 'note-added', data: { poison: true } }]);
    const after = await appendNotes('two-1', 2);
    running.start();

    expect(await running.waitForPosition(after.lastPosition, 10_000)).toBe(true);

    const all = [...positionsOf(before), poisoned.lastPosition, ...positionsOf(after)];
    expect(await stamped('two-a', all)).toEqual(all);
    expect(await stamped('two-b', all)).toEqual(all);
    expect(await stamped('two-poisoned', all)).toEqual(all.filter((p) => p !== poisoned.lastPosition));
    const { rows } = await test.db.query('SELECT global_position FROM parked_events WHERE projection = $1', [
      'two-poisoned',
    ]);
    expect(rows).toEqual([{ global_position: String(poisoned.lastPosition) }]);
    // As a projection stepping alone: one failure of its page, then three of the event alone.
    expect(errors).toHaveLength(4);
    expect(errors.every(([name]) => name === 'two-poisoned')).toBe(true);

    // Healthy again, it joins the others at the end of the log.
    await waitFor(() => running.steppingTogether.length === 3, { what: 'the three together' });
    const later = await appendNotes('two-2', 3);
    expect(await running.waitForPosition(later.lastPosition, 10_000)).toBe(true);
    expect(await transactionsThatApplied(names, positionsOf(later))).toHaveLength(1);
  });

  it('lets a projection behind the others catch up alone, then join them', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, n) => appendNotes(`three-${n}`, 30)));
    await store.append('three-0', 'any', [{ type: 'case-closed', data: {} }]);
    const ahead = () => [
      stampingProjection('three-a'),
      stampingProjection('three-b', { eventTypes: ['case-closed'] }),
    ];
    await runner(ahead()).catchUp();

    const running = runner([...ahead(), stampingProjection('three-behind')], { batchSize: 5 });
    running.start();
    await waitFor(() => running.steppingTogether.length > 0, { what: 'the group', intervalMs: 1 });
    expect(running.steppingTogether).toEqual(['three-a', 'three-b']);
    const during = await Promise.all(Array.from({ length: 5 }, (_, n) => appendNotes(`three-more-${n}`, 3)));

    await waitFor(() => running.steppingTogether.length === 3, { what: 'the three together' });
    expect(await running.waitForPosition(Math.max(...during.map((d) => d.lastPosition)), 10_000)).toBe(true);
    const last = await store.append('three-0', 'any', [
      { type: 'note-added', data: {} },
      { type: 'case-closed', data: {} },
    ]);
    expect(await running.waitForPosition(last.lastPosition, 10_000)).toBe(true);

    // Every event applied once, in the log's order; the three end at the same checkpoint.
    expect(await stamped('three-a')).toEqual(await logPositions());
    expect(await stamped('three-behind')).toEqual(await logPositions());
    expect(await stamped('three-b')).toEqual(await logPositions(['case-closed']));
    const checkpoints = (await running.status()).map(({ transactionId, globalPosition }) => ({
      transactionId,
      globalPosition,
    }));
    expect(new Set(checkpoints.map((checkpoint) => JSON.stringify(checkpoint))).size).toBe(1);
    expect(
      await transactionsThatApplied(['three-a', 'three-b', 'three-behind'], positionsOf(last)),
    ).toHaveLength(1);
  });

  it('keeps a savepoint of one projection (as inline planning uses) to its own work', async () => {
    // Like the dispatcher planning in its transaction: work behind a savepoint, rolled back to it.
    const planning: Projection = {
      name: 'five-planning',
      eventTypes: [],
      async apply(sql: Sql, events: StoredEvent[]) {
        await sql.query('SAVEPOINT plans');
        try {
          await sql.query(
            `INSERT INTO stamped_events (projection, global_position, transaction_id)
             SELECT 'five-planning-undone', position, '' FROM unnest($1::bigint[]) AS position`,
            [events.map((event) => event.globalPosition)],
          );
          await sql.query('SELECT 1 / 0');
          await sql.query('RELEASE SAVEPOINT plans');
        } catch {
          await sql.query('ROLLBACK TO SAVEPOINT plans');
        }
        await stampingProjection('five-planning').apply(sql, events);
      },
      reset: async () => undefined,
    };
    const names = ['five-planning', 'five-plain'];
    const running = runner([planning, stampingProjection('five-plain')], { pollIntervalMs: 60_000 });
    running.start();
    await running.catchUp();
    await waitFor(() => running.steppingTogether.length === 2, { what: 'the two together' });

    const appended = await appendNotes('five-1', 3);
    expect(await running.waitForPosition(appended.lastPosition, 10_000)).toBe(true);

    const positions = positionsOf(appended);
    expect(await stamped('five-planning', positions)).toEqual(positions);
    expect(await stamped('five-plain', positions)).toEqual(positions);
    expect(await stamped('five-planning-undone')).toEqual([]);
    expect(await transactionsThatApplied(names, positions)).toHaveLength(1);
  });

  it('applies every event once when two instances run the same projections', async () => {
    const projections = () => [
      stampingProjection('four-a'),
      stampingProjection('four-b', { eventTypes: ['note-added'] }),
      stampingProjection('four-c', { eventTypes: ['case-closed'] }),
    ];
    const first = runner(projections(), { batchSize: 7, pollIntervalMs: 20 });
    const second = runner(projections(), { batchSize: 7, pollIntervalMs: 20 });
    first.start();
    second.start();

    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        appendNotes(`four-${n}`, 10, n % 3 === 0 ? 'case-closed' : 'note-added'),
      ),
    );
    const last = Math.max(...appended.map((result) => result.lastPosition));
    expect(await first.waitForPosition(last, 20_000)).toBe(true);
    await Promise.all([first.catchUp(), second.catchUp()]);

    expect(await stamped('four-a')).toEqual(await logPositions());
    expect(await stamped('four-b')).toEqual(await logPositions(['note-added']));
    expect(await stamped('four-c')).toEqual(await logPositions(['case-closed']));
  });
});

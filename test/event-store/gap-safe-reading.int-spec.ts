import { PoolClient } from 'pg';
import { EventNotifications, EventStore, ProjectionRunner, START } from '@huquq/event-store';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import {
  committedEvents,
  createProjectedEventsTable,
  projectedRows,
  recordingProjection,
} from './recording-projection';

/**
 * Positions come from a sequence, so they are taken in insert order but become visible in
 * commit order. A reader that checkpoints "the last position seen" skips the events of a
 * slow transaction for good. These tests hold transactions open to prove it cannot happen.
 */
describe('Gap-safe reading of the whole log', () => {
  let test: TestDatabase;
  let store: EventStore;
  let notifications: EventNotifications;
  const clients: PoolClient[] = [];

  beforeAll(async () => {
    test = await createTestDatabase();
    store = new EventStore(test.db);
    notifications = new EventNotifications(test.db);
    await notifications.start();
    await createProjectedEventsTable(test.db);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  });

  afterAll(async () => {
    await notifications.stop();
    await test.drop();
  });

  async function openTransaction(): Promise<PoolClient> {
    const client = await test.db.pool.connect();
    clients.push(client);
    await client.query('BEGIN');
    return client;
  }

  async function storedCheckpoint(name: string) {
    const { rows } = await test.db.query<{ transaction_id: string; global_position: string }>(
      'SELECT transaction_id::text AS transaction_id, global_position FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    return { transactionId: rows[0].transaction_id, globalPosition: Number(rows[0].global_position) };
  }

  it('never passes an open transaction that holds earlier positions, and loses nothing when it commits', async () => {
    const runner = new ProjectionRunner(test.db, store, notifications, [recordingProjection('gap')], {
      pollIntervalMs: 100,
    });
    await store.append('gap-seed', 0, [{ type: 'seeded', data: {} }]);
    runner.start();
    try {
      await runner.catchUp();
      const afterSeed = await storedCheckpoint('gap');

      // T1 takes the earlier positions and stays open.
      const t1 = await openTransaction();
      const first = await store.append(
        'gap-slow',
        0,
        [
          { type: 'slow', data: { n: 1 } },
          { type: 'slow', data: { n: 2 } },
        ],
        {
          sql: t1,
        },
      );
      // T3 will roll back.
      const t3 = await openTransaction();
      const doomed = await store.append('gap-doomed', 0, [{ type: 'doomed', data: {} }], { sql: t3 });
      // T2 takes later positions and commits at once.
      const fast = await store.append('gap-fast', 0, [
        { type: 'fast', data: { n: 1 } },
        { type: 'fast', data: { n: 2 } },
      ]);
      expect(first.lastPosition).toBeLessThan(doomed.firstPosition);
      expect(doomed.lastPosition).toBeLessThan(fast.firstPosition);

      // T2 is committed, yet must stay unread while T1 may still commit before it.
      expect(await store.readAll(afterSeed, 100)).toEqual([]);
      expect(await runner.processNextBatch()).toBe(0);
      expect(await storedCheckpoint('gap')).toEqual(afterSeed);
      expect(await runner.waitForPosition(fast.lastPosition, 0)).toBe(false);
      expect((await projectedRows(test.db, 'gap')).map((row) => row.type)).toEqual(['seeded']);

      await t3.query('ROLLBACK');
      expect(await store.readAll(afterSeed, 100)).toEqual([]);

      await t1.query('COMMIT');
      expect(await runner.waitForPosition(fast.lastPosition, 10_000)).toBe(true);
      await runner.catchUp();
    } finally {
      await runner.stop();
    }

    const applied = await projectedRows(test.db, 'gap');
    expect(applied.map((row) => row.type)).toEqual(['seeded', 'slow', 'slow', 'fast', 'fast']);
    // Every committed event once, in the order they became readable; the rolled back one never.
    expect(applied).toEqual(await committedEvents(test.db));
    const { rows } = await test.db.query(
      `SELECT 1 FROM events e JOIN projection_checkpoints c ON c.name = 'gap'
       WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)`,
    );
    expect(rows).toEqual([]);
  });

  it('orders by transaction, so an earlier transaction with a later position comes first', async () => {
    const runner = new ProjectionRunner(test.db, store, null, [recordingProjection('order')], {
      batchSize: 1,
    });
    await runner.catchUp();

    // The early transaction gets its id first but writes its event last.
    const early = await openTransaction();
    await early.query('SELECT pg_current_xact_id()');
    const late = await openTransaction();
    const lateEvent = await store.append('order-late', 0, [{ type: 'late', data: {} }], { sql: late });
    const earlyEvent = await store.append('order-early', 0, [{ type: 'early', data: {} }], { sql: early });
    expect(lateEvent.lastPosition).toBeLessThan(earlyEvent.firstPosition);
    await late.query('COMMIT');
    await early.query('COMMIT');

    expect(await runner.processNextBatch()).toBe(1);
    // The checkpoint sits at the higher position, yet the lower one is not processed yet.
    expect(await runner.waitForPosition(earlyEvent.lastPosition, 0)).toBe(true);
    expect(await runner.waitForPosition(lateEvent.lastPosition, 0)).toBe(false);

    expect(await runner.processNextBatch()).toBe(1);
    expect(await runner.waitForPosition(lateEvent.lastPosition, 0)).toBe(true);
    expect((await projectedRows(test.db, 'order')).map((row) => row.type).slice(-2)).toEqual([
      'early',
      'late',
    ]);
  });

  it('reads everything from the start in (transaction, position) order', async () => {
    const all = await store.readAll(START, 10_000);
    const expected = await committedEvents(test.db);
    expect(all.map((event) => event.globalPosition)).toEqual(expected.map((event) => event.globalPosition));

    const page = await store.readPage(START, 2);
    expect(page.events).toHaveLength(2);
    expect(page.end).toEqual({
      transactionId: page.events[1].transactionId,
      globalPosition: page.events[1].globalPosition,
    });
  });
});

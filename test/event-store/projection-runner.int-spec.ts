import { Sql } from '@huquq/platform';
import {
  EventNotifications,
  EventStore,
  Projection,
  ProjectionRunner,
  StoredEvent,
} from '@huquq/event-store';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { createProjectedEventsTable, projectedRows, recordingProjection } from './recording-projection';

describe('ProjectionRunner', () => {
  let test: TestDatabase;
  let store: EventStore;
  let notifications: EventNotifications;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    test = await createTestDatabase();
    store = new EventStore(test.db);
    notifications = new EventNotifications(test.db);
    await notifications.start();
    await createProjectedEventsTable(test.db);
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });

  afterAll(async () => {
    await notifications.stop();
    await test.drop();
  });

  function runner(
    projections: Projection[],
    options: ConstructorParameters<typeof ProjectionRunner>[4] = {},
  ) {
    const created = new ProjectionRunner(test.db, store, notifications, projections, {
      retryDelayMs: 1,
      ...options,
    });
    runners.push(created);
    return created;
  }

  async function appendNotes(streamId: string, count: number, type = 'note-added') {
    return store.append(
      streamId,
      'any',
      Array.from({ length: count }, (_, n) => ({ type, data: { n } })),
    );
  }

  it('applies new events as they are appended, and waitForPosition resolves once they are', async () => {
    const running = runner([recordingProjection('live')], { pollIntervalMs: 60_000 });
    running.start();

    const appended = await appendNotes('live-1', 3);
    // The poll interval is a minute: only the notification can have woken the runner.
    expect(await running.waitForPosition(appended.lastPosition, 10_000)).toBe(true);

    const rows = await projectedRows(test.db, 'live');
    expect(rows.map((row) => row.globalPosition)).toEqual([
      appended.firstPosition,
      appended.firstPosition + 1,
      appended.lastPosition,
    ]);
  });

  it('answers waitForPosition from the stored checkpoints when the runner is elsewhere', async () => {
    const elsewhere = runner([recordingProjection('remote')]);
    const here = new ProjectionRunner(test.db, store, null, [recordingProjection('remote')]);
    const appended = await appendNotes('remote-1', 2);

    expect(await here.waitForPosition(appended.lastPosition, 0)).toBe(false);
    elsewhere.start();
    expect(await here.waitForPosition(appended.lastPosition, 10_000)).toBe(true);
  });

  it('passes over event types a projection ignores, without applying them', async () => {
    const seen: string[] = [];
    const rare = runner([
      recordingProjection('rare', {
        eventTypes: ['case-closed'],
        onApply: (events) => seen.push(...events.map((e) => e.type)),
      }),
    ]);
    await appendNotes('rare-1', 20);
    const closed = await store.append('rare-1', 20, [{ type: 'case-closed', data: {} }]);
    const after = await appendNotes('rare-1', 5);

    await rare.catchUp();

    expect(seen).toEqual(['case-closed']);
    expect((await projectedRows(test.db, 'rare')).map((row) => row.globalPosition)).toEqual([
      closed.lastPosition,
    ]);
    // The checkpoint still ran to the end of the log, so the projection shows no lag.
    const [status] = await rare.status();
    expect(status).toMatchObject({ name: 'rare', lagEvents: 0, lagSeconds: 0, parked: 0 });
    expect(status.globalPosition).toBeGreaterThanOrEqual(after.lastPosition);
    expect(await rare.waitForPosition(after.lastPosition, 0)).toBe(true);
  });

  it('parks a poison event after five failures and goes on with the rest', async () => {
    const errors: [string, unknown][] = [];
    const poisoned = runner(
      [
        recordingProjection('poisoned', {
          failOn: (event) => (event.data as { poison?: boolean }).poison === true,
        }),
      ],
      { onError: (name, error) => errors.push([name, error]), maxAttempts: 5 },
    );
    await appendNotes('poison-1', 2);
    const poison = await store.append('poison-1', 2, [{ type: 'note-added', data: { poison: true } }]);
    const rest = await appendNotes('poison-1', 2);
    poisoned.start();

    expect(await poisoned.waitForPosition(rest.lastPosition, 10_000)).toBe(true);

    const applied = (await projectedRows(test.db, 'poisoned'))
      .filter((row) => row.streamId === 'poison-1')
      .map((row) => row.globalPosition);
    expect(applied).toHaveLength(4);
    expect(applied).not.toContain(poison.lastPosition);
    const { rows } = await test.db.query(
      'SELECT global_position, error_message FROM parked_events WHERE projection = $1',
      ['poisoned'],
    );
    expect(rows).toEqual([
      {
        global_position: String(poison.lastPosition),
        error_message: expect.stringContaining('cannot project'),
      },
    ]);
    // One failure of the whole page, then five of the poison event alone.
    expect(errors).toHaveLength(6);
    expect(errors.every(([name]) => name === 'poisoned')).toBe(true);
    expect((await poisoned.status())[0]).toMatchObject({ parked: 1, lagEvents: 0 });
  });

  it('parks nothing when every event fails alike, as with a missing table', async () => {
    const errors: unknown[] = [];
    const broken: Projection = {
      name: 'broken',
      eventTypes: [],
      apply: async (sql: Sql) => {
        await sql.query('INSERT INTO no_such_table VALUES (1)');
      },
      reset: async () => undefined,
    };
    const running = runner([broken], { onError: (_, error) => errors.push(error), maxAttempts: 2 });
    await appendNotes('broken-1', 1);
    running.start();

    await waitFor(() => errors.length >= 6, { what: 'repeated failures' });

    expect(errors[0]).toMatchObject({ code: '42P01' });
    const { rows } = await test.db.query('SELECT 1 FROM parked_events WHERE projection = $1', ['broken']);
    expect(rows).toEqual([]);
    expect((await running.status())[0].lagEvents).toBeGreaterThan(0);
  });

  it('never applies an event twice when two instances run the same projection', async () => {
    const applies = [0, 0];
    const first = runner(
      [recordingProjection('shared', { onApply: (events) => (applies[0] += events.length) })],
      { batchSize: 7, pollIntervalMs: 20 },
    );
    const second = runner(
      [recordingProjection('shared', { onApply: (events) => (applies[1] += events.length) })],
      { batchSize: 7, pollIntervalMs: 20 },
    );
    first.start();
    second.start();

    const appended = await Promise.all(Array.from({ length: 20 }, (_, n) => appendNotes(`shared-${n}`, 10)));
    const last = Math.max(...appended.map((result) => result.lastPosition));
    expect(await first.waitForPosition(last, 20_000)).toBe(true);
    await Promise.all([first.catchUp(), second.catchUp()]);

    const { rows } = await test.db.query<{ global_position: string; times: string }>(
      `SELECT global_position, count(*) AS times FROM projected_events WHERE projection = 'shared'
       GROUP BY global_position HAVING count(*) > 1`,
    );
    expect(rows).toEqual([]);
    const { rows: events } = await test.db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect((await projectedRows(test.db, 'shared')).length).toBe(Number(events[0].n));
    // Rolled-back applies of the instance that lost a race never reach the table.
    expect(applies[0] + applies[1]).toBeGreaterThanOrEqual(Number(events[0].n));
  });

  it('rebuilds a projection into identical rows', async () => {
    const countsPerStream: Projection = {
      name: 'counts',
      eventTypes: [],
      async apply(sql: Sql, events: StoredEvent[]) {
        await sql.query(
          `INSERT INTO stream_counts (stream_id, events, last_position)
           SELECT stream_id, count(*), max(position) FROM unnest($1::text[], $2::bigint[]) AS e(stream_id, position)
           GROUP BY stream_id
           ON CONFLICT (stream_id) DO UPDATE
           SET events = stream_counts.events + EXCLUDED.events, last_position = EXCLUDED.last_position`,
          [events.map((event) => event.streamId), events.map((event) => event.globalPosition)],
        );
      },
      async reset(sql: Sql) {
        await sql.query('DELETE FROM stream_counts');
      },
    };
    await test.db.query(
      'CREATE TABLE stream_counts (stream_id text PRIMARY KEY, events int NOT NULL, last_position bigint NOT NULL)',
    );
    const running = runner([countsPerStream, recordingProjection('untouched')], { batchSize: 13 });
    await appendNotes('rebuild-1', 30);
    await appendNotes('rebuild-2', 4);
    running.start();
    await running.catchUp();
    const snapshot = async () => (await test.db.query('SELECT * FROM stream_counts ORDER BY stream_id')).rows;
    const before = await snapshot();
    const untouched = await projectedRows(test.db, 'untouched');

    await running.rebuild([countsPerStream]);

    expect(await snapshot()).toEqual(before);
    expect(await projectedRows(test.db, 'untouched')).toEqual(untouched);
    expect(running.isRunning).toBe(true);
    const more = await appendNotes('rebuild-2', 1);
    expect(await running.waitForPosition(more.lastPosition, 10_000)).toBe(true);
    expect((await snapshot()).find((row) => row.stream_id === 'rebuild-2')).toMatchObject({ events: 5 });
  });

  it('reports the lag in events and seconds', async () => {
    const lagging = runner([recordingProjection('lagging')]);
    await lagging.catchUp();
    const appended = await appendNotes('lag-1', 4);

    const [behind] = await lagging.status();
    expect(behind.lagEvents).toBeGreaterThanOrEqual(4);
    expect(behind.lagSeconds).toBeGreaterThanOrEqual(0);

    await lagging.catchUp();
    const [caughtUp] = await lagging.status();
    expect(caughtUp).toMatchObject({ lagEvents: 0, lagSeconds: 0, parked: 0 });
    expect(caughtUp.globalPosition).toBeGreaterThanOrEqual(appended.lastPosition);
  });

  it('stops gracefully and can start again', async () => {
    const restartable = runner([recordingProjection('restartable')]);
    restartable.start();
    await restartable.stop();
    expect(restartable.isRunning).toBe(false);

    const appended = await appendNotes('restart-1', 2);
    restartable.start();
    expect(await restartable.waitForPosition(appended.lastPosition, 10_000)).toBe(true);
  });
});

import { EventNotifications, EventStore } from '@huquq/event-store';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

describe('EventNotifications', () => {
  let test: TestDatabase;
  let store: EventStore;
  let notifications: EventNotifications;
  const errors: unknown[] = [];
  let wakes = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    store = new EventStore(test.db);
    notifications = new EventNotifications(test.db, {
      minReconnectDelayMs: 10,
      onError: (e) => errors.push(e),
    });
    notifications.onWake(() => (wakes += 1));
    await notifications.start();
  });

  afterAll(async () => {
    await notifications.stop();
    await test.drop();
  });

  it('wakes listeners when events commit, and not before', async () => {
    const before = wakes;
    await test.db.transaction(async (tx) => {
      await store.append('wake-1', 0, [{ type: 'note-added', data: {} }], { sql: tx });
      // Notifications are delivered at commit; the append is not visible yet.
      expect(wakes).toBe(before);
    });

    await waitFor(() => wakes > before, { what: 'a wake after the commit' });
  });

  it('stops waking a listener that unsubscribed', async () => {
    let mine = 0;
    const unsubscribe = notifications.onWake(() => (mine += 1));
    const before = wakes;
    await store.append('wake-2', 0, [{ type: 'note-added', data: {} }]);
    await waitFor(() => wakes > before && mine === 1, { what: 'a wake' });

    unsubscribe();
    const after = wakes;
    await store.append('wake-2', 1, [{ type: 'note-added', data: {} }]);
    await waitFor(() => wakes > after, { what: 'another wake' });
    expect(mine).toBe(1);
  });

  it('reconnects after its connection is killed, and wakes again', async () => {
    const { rows } = await test.db.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'huquq-event-notifications'`,
    );
    expect(rows).toEqual([{ terminated: true }]);
    await waitFor(() => errors.length > 0, { what: 'the lost connection to be noticed' });
    await waitFor(() => notifications.listening, { what: 'the reconnection' });

    const before = wakes;
    await store.append('wake-3', 0, [{ type: 'note-added', data: {} }]);
    await waitFor(() => wakes > before, { what: 'a wake after reconnecting' });
  });
});

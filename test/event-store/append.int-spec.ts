import { randomUUID } from 'node:crypto';
import { Sql, VersionConflict } from '@huquq/platform';
import { EventStore, NewEvent } from '@huquq/event-store';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

function noteAdded(text: string, eventId?: string): NewEvent<{ text: string }> {
  return { eventId, type: 'note-added', data: { text } };
}

/** A Sql that counts the statements sent through it. */
function countingSql(inner: Sql): Sql & { statements: number } {
  const counting = {
    statements: 0,
    query(text: string, values?: unknown[]) {
      counting.statements += 1;
      return inner.query(text, values);
    },
  };
  return counting as Sql & { statements: number };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('EventStore append', () => {
  let test: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    test = await createTestDatabase();
    store = new EventStore(test.db);
  });

  afterAll(async () => {
    await test.drop();
  });

  async function countEvents(streamIds: string[]): Promise<number> {
    const { rows } = await test.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM events WHERE stream_id = ANY($1::text[])',
      [streamIds],
    );
    return Number(rows[0].n);
  }

  it('numbers a new stream from 1 and returns its positions', async () => {
    const result = await store.append('case-new', 0, [noteAdded('a'), noteAdded('b'), noteAdded('c')]);

    expect(result).toMatchObject({ streamId: 'case-new', nextVersion: 3, alreadyStored: false });
    expect(result.lastPosition - result.firstPosition).toBe(2);
    const events = await store.readStream('case-new');
    expect(events.map((event) => [event.streamVersion, event.data])).toEqual([
      [1, { text: 'a' }],
      [2, { text: 'b' }],
      [3, { text: 'c' }],
    ]);
    expect(events.map((event) => event.globalPosition)).toEqual([
      result.firstPosition,
      result.firstPosition + 1,
      result.lastPosition,
    ]);
    // The transaction of the last event, so a reader's checkpoint can be compared without a lookup.
    expect(result.lastTransactionId).toBe(events[2].transactionId);
    expect(await store.streamVersion('case-new')).toBe(3);
    expect(await store.readStream('case-new', { fromVersion: 3 })).toHaveLength(1);
  });

  it('lets exactly one of ten concurrent writers at the same version win', async () => {
    await store.append('case-race', 0, [noteAdded('opened')]);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, writer) =>
        store.append('case-race', 1, [noteAdded(`writer ${writer}`), noteAdded(`writer ${writer} again`)]),
      ),
    );

    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const outcome of lost) {
      expect(outcome.reason).toBeInstanceOf(VersionConflict);
      expect(outcome.reason).toMatchObject({ streamId: 'case-race', expectedVersion: 1, currentVersion: 3 });
    }
    const events = await store.readStream('case-race');
    expect(events.map((event) => event.streamVersion)).toEqual([1, 2, 3]);
  });

  it('turns a writer that waited on the winner of a race into a VersionConflict', async () => {
    const winner = await test.db.pool.connect();
    const loserTx = await test.db.pool.connect();
    try {
      await winner.query('BEGIN');
      await store.append('case-blocked', 0, [noteAdded('winner')], { sql: winner });
      // Both losers read version 0 and then wait on the winner's uncommitted row.
      await loserTx.query('BEGIN');
      const loserInTransaction = rejection(
        store.append('case-blocked', 0, [noteAdded('loser')], { sql: loserTx }),
      );
      const loser = rejection(store.append('case-blocked', 0, [noteAdded('loser too')]));
      await waitFor(async () => {
        const { rows } = await test.db.query(
          `SELECT 1 FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'transactionid'`,
        );
        return rows.length === 2;
      });
      await winner.query('COMMIT');

      for (const error of [await loser, await loserInTransaction]) {
        expect(error).toBeInstanceOf(VersionConflict);
        expect(error).toMatchObject({ streamId: 'case-blocked', expectedVersion: 0, currentVersion: 1 });
      }
      await loserTx.query('ROLLBACK');
    } finally {
      winner.release();
      loserTx.release();
    }
    expect((await store.readStream('case-blocked')).map((event) => event.data)).toEqual([{ text: 'winner' }]);
  });

  it('refuses an expected version that is too high or too low, writing nothing', async () => {
    await store.append('case-stale', 0, [noteAdded('a'), noteAdded('b')]);

    for (const expected of [5, 1, 0]) {
      const error = await rejection(store.append('case-stale', expected, [noteAdded('late')]));
      expect(error).toBeInstanceOf(VersionConflict);
      expect(error).toMatchObject({ streamId: 'case-stale', expectedVersion: expected, currentVersion: 2 });
    }
    expect(await countEvents(['case-stale'])).toBe(2);
  });

  it("appends at the end with 'any', also when writers race", async () => {
    expect((await store.append('case-any', 'any', [noteAdded('first')])).nextVersion).toBe(1);

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, writer) => store.append('case-any', 'any', [noteAdded(`w${writer}`)])),
    );

    expect(results.map((result) => result.nextVersion).sort((a, b) => a - b)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect((await store.readStream('case-any')).map((event) => event.streamVersion)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('treats a re-append of stored event ids as done, returning the original positions', async () => {
    const ids = [randomUUID(), randomUUID()];
    const first = await store.append('case-retry', 0, [noteAdded('a', ids[0]), noteAdded('b', ids[1])]);
    await store.append('case-retry', 2, [noteAdded('later')]);

    // The retry still carries the version it was decided at: it must not conflict.
    const again = await store.append('case-retry', 0, [noteAdded('a', ids[0]), noteAdded('b', ids[1])]);

    // A re-append writes nothing: the same positions, and no rows of its own.
    expect(again).toEqual({ ...first, alreadyStored: true, written: [] });
    expect(await countEvents(['case-retry'])).toBe(3);
  });

  it('gives every concurrent retry of one append the same original positions', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const events = ids.map((id, n) => noteAdded(`n${n}`, id));

    const results = await Promise.all(
      Array.from({ length: 6 }, () => store.append('case-double-click', 0, events)),
    );

    expect(results.filter((result) => !result.alreadyStored)).toHaveLength(1);
    for (const result of results) {
      expect(result).toMatchObject({ nextVersion: 3, firstPosition: results[0].firstPosition });
    }
    expect(await countEvents(['case-double-click'])).toBe(3);
  });

  it('writes the organization into org_id and the metadata', async () => {
    const orgId = randomUUID();
    await store.append('case-org', 0, [{ ...noteAdded('a'), metadata: { actorId: 'u1' } }], { orgId });

    const [event] = await store.readStream('case-org');
    expect(event.orgId).toBe(orgId);
    expect(event.metadata).toEqual({ actorId: 'u1', orgId });
    expect(event.schemaVersion).toBe(1);
    expect(typeof event.transactionId).toBe('string');
  });

  it("runs inside the caller's transaction when given its client", async () => {
    const error = await rejection(
      test.db.transaction(async (tx) => {
        await store.append('case-in-tx', 0, [noteAdded('a')], { sql: tx });
        expect(await store.streamVersion('case-in-tx', { sql: tx })).toBe(1);
        throw new Error('the command failed later');
      }),
    );
    expect(error).toEqual(new Error('the command failed later'));
    expect(await store.streamVersion('case-in-tx')).toBe(0);

    await test.db.transaction((tx) => store.append('case-in-tx', 0, [noteAdded('a')], { sql: tx }));
    expect(await store.streamVersion('case-in-tx')).toBe(1);
  });

  it('logs sixty people of one raid in one statement', async () => {
    const incidentId = `incident-${randomUUID()}`;
    const people = Array.from({ length: 60 }, (_, n) => n);
    const event = (type: string, data: unknown): NewEvent => ({ eventId: randomUUID(), type, data });
    const appends = [
      { streamId: incidentId, expectedVersion: 0, events: [event('incident-logged', { people: 60 })] },
      ...people.flatMap((n) => [
        { streamId: `client-raid-${n}`, expectedVersion: 0, events: [event('client-registered', { n })] },
        {
          streamId: `case-raid-${n}`,
          expectedVersion: 0,
          events: [event('appeal-logged', { n, incidentId }), event('case-assigned', { n })],
        },
      ]),
    ];
    const sql = countingSql(test.db);

    const results = await store.appendMany(appends, { sql });

    expect(sql.statements).toBe(1);
    expect(results).toHaveLength(121);
    expect(results[0]).toMatchObject({ streamId: incidentId, nextVersion: 1, alreadyStored: false });
    expect(results[2]).toMatchObject({ streamId: 'case-raid-0', nextVersion: 2 });
    // Written in the order given, so the incident comes first in the log.
    const positions = results.flatMap((result) => [result.firstPosition, result.lastPosition]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(await countEvents(appends.map((append) => append.streamId))).toBe(181);

    const again = await store.appendMany(appends);
    expect(again).toEqual(results.map((result) => ({ ...result, alreadyStored: true, written: [] })));
    expect(await countEvents(appends.map((append) => append.streamId))).toBe(181);
  });

  it('writes nothing from any stream when one of them is stale', async () => {
    await store.append('case-many-b', 0, [noteAdded('already here')]);
    const appends = [
      { streamId: 'case-many-a', expectedVersion: 0, events: [noteAdded('a')] },
      { streamId: 'case-many-b', expectedVersion: 0, events: [noteAdded('b')] },
      { streamId: 'case-many-c', expectedVersion: 0, events: [noteAdded('c')] },
    ];

    const error = await rejection(store.appendMany(appends));

    expect(error).toBeInstanceOf(VersionConflict);
    expect(error).toMatchObject({ streamId: 'case-many-b', expectedVersion: 0, currentVersion: 1 });
    expect(await countEvents(['case-many-a', 'case-many-c'])).toBe(0);
    expect(await countEvents(['case-many-b'])).toBe(1);
  });

  it('checks the version of an append without events, writing nothing', async () => {
    await store.append('case-empty', 0, [noteAdded('a'), noteAdded('b')]);

    expect(await store.append('case-empty', 2, [])).toEqual({
      streamId: 'case-empty',
      nextVersion: 2,
      firstPosition: 0,
      lastPosition: 0,
      lastTransactionId: null,
      alreadyStored: false,
      written: [],
    });
    await expect(store.append('case-empty', 1, [])).rejects.toMatchObject({ currentVersion: 2 });
    expect(await countEvents(['case-empty'])).toBe(2);
  });

  it('refuses the same event id twice in one call', async () => {
    const id = randomUUID();
    await expect(store.append('case-dup', 0, [noteAdded('a', id), noteAdded('b', id)])).rejects.toThrow(
      /twice/,
    );
    expect(await countEvents(['case-dup'])).toBe(0);
  });

  it('keeps events append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await store.append('case-frozen', 0, [noteAdded('a')]);

    for (const statement of [
      "UPDATE events SET data = '{}' WHERE stream_id = 'case-frozen'",
      "DELETE FROM events WHERE stream_id = 'case-frozen'",
      'TRUNCATE events',
    ]) {
      const error = await rejection(test.db.query(statement));
      expect(error).toMatchObject({ code: '42501', message: expect.stringMatching(/append-only/) });
    }
    expect(await countEvents(['case-frozen'])).toBe(1);
  });

  it('upcasts old schema versions on read, step by step', async () => {
    const upcasting = new EventStore(test.db, [
      {
        type: 'appeal-logged',
        fromSchemaVersion: 1,
        upcast: (data) => ({ ...(data as object), urgency: 'normal' }),
      },
      {
        type: 'appeal-logged',
        fromSchemaVersion: 2,
        upcast: (data) => {
          const { city, ...rest } = data as { city: string };
          return { ...rest, incident: { city } };
        },
      },
    ]);
    await store.append('case-old', 0, [
      { type: 'appeal-logged', schemaVersion: 1, data: { city: 'Almaty' } },
      { type: 'note-added', data: { text: 'untouched' } },
    ]);

    const [appeal, note] = await upcasting.readStream('case-old');

    expect(appeal).toMatchObject({
      schemaVersion: 3,
      data: { urgency: 'normal', incident: { city: 'Almaty' } },
    });
    expect(note).toMatchObject({ schemaVersion: 1, data: { text: 'untouched' } });
    const fromLog = await upcasting.readAll({ transactionId: '0', globalPosition: 0 }, 10_000, {
      types: ['appeal-logged'],
    });
    expect(fromLog.find((event) => event.streamId === 'case-old')).toMatchObject({ schemaVersion: 3 });
    expect((await store.readStream('case-old'))[0]).toMatchObject({
      schemaVersion: 1,
      data: { city: 'Almaty' },
    });
  });

  it('reports the head of the log', async () => {
    const result = await store.append('case-head', 0, [noteAdded('last')]);
    const head = await store.headPosition();
    expect(head.globalPosition).toBeGreaterThanOrEqual(result.lastPosition);
    expect(head.recordedAt).toBeInstanceOf(Date);
  });
});

import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { appRoleName, Database, migrationDataSource, Sql } from '@huquq/platform';
import { EventHashChain1732240005000 } from '@huquq/platform/database/migrations/1732240005000-event-hash-chain';
import { EventStore, IntegrityChecker, NewEvent, verifyIntegrityCommand } from '@huquq/event-store';
import { createTestDatabase, TestDatabase } from '../support/test-database';

function noteAdded(text: string, eventId?: string): NewEvent<{ text: string }> {
  return { eventId, type: 'note-added', data: { text } };
}

function notes(count: number, prefix = 'n'): NewEvent<{ text: string }>[] {
  return Array.from({ length: count }, (_, n) => noteAdded(`${prefix}${n + 1}`));
}

interface ChainRow {
  global_position: string;
  stream_version: number;
  previous_hash: Buffer;
  hash: Buffer;
  recomputed: Buffer;
}

const RECOMPUTED = `event_chain_hash(previous_hash, global_position, stream_id, stream_version, event_id, type,
  schema_version, data, metadata, org_id, recorded_at, transaction_id)`;

async function chainOf(sql: Sql, streamId: string): Promise<ChainRow[]> {
  const { rows } = await sql.query<ChainRow>(
    `SELECT global_position, stream_version, previous_hash, hash, ${RECOMPUTED} AS recomputed
     FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  return rows;
}

/** Every link of the stream as the trigger should have written it. */
function expectLinked(chain: ChainRow[], length: number): void {
  expect(chain.map((row) => row.stream_version)).toEqual(Array.from({ length }, (_, n) => n + 1));
  chain.forEach((row, n) => {
    expect(row.hash).toHaveLength(32);
    expect(row.hash.equals(row.recomputed)).toBe(true);
    expect(row.previous_hash.equals(n === 0 ? Buffer.alloc(32) : chain[n - 1].hash)).toBe(true);
  });
}

/** A superuser editing the table directly, with every trigger off. */
async function behindTheAppsBack(db: Database, statement: string, values: unknown[] = []): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(statement, values);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function positionOf(sql: Sql, streamId: string, version: number): Promise<number> {
  const { rows } = await sql.query<{ global_position: string }>(
    'SELECT global_position FROM events WHERE stream_id = $1 AND stream_version = $2',
    [streamId, version],
  );
  return Number(rows[0].global_position);
}

describe('Event hash chain', () => {
  let test: TestDatabase;
  let store: EventStore;
  let checker: IntegrityChecker;

  beforeAll(async () => {
    test = await createTestDatabase();
    store = new EventStore(test.db);
    checker = new IntegrityChecker(test.db);
  });

  afterAll(async () => {
    await test.drop();
  });

  describe('writing', () => {
    it('links every event to the one before it, also those inserted by the same statement', async () => {
      await store.append('chain-one-append', 0, notes(5));
      const many = await store.appendMany([
        { streamId: 'chain-many-a', expectedVersion: 0, events: notes(1) },
        { streamId: 'chain-many-b', expectedVersion: 0, events: notes(4) },
        { streamId: 'chain-one-append', expectedVersion: 5, events: notes(3, 'more') },
        { streamId: 'chain-many-c', expectedVersion: 0, events: notes(2) },
      ]);
      expect(many.map((result) => result.nextVersion)).toEqual([1, 4, 8, 2]);

      for (const [streamId, length] of [
        ['chain-one-append', 8],
        ['chain-many-a', 1],
        ['chain-many-b', 4],
        ['chain-many-c', 2],
      ] as const) {
        const chain = await chainOf(test.db, streamId);
        expectLinked(chain, length);
        expect(await checker.verifyStream(streamId)).toEqual({
          streamId,
          valid: true,
          events: length,
          headVersion: length,
          headHash: chain[length - 1].hash.toString('hex'),
          firstBadPosition: null,
          firstBadVersion: null,
          problem: null,
        });
      }
    });

    it('stays valid through retries, racing writers and appends inside a transaction', async () => {
      const ids = [randomUUID(), randomUUID()];
      const first = await store.append('chain-mixed', 0, [noteAdded('a', ids[0]), noteAdded('b', ids[1])]);
      // A retry of stored ids writes nothing and must leave the chain as it was.
      expect(await store.append('chain-mixed', 0, [noteAdded('a', ids[0]), noteAdded('b', ids[1])])).toEqual({
        ...first,
        alreadyStored: true,
        written: [],
      });
      await Promise.all(
        Array.from({ length: 8 }, (_, writer) => store.append('chain-mixed', 'any', notes(2, `w${writer}-`))),
      );
      const client = await test.db.pool.connect();
      try {
        // Earlier statements of the same transaction are seen by the trigger, at any isolation.
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        await store.append('chain-mixed', 18, notes(2, 'tx-a'), { sql: client });
        await store.append('chain-mixed', 20, notes(1, 'tx-b'), { sql: client });
        await client.query('COMMIT');
      } finally {
        client.release();
      }

      expectLinked(await chainOf(test.db, 'chain-mixed'), 21);
      expect(await checker.verifyStream('chain-mixed')).toMatchObject({
        valid: true,
        events: 21,
        headVersion: 21,
      });
    });

    it('computes the hash itself, whatever the writer puts into the hash columns', async () => {
      await store.append('chain-forced', 0, notes(1));
      await test.db.query(
        `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata, previous_hash, hash)
         VALUES ('chain-forced', 2, $1, 'note-added', '{"text": "chosen"}', '{}', '\\xbeef', '\\xdead')`,
        [randomUUID()],
      );

      expectLinked(await chainOf(test.db, 'chain-forced'), 2);
      expect((await checker.verifyStream('chain-forced')).valid).toBe(true);
    });

    it('refuses to write an event whose predecessor does not exist', async () => {
      await store.append('chain-gap', 0, notes(1));

      for (const version of [3, 0, -1]) {
        await expect(
          test.db.query(
            `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata)
             VALUES ('chain-gap', $1, $2, 'note-added', '{}', '{}')`,
            [version, randomUUID()],
          ),
        ).rejects.toMatchObject({ code: '23000', message: expect.stringMatching(/no predecessor/) });
      }
      expect(await checker.verifyStream('chain-gap')).toMatchObject({ valid: true, events: 1 });
    });

    it('hashes the same whatever the session time zone and date style', async () => {
      const client = await test.db.pool.connect();
      try {
        await client.query("SET TimeZone = 'Asia/Dushanbe'");
        await client.query("SET DateStyle = 'SQL, DMY'");
        await client.query("SET IntervalStyle = 'sql_standard'");
        await store.append('chain-zone', 0, notes(2), { orgId: randomUUID(), sql: client });
        expectLinked(await chainOf(client, 'chain-zone'), 2);
        expectLinked(await chainOf(client, 'chain-one-append'), 8);
      } finally {
        await client.query('RESET ALL');
        client.release();
      }
      expect(await checker.verifyStream('chain-zone')).toMatchObject({ valid: true, events: 2 });
    });

    it('chains the appends of the row-level-security confined app role', async () => {
      const orgId = randomUUID();
      const url = new URL(test.url);
      url.username = appRoleName(test.url);
      url.password = '';
      const app = new Client({ connectionString: url.toString() });
      await app.connect();
      try {
        for (const [expected, count] of [
          [0, 2],
          [2, 3],
        ]) {
          await app.query(`BEGIN; SELECT set_config('huquq.org_id', '${orgId}', true)`);
          await store.append('chain-app-role', expected, notes(count), { orgId, sql: app });
          await app.query('COMMIT');
        }
        expect(await new IntegrityChecker(app).verifyStream('chain-app-role')).toMatchObject({
          valid: true,
          events: 0,
        });
      } finally {
        await app.end();
      }
      expectLinked(await chainOf(test.db, 'chain-app-role'), 5);
      expect(await checker.verifyStream('chain-app-role')).toMatchObject({ valid: true, events: 5 });
    });
  });

  describe('tampering', () => {
    it.each([
      ['data', `data = '{"text": "forged"}'`],
      ['metadata', `metadata = metadata || '{"actorId": "someone-else"}'`],
      ['type', `type = 'note-retracted'`],
      ['schema_version', 'schema_version = 2'],
      ['recorded_at', `recorded_at = recorded_at - interval '1 day'`],
      ['org_id', `org_id = '00000000-0000-4000-8000-000000000000'`],
      ['event_id', 'event_id = gen_random_uuid()'],
      ['transaction_id', `transaction_id = '1'`],
      ['global_position', 'global_position = global_position + 1000000'],
    ])('names an event whose %s a superuser edited with triggers off', async (column, assignment) => {
      const streamId = `tamper-${column}`;
      await store.append(streamId, 0, notes(5), { orgId: randomUUID() });
      const position = await positionOf(test.db, streamId, 3);

      await behindTheAppsBack(
        test.db,
        `UPDATE events SET ${assignment} WHERE stream_id = $1 AND stream_version = 3`,
        [streamId],
      );

      const result = await checker.verifyStream(streamId);
      expect(result).toMatchObject({ valid: false, events: 5, firstBadVersion: 3 });
      expect(result.problem).toBe(
        `stream ${streamId}: version 3 does not match its stored hash: the event was altered after it was written`,
      );
      if (column !== 'global_position') expect(result.firstBadPosition).toBe(position);
    });

    it('finds a deleted event in the middle of a stream, and a deleted first event', async () => {
      await store.append('tamper-deleted', 0, notes(5));
      await store.append('tamper-deleted-first', 0, notes(2));
      const position = await positionOf(test.db, 'tamper-deleted', 4);

      await behindTheAppsBack(
        test.db,
        `DELETE FROM events WHERE stream_id = 'tamper-deleted' AND stream_version = 3`,
      );
      await behindTheAppsBack(
        test.db,
        `DELETE FROM events WHERE stream_id = 'tamper-deleted-first' AND stream_version = 1`,
      );

      expect(await checker.verifyStream('tamper-deleted')).toMatchObject({
        valid: false,
        events: 4,
        firstBadPosition: position,
        firstBadVersion: 4,
        problem: 'stream tamper-deleted: version 4 follows version 2: version 3 is missing (deleted)',
      });
      expect(await checker.verifyStream('tamper-deleted-first')).toMatchObject({
        valid: false,
        firstBadVersion: 2,
        problem:
          'stream tamper-deleted-first: version 2 follows the start of the stream: version 1 is missing (deleted)',
      });
    });

    it('finds a deleted run of events, even when the versions were renumbered to close the gap', async () => {
      await store.append('tamper-renumbered', 0, notes(6));

      await behindTheAppsBack(
        test.db,
        `DELETE FROM events WHERE stream_id = 'tamper-renumbered' AND stream_version IN (2, 3)`,
      );
      expect((await checker.verifyStream('tamper-renumbered')).problem).toMatch(/version 2..3 are missing/);

      await behindTheAppsBack(
        test.db,
        `UPDATE events SET stream_version = stream_version - 2 WHERE stream_id = 'tamper-renumbered' AND stream_version > 3`,
      );
      expect(await checker.verifyStream('tamper-renumbered')).toMatchObject({
        valid: false,
        events: 4,
        firstBadVersion: 2,
        problem: expect.stringMatching(/does not point to the stored hash of version 1/),
      });
    });

    it('finds a middle event that was altered and re-hashed, at the event after it', async () => {
      await store.append('tamper-rehashed', 0, notes(5));
      const next = await positionOf(test.db, 'tamper-rehashed', 4);

      await behindTheAppsBack(
        test.db,
        `UPDATE events SET data = '{"text": "forged"}',
           hash = event_chain_hash(previous_hash, global_position, stream_id, stream_version, event_id, type,
                                   schema_version, '{"text": "forged"}', metadata, org_id, recorded_at, transaction_id)
         WHERE stream_id = 'tamper-rehashed' AND stream_version = 3`,
      );

      expect(await checker.verifyStream('tamper-rehashed')).toEqual({
        streamId: 'tamper-rehashed',
        valid: false,
        events: 5,
        headVersion: 5,
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        firstBadPosition: next,
        firstBadVersion: 4,
        problem:
          'stream tamper-rehashed: version 4 does not point to the stored hash of version 3: ' +
          'that event was altered and re-hashed, or this link was edited',
      });
    });

    it('finds an edited link of the first event', async () => {
      await store.append('tamper-first-link', 0, notes(2));

      await behindTheAppsBack(
        test.db,
        `UPDATE events SET previous_hash = '\\x01' WHERE stream_id = 'tamper-first-link' AND stream_version = 1`,
      );

      expect(await checker.verifyStream('tamper-first-link')).toMatchObject({
        valid: false,
        firstBadVersion: 1,
        problem: expect.stringMatching(/first of its stream but does not start the chain/),
      });
    });

    it('cannot see a re-hashed or removed last event by the chain alone; an anchored head hash can', async () => {
      await store.append('tamper-head', 0, notes(3));
      const anchored = await checker.verifyStream('tamper-head');
      const anchor = { version: 3, hash: anchored.headHash! };
      await store.append('tamper-head', 3, notes(1, 'later'));
      // Growing past the anchor is fine: the anchored event is still there, unchanged.
      expect(await checker.verifyStream('tamper-head', { anchor })).toMatchObject({ valid: true, events: 4 });

      await behindTheAppsBack(
        test.db,
        `DELETE FROM events WHERE stream_id = 'tamper-head' AND stream_version = 4`,
      );
      await behindTheAppsBack(
        test.db,
        `UPDATE events SET data = '{"text": "forged"}',
           hash = event_chain_hash(previous_hash, global_position, stream_id, stream_version, event_id, type,
                                   schema_version, '{"text": "forged"}', metadata, org_id, recorded_at, transaction_id)
         WHERE stream_id = 'tamper-head' AND stream_version = 3`,
      );

      // The documented limit: nothing after the last event points back to it.
      const unanchored = await checker.verifyStream('tamper-head');
      expect(unanchored).toMatchObject({ valid: true, events: 3 });
      expect(unanchored.headHash).not.toBe(anchored.headHash);
      expect(await checker.verifyStream('tamper-head', { anchor })).toMatchObject({
        valid: false,
        firstBadPosition: await positionOf(test.db, 'tamper-head', 3),
        firstBadVersion: 3,
        problem:
          'stream tamper-head: version 3 no longer has the anchored hash: the stream was changed at or before it and re-hashed',
      });
      expect(
        await checker.verifyStream('tamper-head', { anchor: { version: 4, hash: anchor.hash } }),
      ).toMatchObject({
        valid: false,
        firstBadPosition: null,
        firstBadVersion: 4,
        problem: 'stream tamper-head: version 4 was anchored but is gone: the stream ends at version 3',
      });
    });

    it('reports a stream without events as valid and empty', async () => {
      expect(await checker.verifyStream('never-written')).toEqual({
        streamId: 'never-written',
        valid: true,
        events: 0,
        headVersion: 0,
        headHash: null,
        firstBadPosition: null,
        firstBadVersion: null,
        problem: null,
      });
    });
  });
});

describe('Event hash chain of the whole store', () => {
  let test: TestDatabase;
  let store: EventStore;
  let checker: IntegrityChecker;
  const streamIds = Array.from({ length: 40 }, (_, n) => `store-${String(n).padStart(2, '0')}`);
  // Streams of 1 to 5 events: 120 in all.
  const lengthOf = (n: number) => (n % 5) + 1;

  beforeAll(async () => {
    test = await createTestDatabase();
    store = new EventStore(test.db);
    checker = new IntegrityChecker(test.db);
    // Written in reverse stream order, then once more round, so log order and stream order differ.
    await store.appendMany(
      [...streamIds].reverse().map((streamId) => ({ streamId, expectedVersion: 0, events: notes(1) })),
    );
    await store.appendMany(
      streamIds
        .map((streamId, n) => ({ streamId, expectedVersion: 1, events: notes(lengthOf(n) - 1, 'later') }))
        .filter((append) => append.events.length > 0),
    );
  });

  afterAll(async () => {
    await test.drop();
  });

  it('verifies every stream in pages, whatever the page size', async () => {
    for (const batchSize of [1, 7, 120, 5000]) {
      expect(await checker.verifyAll({ batchSize })).toEqual({
        valid: true,
        events: 120,
        streams: 40,
        badStreams: 0,
        firstBadPosition: null,
        firstBadStreamId: null,
        firstBadVersion: null,
        problem: null,
      });
    }
  });

  it('reports the first bad position of the whole log across many streams', async () => {
    // store-04 and store-39 hold 5 events each; store-39's first event is one of the earliest.
    const edited = await positionOf(test.db, 'store-39', 1);
    await behindTheAppsBack(
      test.db,
      `UPDATE events SET data = '"x"' WHERE stream_id = 'store-39' AND stream_version = 1`,
    );
    await behindTheAppsBack(
      test.db,
      `DELETE FROM events WHERE stream_id = 'store-04' AND stream_version = 2`,
    );
    await behindTheAppsBack(
      test.db,
      `UPDATE events SET data = '"y"' WHERE stream_id = 'store-09' AND stream_version = 5`,
    );
    expect(edited).toBeLessThan(await positionOf(test.db, 'store-04', 3));

    for (const batchSize of [1, 7, 5000]) {
      expect(await checker.verifyAll({ batchSize })).toEqual({
        valid: false,
        events: 119,
        streams: 40,
        badStreams: 3,
        firstBadPosition: edited,
        firstBadStreamId: 'store-39',
        firstBadVersion: 1,
        problem:
          'stream store-39: version 1 does not match its stored hash: the event was altered after it was written',
      });
    }
    expect(await verifyIntegrityCommand(test.db)).toMatchObject({
      valid: false,
      firstBadPosition: edited,
      firstBadStreamId: 'store-39',
    });
  });
});

describe('Event hash chain migration', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase();
  });

  afterAll(async () => {
    await test.drop();
  });

  it('chains the events written before it, stream by stream, and later appends onto them', async () => {
    const dataSource = await migrationDataSource(test.url).initialize();
    const runner = dataSource.createQueryRunner();
    const migration = new EventHashChain1732240005000();
    const store = new EventStore(test.db);
    try {
      await migration.down(runner);
      await store.append('old-b', 0, notes(2));
      await store.appendMany([
        { streamId: 'old-a', expectedVersion: 0, events: notes(3) },
        { streamId: 'old-b', expectedVersion: 2, events: notes(2, 'more') },
      ]);
      await store.append('old-a', 3, notes(1, 'more'));

      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
      await dataSource.destroy();
    }

    expectLinked(await chainOf(test.db, 'old-a'), 4);
    expectLinked(await chainOf(test.db, 'old-b'), 4);
    await store.appendMany([
      { streamId: 'old-a', expectedVersion: 4, events: notes(1, 'new') },
      { streamId: 'new-c', expectedVersion: 0, events: notes(2, 'new') },
    ]);
    expectLinked(await chainOf(test.db, 'old-a'), 5);
    expect(await new IntegrityChecker(test.db).verifyAll()).toMatchObject({
      valid: true,
      events: 11,
      streams: 3,
    });
    // Still append-only afterwards: the migration switched the guard off only for its backfill.
    await expect(test.db.query(`UPDATE events SET data = '{}'`)).rejects.toMatchObject({ code: '42501' });
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '@huquq/platform';
import {
  DecryptionFailed,
  type KeySubject,
  MasterKey,
  SubjectErased,
  SubjectKeyMismatch,
  SubjectKeyStore,
  UnknownMasterKey,
} from '@huquq/privacy';
import { createTestDatabase, TestDatabase } from '../support/test-database';

function subject(orgId: string = randomUUID()): KeySubject {
  return { orgId, subjectId: randomUUID() };
}

/**
 * The real database, with plain queries (not transactions) counted and, when a gate is set,
 * held after they ran: lets a test put a destroy between a read and its use.
 */
function instrumented(db: Database) {
  const state = { queries: 0, gate: null as Promise<void> | null, held: () => undefined as void };
  const wrapper = Object.create(db) as Database;
  wrapper.query = (async (text: string, values?: unknown[]) => {
    state.queries += 1;
    const result = await db.query(text, values);
    if (state.gate) {
      state.held();
      await state.gate;
    }
    return result;
  }) as Database['query'];
  return { db: wrapper, state };
}

describe('SubjectKeyStore against PostgreSQL', () => {
  let test: TestDatabase;
  let master: MasterKey;
  let store: SubjectKeyStore;

  beforeAll(async () => {
    test = await createTestDatabase();
    master = MasterKey.fromBytes(randomBytes(32));
    store = new SubjectKeyStore(test.db, master);
  });

  afterAll(async () => {
    await test.drop();
  });

  async function keyRows(subjectId: string) {
    const { rows } = await test.db.query('SELECT * FROM subject_keys WHERE subject_id = $1', [subjectId]);
    return rows;
  }

  it('makes a key only when asked to, and returns the same key afterwards', async () => {
    const s = subject();
    expect(await store.keyFor(s, { create: false })).toBeNull();
    expect(await keyRows(s.subjectId)).toHaveLength(0);
    const key = (await store.keyFor(s, { create: true }))!;
    expect(key).toHaveLength(32);
    expect((await store.keyFor(s, { create: true }))!.equals(key)).toBe(true);
    expect((await new SubjectKeyStore(test.db, master).keyFor(s, { create: false }))!.equals(key)).toBe(true);
    expect(await keyRows(s.subjectId)).toMatchObject([{ org_id: s.orgId, master_key_id: master.id }]);
  });

  describe('concurrent creators', () => {
    it('of one instance all get the one key', async () => {
      const s = subject();
      const keys = await Promise.all(Array.from({ length: 10 }, () => store.keyFor(s, { create: true })));
      expect(new Set(keys.map((key) => key!.toString('hex'))).size).toBe(1);
      expect(await keyRows(s.subjectId)).toHaveLength(1);
    });

    it('of ten processes (own caches) all get the one key', async () => {
      const s = subject();
      const stores = Array.from({ length: 10 }, () => new SubjectKeyStore(test.db, master));
      const keys = await Promise.all(stores.map((each) => each.keyFor(s, { create: true })));
      expect(new Set(keys.map((key) => key!.toString('hex'))).size).toBe(1);
      expect(await keyRows(s.subjectId)).toHaveLength(1);
    });

    it('racing an erasure never leave an erased subject with a key', async () => {
      for (let round = 0; round < 10; round++) {
        const s = subject();
        const creators = Array.from({ length: 5 }, () =>
          new SubjectKeyStore(test.db, master).keyFor(s, { create: true }).then(
            () => 'created',
            (error: unknown) => (error instanceof SubjectErased ? 'refused' : Promise.reject(error)),
          ),
        );
        await Promise.all([...creators, new SubjectKeyStore(test.db, master).destroy(s)]);
        expect(await store.isErased(s.subjectId)).toBe(true);
        expect(await keyRows(s.subjectId)).toHaveLength(0);
      }
    });
  });

  describe('another organization', () => {
    it('never gets the key of a subject keyed under one organization', async () => {
      const s = subject();
      const intruder = { orgId: randomUUID(), subjectId: s.subjectId };
      const key = (await store.keyFor(s, { create: true }))!;

      // Warm cache and cold store alike.
      for (const each of [store, new SubjectKeyStore(test.db, master)]) {
        expect(await each.keyFor(intruder, { create: false })).toBeNull();
        await expect(each.keyFor(intruder, { create: true })).rejects.toThrow(SubjectKeyMismatch);
        expect(await each.keysFor([intruder])).toEqual([null]);
        const [own, theirs] = await each.keysFor([s, intruder]);
        expect(own!.equals(key)).toBe(true);
        expect(theirs).toBeNull();
        expect((await each.keysFor([intruder, s]))[1]!.equals(key)).toBe(true);
      }
      await expect(store.destroy(intruder)).rejects.toThrow(SubjectKeyMismatch);
      expect(await store.isErased(s.subjectId)).toBe(false);
      expect((await store.keyFor(s, { create: false }))!.equals(key)).toBe(true);
      expect(await keyRows(s.subjectId)).toMatchObject([{ org_id: s.orgId }]);
    });

    it('cannot erase, nor key, a subject another organization erased', async () => {
      const s = subject();
      await store.destroy(s);
      const intruder = { orgId: randomUUID(), subjectId: s.subjectId };
      await expect(store.destroy(intruder)).rejects.toThrow(SubjectKeyMismatch);
      await expect(store.keyFor(intruder, { create: true })).rejects.toThrow(SubjectErased);
    });
  });

  describe('the database was tampered with', () => {
    it('a wrapped key moved to another subject fails to unwrap', async () => {
      const a = subject();
      const b = subject(a.orgId);
      await store.keyFor(a, { create: true });
      await store.keyFor(b, { create: true });
      await test.db.query(
        `UPDATE subject_keys SET wrapped_key = (SELECT wrapped_key FROM subject_keys WHERE subject_id = $1)
          WHERE subject_id = $2`,
        [a.subjectId, b.subjectId],
      );
      await expect(new SubjectKeyStore(test.db, master).keyFor(b, { create: false })).rejects.toThrow(
        DecryptionFailed,
      );
    });

    it('a key row moved to another organization fails to unwrap there', async () => {
      const s = subject();
      await store.keyFor(s, { create: true });
      const thief = randomUUID();
      await test.db.query('UPDATE subject_keys SET org_id = $1 WHERE subject_id = $2', [thief, s.subjectId]);
      const fresh = new SubjectKeyStore(test.db, master);
      await expect(fresh.keyFor({ orgId: thief, subjectId: s.subjectId }, { create: false })).rejects.toThrow(
        DecryptionFailed,
      );
      expect(await fresh.keyFor(s, { create: false })).toBeNull();
    });

    it('a key wrapped by an unknown master is an error, not an erasure', async () => {
      const s = subject();
      await store.keyFor(s, { create: true });
      await test.db.query(
        "UPDATE subject_keys SET master_key_id = 'feedfacefeedface' WHERE subject_id = $1",
        [s.subjectId],
      );
      const error = await new SubjectKeyStore(test.db, master)
        .keyFor(s, { create: false })
        .catch((e: Error) => e);
      expect(error).toBeInstanceOf(UnknownMasterKey);
      expect((error as Error).message).toContain('feedfacefeedface');
    });
  });

  describe('the cache of unwrapped keys', () => {
    it('answers repeated reads without the database', async () => {
      const { db, state } = instrumented(test.db);
      const cached = new SubjectKeyStore(db, master);
      const s = subject();
      await cached.keyFor(s, { create: true });
      const before = state.queries;
      for (let i = 0; i < 5; i++) await cached.keyFor(s, { create: false });
      expect(state.queries).toBe(before);
    });

    it('never returns a key after this instance destroyed it', async () => {
      const s = subject();
      await store.keyFor(s, { create: true });
      await store.destroy(s);
      expect(await store.keyFor(s, { create: false })).toBeNull();
      expect(await store.keysFor([s])).toEqual([null]);
    });

    it('does not keep a key read just before a concurrent destroy', async () => {
      const { db, state } = instrumented(test.db);
      const cached = new SubjectKeyStore(db, master);
      const s = subject();
      await store.keyFor(s, { create: true });
      let release!: () => void;
      state.gate = new Promise<void>((resolve) => (release = resolve));
      const held = new Promise<void>((resolve) => (state.held = resolve));
      const read = cached.keyFor(s, { create: false });
      // The read's SELECT has answered (the gate holds the answer); now the erasure commits.
      await held;
      await cached.destroy(s);
      state.gate = null;
      release();
      expect(await read).not.toBeNull();
      expect(await cached.keyFor(s, { create: false })).toBeNull();
    });

    it("honours another process's destroy once the TTL has passed", async () => {
      let now = Date.now();
      const reader = new SubjectKeyStore(test.db, master, { cacheTtlMs: 60_000, clock: () => now });
      const s = subject();
      await reader.keyFor(s, { create: true });
      await new SubjectKeyStore(test.db, master).destroy(s);
      now += 60_000;
      expect(await reader.keyFor(s, { create: false })).toBeNull();
    });

    it('is bounded, dropping the least recently used key', async () => {
      const { db, state } = instrumented(test.db);
      const small = new SubjectKeyStore(db, master, { cacheMaxEntries: 2 });
      const [a, b, c] = [subject(), subject(), subject()];
      for (const s of [a, b, c]) await small.keyFor(s, { create: true });
      const before = state.queries;
      await small.keyFor(b, { create: false });
      await small.keyFor(c, { create: false });
      expect(state.queries).toBe(before);
      await small.keyFor(a, { create: false });
      expect(state.queries).toBe(before + 1);
    });

    it('holds each key in memory of its own (not a slice that keeps an 8 KiB pool slab alive)', async () => {
      const own = new SubjectKeyStore(test.db, master);
      const org = randomUUID();
      const [a, b, c] = [subject(org), subject(org), subject(org)];
      const created = (await own.keyFor(a, { create: true }))!;
      await own.keyFor(b, { create: true });
      const fresh = new SubjectKeyStore(test.db, master); // reads b and c from the database
      await own.keyFor(c, { create: true });
      const read = (await fresh.keyFor(b, { create: false }))!;
      const [listed] = await fresh.keysFor([c]);
      for (const key of [created, read, listed!, (await own.keyFor(a, { create: false }))!]) {
        expect(key.length).toBe(32);
        expect(key.buffer.byteLength).toBe(32);
      }
      expect(own.cacheStats()).toMatchObject({ entries: 3, maxEntries: 10_000, keyBytes: 96 });
      expect(fresh.cacheStats()).toMatchObject({ entries: 2, keyBytes: 64 });
      expect(fresh.cacheStats().approximateBytes).toBeGreaterThan(64);
    });

    it('reports no more entries than its bound', async () => {
      const small = new SubjectKeyStore(test.db, master, { cacheMaxEntries: 3 });
      const org = randomUUID();
      for (let i = 0; i < 8; i++) await small.keyFor(subject(org), { create: true });
      expect(small.cacheStats()).toMatchObject({ entries: 3, maxEntries: 3, keyBytes: 96 });
    });
  });

  it('reads many keys in one query, null for those without', async () => {
    const org = randomUUID();
    const people = [subject(org), subject(org), subject(org)];
    const keyA = (await store.keyFor(people[0], { create: true }))!;
    const keyC = (await store.keyFor(people[2], { create: true }))!;
    const { db, state } = instrumented(test.db);
    const keys = await new SubjectKeyStore(db, master).keysFor(people);
    expect(state.queries).toBe(1);
    expect(keys[0]!.equals(keyA)).toBe(true);
    expect(keys[1]).toBeNull();
    expect(keys[2]!.equals(keyC)).toBe(true);
  });
});

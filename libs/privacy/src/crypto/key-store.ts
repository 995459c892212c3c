import { randomBytes } from 'node:crypto';
import type { Database, Sql } from '@huquq/platform';

import type { KeySubject } from '../personal-data-protector';
import { AES_KEY_BYTES } from './aes-gcm';
import { SubjectErased, SubjectKeyMismatch, UnknownMasterKey } from './errors';
import { KeyCache, type KeyCacheStats } from './key-cache';
import type { MasterKey } from './master-key';
import { canonicalSubject, canonicalSubjectId } from './subject';

export interface SubjectKeyStoreOptions {
  /** How long an unwrapped key is reused without asking the database; also how long an
   * erasure done by another process may take to be seen here. Default 60 s; 0 turns it off. */
  cacheTtlMs?: number;
  /** Default 10,000 keys (about 4 MB with their bookkeeping: see KeyCache.stats). */
  cacheMaxEntries?: number;
  /** Milliseconds since the epoch; injected by tests to expire the cache without waiting. */
  clock?: () => number;
  /**
   * Masters that may still have wrapped some keys while a rotation is under way
   * (HUQUQ_PREVIOUS_MASTER_KEY). Used to read only; new keys are wrapped by the current master.
   */
  previousMasters?: MasterKey[];
  /** Keys re-wrapped per transaction by rewrapAll. Default 500. */
  rewrapBatchSize?: number;
}

interface KeyRow {
  subject_id: string;
  org_id: string;
  wrapped_key: string;
  master_key_id: string;
}

/**
 * Two-int advisory locks live in a key space apart from single-bigint ones (the migration
 * lock); this class number marks "a subject's key is being created or destroyed".
 */
const SUBJECT_LOCK_CLASS = 7285100;

/**
 * One data key per subject (a client or an incident), stored only wrapped by the master key.
 * Destroying it is the erasure: with the key gone, every value sealed for the subject, in
 * every event, view, backup and queue payload, is noise for good.
 */
/** Where erasures are announced, so every process drops its cached key at once. */
export const KEY_ERASED_CHANNEL = 'huquq_keys_erased';

export class SubjectKeyStore {
  readonly #cache: KeyCache;
  readonly #masters: Map<string, MasterKey>;
  readonly #rewrapBatchSize: number;
  /**
   * Counts destroys done by this instance. A read that started before a destroy must not put
   * the key it read back into the cache after the destroy evicted it.
   */
  #destroys = 0;
  /** Creations under way here: the four fields of one new client share one insert. */
  readonly #creating = new Map<string, Promise<Buffer>>();
  /** Keys to look up or make, gathered while a batch runs (decision 0140). */
  #asked: Asked[] = [];
  #batches = 0;

  constructor(
    private readonly db: Database,
    private readonly master: MasterKey,
    options: SubjectKeyStoreOptions = {},
  ) {
    this.#cache = new KeyCache(
      options.cacheMaxEntries ?? 10_000,
      options.cacheTtlMs ?? 60_000,
      options.clock ?? Date.now,
    );
    this.#masters = new Map([...(options.previousMasters ?? []), master].map((m) => [m.id, m]));
    this.#rewrapBatchSize = options.rewrapBatchSize ?? 500;
  }

  /** How many keys this process holds unwrapped, and their memory: for /health. */
  cacheStats(): KeyCacheStats {
    return this.#cache.stats();
  }

  /** The id of the master that wraps keys made from now on. */
  get masterKeyId(): string {
    return this.master.id;
  }

  /**
   * The subject's data key; null when it has none (never made, erased, or the subject is
   * another organization's). With `create`, a missing key is made, and every concurrent
   * creator gets the same one; an erased subject throws SubjectErased instead.
   */
  async keyFor(subject: KeySubject, { create }: { create: boolean }): Promise<Buffer | null> {
    const { orgId, subjectId } = canonicalSubject(subject);
    const cached = this.#cache.get(orgId, subjectId);
    if (cached) return cached;
    const destroysBefore = this.#destroys;
    if (create) return this.create({ orgId, subjectId }, destroysBefore);
    const row = await this.readRow(this.db, subjectId);
    if (row) return this.accept({ orgId, subjectId }, row, destroysBefore, create);
    if (!create) return null;
    return this.create({ orgId, subjectId }, destroysBefore);
  }

  /**
   * Keys of many subjects (a list view) in one round trip, in the order given; null where
   * keyFor(…, { create: false }) would answer null. Never creates keys.
   */
  async keysFor(subjects: KeySubject[]): Promise<Array<Buffer | null>> {
    const canonical = subjects.map(canonicalSubject);
    const keys = canonical.map(({ orgId, subjectId }) => this.#cache.get(orgId, subjectId));
    const missing = [...new Set(canonical.filter((_, i) => !keys[i]).map((s) => s.subjectId))];
    if (missing.length === 0) return keys;
    const destroysBefore = this.#destroys;
    const { rows } = await this.db.query<KeyRow>(
      `SELECT subject_id, org_id, wrapped_key, master_key_id FROM subject_keys
        WHERE subject_id = ANY($1::uuid[])`,
      [missing],
    );
    const rowsById = new Map(rows.map((row) => [row.subject_id, row]));
    return canonical.map((subject, i) => {
      if (keys[i]) return keys[i];
      const row = rowsById.get(subject.subjectId);
      // Each entry checked against its own organization: a subject id named under two orgs in
      // one batch gets its key at most for the org that owns it.
      return row ? this.accept(subject, row, destroysBefore, false) : null;
    });
  }

  /**
   * Erases the subject: deletes its key and records the erasure, in one transaction, so the
   * subject can never silently get a fresh key. Idempotent.
   */
  async destroy(subject: KeySubject): Promise<void> {
    const { orgId, subjectId } = canonicalSubject(subject);
    await this.db.transaction(
      async (tx) => {
        await lockSubject(tx, subjectId);
        const { rows } = await tx.query<{ org_id: string }>(
          `SELECT org_id FROM subject_keys WHERE subject_id = $1
           UNION ALL SELECT org_id FROM erased_subjects WHERE subject_id = $1`,
          [subjectId],
        );
        if (rows.some((row) => row.org_id !== orgId)) throw new SubjectKeyMismatch();
        await tx.query('DELETE FROM subject_keys WHERE subject_id = $1 AND org_id = $2', [subjectId, orgId]);
        await tx.query(
          'INSERT INTO erased_subjects (subject_id, org_id) VALUES ($1, $2) ON CONFLICT (subject_id) DO NOTHING',
          [subjectId, orgId],
        );
        // Other processes drop their cached copy at commit (see KeyErasureListener).
        await tx.query(`SELECT pg_notify('${KEY_ERASED_CHANNEL}', $1)`, [subjectId]);
      },
      { orgId },
    );
    this.forget(subjectId);
  }

  /** Drops a cached key: the subject was erased, here or by another process. */
  forget(subjectId: string): void {
    this.#destroys += 1;
    this.#cache.delete(subjectId.toLowerCase());
  }

  /** Drops every cached key, when erasures may have been missed (a lost notification connection). */
  forgetAll(): void {
    this.#destroys += 1;
    this.#cache.clear();
  }

  async isErased(subjectId: string): Promise<boolean> {
    const { rowCount } = await this.db.query('SELECT 1 FROM erased_subjects WHERE subject_id = $1', [
      canonicalSubjectId(subjectId),
    ]);
    return (rowCount ?? 0) > 0;
  }

  /**
   * Re-wraps every key this store can unwrap (current and previous masters) under `newMaster`,
   * a batch per transaction, so an interrupted run is simply run again. Only the short
   * subject_keys rows change: the data keys stay, so events and views are not touched.
   * `remaining` counts keys still wrapped by a master other than the new one, which this store
   * was not given; after a complete rotation it is 0.
   */
  async rewrapAll(newMaster: MasterKey): Promise<{ rewrapped: number; remaining: number }> {
    const sources = [...this.#masters.keys()].filter((id) => id !== newMaster.id);
    let rewrapped = 0;
    for (;;) {
      const count = await this.db.transaction(async (tx) => {
        // Rows leave the selection once re-wrapped, so no cursor is needed; FOR UPDATE makes a
        // concurrent destroy wait rather than race a re-wrapped row back into existence.
        const { rows } = await tx.query<KeyRow>(
          `SELECT subject_id, org_id, wrapped_key, master_key_id FROM subject_keys
            WHERE master_key_id = ANY($1::text[])
            ORDER BY master_key_id, subject_id
            LIMIT $2
            FOR UPDATE`,
          [sources, this.#rewrapBatchSize],
        );
        if (rows.length === 0) return 0;
        const rewrappedKeys = rows.map((row) => newMaster.wrap(row.org_id, row.subject_id, this.unwrap(row)));
        await tx.query(
          `UPDATE subject_keys AS k
              SET wrapped_key = v.wrapped_key, master_key_id = $3
             FROM unnest($1::uuid[], $2::text[]) AS v(subject_id, wrapped_key)
            WHERE k.subject_id = v.subject_id`,
          [rows.map((row) => row.subject_id), rewrappedKeys, newMaster.id],
        );
        return rows.length;
      });
      if (count === 0) break;
      rewrapped += count;
    }
    const { rows } = await this.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM subject_keys WHERE master_key_id <> $1',
      [newMaster.id],
    );
    return { rewrapped, remaining: Number(rows[0].n) };
  }

  /**
   * The subject's key, made unless it exists. Subjects asked for while a batch runs are looked
   * up and made together by the next one (a group of appeals seals for many new people at once):
   * one look-up and one transaction for all of them instead of a look-up and a transaction each.
   */
  private create(subject: KeySubject, destroysBefore: number): Promise<Buffer> {
    const flight = `${subject.orgId}|${subject.subjectId}`;
    const pending = this.#creating.get(flight);
    if (pending) return pending;
    const creating = new Promise<Buffer>((resolve, reject) => {
      this.#asked.push({ subject, destroysBefore, resolve, reject });
      // Not at once: the subjects asked for in this turn of the event loop join the batch.
      if (this.#asked.length === 1 && this.#batches < MAX_KEY_BATCHES) setImmediate(() => this.nextBatch());
    }).finally(() => this.#creating.delete(flight));
    this.#creating.set(flight, creating);
    return creating;
  }

  private nextBatch(): void {
    if (this.#asked.length === 0 || this.#batches >= MAX_KEY_BATCHES) return;
    const batch = this.#asked;
    this.#asked = [];
    this.#batches += 1;
    void this.findOrCreate(batch).finally(() => {
      this.#batches -= 1;
      this.nextBatch();
    });
  }

  private async findOrCreate(batch: Asked[]): Promise<void> {
    try {
      const ids = batch.map((asked) => asked.subject.subjectId);
      const { rows } = await this.db.query<KeyRow>(
        `SELECT subject_id, org_id, wrapped_key, master_key_id FROM subject_keys
          WHERE subject_id = ANY($1::uuid[])`,
        [ids],
      );
      const found = new Map(rows.map((row) => [row.subject_id, row]));
      const missing: Asked[] = [];
      for (const asked of batch) {
        const row = found.get(asked.subject.subjectId);
        if (row) settle(asked, () => this.accept(asked.subject, row, asked.destroysBefore, true) as Buffer);
        else missing.push(asked);
      }
      // One transaction per organization: it is set for the transaction (row-level security).
      const byOrg = new Map<string, Asked[]>();
      for (const asked of missing) byOrg.set(asked.subject.orgId, [...(byOrg.get(asked.subject.orgId) ?? []), asked]);
      await Promise.all([...byOrg].map(([orgId, asked]) => this.createNow(orgId, asked)));
    } catch (error) {
      for (const asked of batch) asked.reject(error);
    }
  }

  private async createNow(orgId: string, batch: Asked[]): Promise<void> {
    // Sorted, so two batches lock shared subjects in the same order and never deadlock.
    const subjectIds = batch.map((asked) => asked.subject.subjectId).sort();
    const wrapped = subjectIds.map((subjectId) =>
      this.master.wrap(orgId, subjectId, randomBytes(AES_KEY_BYTES)),
    );
    const rows = await this.db.transaction(
      async (tx) => {
        // Serializes with destroy(): otherwise a destroy committing between our erased check
        // and our insert would leave an erased subject with a fresh key.
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(s)) FROM unnest($2::text[]) AS s', [
          SUBJECT_LOCK_CLASS,
          subjectIds,
        ]);
        // One statement after the locks, so its snapshot sees whatever a destroy or another
        // creator committed before we got them. A concurrent creator may have won: its key is
        // the key, ours is discarded unseen.
        const { rows } = await tx.query<KeyRow & { asked: string; erased: boolean }>(CREATE_KEYS, [
          subjectIds,
          orgId,
          wrapped,
          this.master.id,
        ]);
        return rows;
      },
      { orgId },
    );
    const byId = new Map(rows.map((row) => [row.asked, row]));
    for (const asked of batch) {
      const row = byId.get(asked.subject.subjectId);
      settle(asked, () => {
        if (!row || row.erased) throw new SubjectErased();
        // No row after an insert that did nothing: another organization's row we may not see.
        if (!row.subject_id) throw new SubjectKeyMismatch();
        return this.accept(asked.subject, row, asked.destroysBefore, true) as Buffer;
      });
    }
  }

  /** Checks the row is the caller's organization's, unwraps it, and caches it if still valid. */
  private accept(subject: KeySubject, row: KeyRow, destroysBefore: number, create: boolean): Buffer | null {
    if (row.org_id !== subject.orgId) {
      if (create) throw new SubjectKeyMismatch();
      return null;
    }
    const unwrapped = this.unwrap(row);
    if (this.#destroys !== destroysBefore) return unwrapped;
    const key = this.#cache.set(subject.orgId, subject.subjectId, unwrapped);
    // The cache kept a copy of its own; the unwrapped bytes (a slice of Node's shared buffer
    // pool) are wiped rather than left in the pool's slab until it is reused.
    if (key !== unwrapped) unwrapped.fill(0);
    return key;
  }

  private unwrap(row: KeyRow): Buffer {
    const master = this.#masters.get(row.master_key_id);
    if (!master) throw new UnknownMasterKey(row.master_key_id);
    return master.unwrap(row.org_id, row.subject_id, row.wrapped_key);
  }

  private async readRow(sql: Sql, subjectId: string): Promise<KeyRow | null> {
    const { rows } = await sql.query<KeyRow>(
      'SELECT subject_id, org_id, wrapped_key, master_key_id FROM subject_keys WHERE subject_id = $1',
      [subjectId],
    );
    return rows[0] ?? null;
  }
}

/**
 * The keys of unerased subjects (all of one organization): inserted unless one exists, and the
 * row that stands either way (this statement's own inserts are not in its snapshot, hence the
 * union), one row per subject asked for. `erased` is true, and nothing inserted, for a subject
 * that was erased.
 */
const CREATE_KEYS = `
  WITH asked AS (
    SELECT * FROM unnest($1::uuid[], $3::text[]) AS a(subject_id, wrapped_key)
  ),
  erased AS (SELECT subject_id FROM erased_subjects WHERE subject_id = ANY($1::uuid[])),
  inserted AS (
    INSERT INTO subject_keys (subject_id, org_id, wrapped_key, master_key_id)
    SELECT a.subject_id, $2, a.wrapped_key, $4 FROM asked a
    WHERE NOT EXISTS (SELECT 1 FROM erased e WHERE e.subject_id = a.subject_id)
    ON CONFLICT (subject_id) DO NOTHING
    RETURNING subject_id, org_id, wrapped_key, master_key_id
  ),
  standing AS (
    SELECT subject_id, org_id, wrapped_key, master_key_id FROM inserted
    UNION ALL
    SELECT k.subject_id, k.org_id, k.wrapped_key, k.master_key_id FROM subject_keys k
    WHERE k.subject_id = ANY($1::uuid[])
      AND NOT EXISTS (SELECT 1 FROM inserted i WHERE i.subject_id = k.subject_id)
  )
  SELECT a.subject_id::text AS asked,
         EXISTS (SELECT 1 FROM erased e WHERE e.subject_id = a.subject_id) AS erased,
         s.subject_id, s.org_id, s.wrapped_key, s.master_key_id
  FROM asked a LEFT JOIN standing s ON s.subject_id = a.subject_id`;

/** Key look-ups and creations under way at once; the rest wait and are done together. */
const MAX_KEY_BATCHES = 2;

interface Asked {
  subject: KeySubject;
  destroysBefore: number;
  resolve: (key: Buffer) => void;
  reject: (error: unknown) => void;
}

function settle(asked: Asked, outcome: () => Buffer): void {
  try {
    asked.resolve(outcome());
  } catch (error) {
    asked.reject(error);
  }
}

async function lockSubject(tx: Sql, subjectId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SUBJECT_LOCK_CLASS, subjectId]);
}

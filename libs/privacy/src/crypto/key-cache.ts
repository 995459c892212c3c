/** What a key cache holds, for /health: no key, no subject. */
export interface KeyCacheStats {
  entries: number;
  maxEntries: number;
  /** The keys' own bytes: each key is a buffer of its own, so this is entries × key length. */
  keyBytes: number;
  /** keyBytes plus an estimate of each entry's bookkeeping (ids, Map slot, Buffer object). */
  approximateBytes: number;
}

/**
 * Memory per entry besides the key's own bytes, measured on Node 20 (100,000 entries): the
 * Buffer object (~200), the entry object (64), its Map slot (~50), the subject's and the
 * organization's id strings (~56 each). A pooled slice kept instead cost up to 8 KiB more.
 */
const ENTRY_OVERHEAD_BYTES = 450;

/**
 * Unwrapped data keys kept in memory for a short while, so reading a list of cases does not
 * unwrap the same key once per row. Bounded (least recently used goes first) and short-lived:
 * an erasure done by another process is honoured here within one TTL.
 *
 * Each key is copied into a buffer of its own. What it is given is often a slice of Node's
 * shared 8 KiB allocation pool (Buffer.from(base64), Buffer.concat, small crypto outputs): kept,
 * such a slice keeps its whole 8 KiB slab alive, and with it whatever else was cut from it.
 */
export class KeyCache {
  // Map keeps insertion order: re-inserting on every hit makes the first entry the least
  // recently used one.
  readonly #entries = new Map<string, { orgId: string; key: Buffer; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(orgId: string, subjectId: string): Buffer | null {
    const entry = this.#entries.get(subjectId);
    if (!entry) return null;
    this.#entries.delete(subjectId);
    if (entry.expiresAt <= this.now()) return null;
    this.#entries.set(subjectId, entry);
    // Keyed by subject alone so that a subject can never sit in the cache under two orgs; a
    // mismatch answers like a miss and the store decides from the database.
    return entry.orgId === orgId ? entry.key : null;
  }

  /**
   * Keeps a copy of `key` and returns it (the caller may drop or wipe what it passed); when the
   * cache is off, returns `key` itself.
   */
  set(orgId: string, subjectId: string, key: Buffer): Buffer {
    if (this.maxEntries <= 0 || this.ttlMs <= 0) return key;
    const own = Buffer.alloc(key.length); // never pooled: an ArrayBuffer of exactly this length
    key.copy(own);
    this.#entries.delete(subjectId);
    this.#entries.set(subjectId, { orgId, key: own, expiresAt: this.now() + this.ttlMs });
    this.dropExpiredOldest();
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return own;
  }

  delete(subjectId: string): void {
    this.#entries.delete(subjectId);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Entries and memory, after dropping the expired keys at the old end. */
  stats(): KeyCacheStats {
    this.dropExpiredOldest();
    let keyBytes = 0;
    // Each key owns its memory (see set), so its length is all it holds.
    for (const { key } of this.#entries.values()) keyBytes += key.byteLength;
    return {
      entries: this.#entries.size,
      maxEntries: Math.max(0, this.maxEntries),
      keyBytes,
      approximateBytes: keyBytes + this.#entries.size * ENTRY_OVERHEAD_BYTES,
    };
  }

  /**
   * Expired keys are otherwise dropped only when asked for or pushed out: a quiet process would
   * keep them for good. The least recently used end is where they gather; amortized O(1).
   */
  private dropExpiredOldest(): void {
    const now = this.now();
    for (const [subjectId, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(subjectId);
    }
  }
}

/**
 * Unwrapped data keys kept in memory for a short while, so reading a list of cases does not
 * unwrap the same key once per row. Bounded (least recently used goes first) and short-lived:
 * an erasure done by another process is honoured here within one TTL.
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

  set(orgId: string, subjectId: string, key: Buffer): void {
    if (this.maxEntries <= 0 || this.ttlMs <= 0) return;
    this.#entries.delete(subjectId);
    this.#entries.set(subjectId, { orgId, key, expiresAt: this.now() + this.ttlMs });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
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
}

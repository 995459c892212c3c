import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import { KeyCache } from './key-cache';

describe('KeyCache', () => {
  let now = 0;
  const clock = () => now;
  const key = () => randomBytes(32);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('returns a key until its TTL has passed', () => {
    const cache = new KeyCache(10, 60_000, clock);
    const k = key();
    cache.set('org', 's1', k);
    now += 59_999;
    expect(cache.get('org', 's1')).toEqual(k);
    now += 1;
    expect(cache.get('org', 's1')).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('answers a miss for another organization', () => {
    const cache = new KeyCache(10, 60_000, clock);
    cache.set('org-a', 's1', key());
    expect(cache.get('org-b', 's1')).toBeNull();
    expect(cache.get('org-a', 's1')).not.toBeNull();
  });

  it('drops the least recently used key beyond its bound', () => {
    const cache = new KeyCache(3, 60_000, clock);
    for (const id of ['a', 'b', 'c']) cache.set('org', id, key());
    expect(cache.get('org', 'a')).not.toBeNull();
    cache.set('org', 'd', key());
    expect(cache.size).toBe(3);
    expect(cache.get('org', 'b')).toBeNull();
    for (const id of ['a', 'c', 'd']) expect(cache.get('org', id)).not.toBeNull();
  });

  it('forgets a deleted key, and keeps nothing when turned off', () => {
    const cache = new KeyCache(3, 60_000, clock);
    cache.set('org', 'a', key());
    cache.delete('a');
    expect(cache.get('org', 'a')).toBeNull();
    const off = new KeyCache(3, 0, clock);
    off.set('org', 'a', key());
    expect(off.get('org', 'a')).toBeNull();
  });

  it('does not show keys when inspected', () => {
    const cache = new KeyCache(3, 60_000, clock);
    const k = key();
    cache.set('org', 'a', k);
    expect(inspect(cache, { showHidden: true, depth: 10 })).not.toContain(k.toString('hex').slice(0, 2 * 4));
    expect(inspect(cache, { showHidden: true, depth: 10 })).not.toMatch(/<Buffer/);
  });

  it('keeps each key in a buffer of its own, not a slice of a pooled 8 KiB slab', () => {
    const cache = new KeyCache(10, 60_000, clock);
    // How keys arrive: decoded from base64 (MasterKey.unwrap), a 32-byte view of Node's pool.
    const pooled = Buffer.from(key().toString('base64'), 'base64');
    expect(pooled.buffer.byteLength).toBeGreaterThan(32); // the premise: Buffer.poolSize, 8192
    const kept = cache.set('org', 'a', pooled);
    const got = cache.get('org', 'a')!;
    expect(got.equals(pooled)).toBe(true);
    expect(got.buffer.byteLength).toBe(32);
    expect(got.byteOffset).toBe(0);
    expect(got).toBe(kept);
    // Wiping what was passed in (the store does) leaves the cached copy whole.
    const copy = Buffer.from(new Uint8Array(pooled));
    pooled.fill(0);
    expect(cache.get('org', 'a')!.equals(copy)).toBe(true);
    expect(cache.stats()).toEqual({
      entries: 1,
      maxEntries: 10,
      keyBytes: 32,
      approximateBytes: expect.any(Number),
    });
  });

  it('never holds more than its bound, whatever the mix of sets, gets and deletes', () => {
    const max = 50;
    const cache = new KeyCache(max, 60_000, clock);
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    let largest = 0;
    for (let i = 0; i < 20_000; i++) {
      const subject = `s${random(500)}`;
      const op = random(10);
      if (op < 6) cache.set(`org${random(3)}`, subject, Buffer.from(key().toString('hex'), 'hex'));
      else if (op < 9) cache.get('org0', subject);
      else cache.delete(subject);
      if (random(100) === 0) now += 1_000;
      largest = Math.max(largest, cache.size);
    }
    expect(largest).toBe(max); // filled up to its bound, never past it
    const stats = cache.stats();
    expect(stats.entries).toBeLessThanOrEqual(max);
    expect(stats.keyBytes).toBe(stats.entries * 32);
    expect(stats.approximateBytes).toBeGreaterThanOrEqual(stats.keyBytes);
  });

  it('lets expired keys go without being asked for them, and reports what is left', () => {
    const cache = new KeyCache(100, 60_000, clock);
    for (const id of ['a', 'b', 'c']) cache.set('org', id, key());
    now += 30_000;
    cache.set('org', 'd', key());
    expect(cache.stats().entries).toBe(4);
    now += 30_000; // a, b and c expire; d has 30 s left
    expect(cache.stats()).toMatchObject({ entries: 1, keyBytes: 32 });
    expect(cache.get('org', 'd')).not.toBeNull();
  });
});

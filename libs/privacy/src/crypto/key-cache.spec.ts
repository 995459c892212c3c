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
    expect(cache.get('org', 's1')).toBe(k);
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
});

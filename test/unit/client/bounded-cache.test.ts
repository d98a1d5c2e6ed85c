// The bounded cache behind dedupe and routing: size bound (least recently used out first) and time-to-live.
import { BoundedCache } from '../../../client/gateway/bounded-cache';

it('evicts the least recently used entry beyond maxEntries', () => {
  const cache = new BoundedCache<string, number>({ maxEntries: 2, ttlMs: 1000, now: () => 0 });
  cache.set('a', 1);
  cache.set('b', 2);
  expect(cache.get('a')).toBe(1); // a is now the most recent
  cache.set('c', 3);
  expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
  expect(cache.size).toBe(2);
});

it('forgets entries after ttlMs and on deleteWhere', () => {
  let now = 0;
  const cache = new BoundedCache<string, string[]>({ maxEntries: 10, ttlMs: 100, now: () => now });
  cache.set('k1', ['w1']);
  cache.set('k2', ['w2']);
  now = 99;
  expect(cache.has('k1')).toBe(true);
  cache.deleteWhere((ids) => ids.includes('w2'));
  expect(cache.has('k2')).toBe(false);
  now = 100;
  expect(cache.has('k1')).toBe(false);
});

it('stays within its bound under many distinct keys', () => {
  const cache = new BoundedCache<number, true>({ maxEntries: 100, ttlMs: 1000 });
  for (let i = 0; i < 10_000; i += 1) cache.set(i, true);
  expect(cache.size).toBe(100);
  expect(cache.has(9_999)).toBe(true);
  expect(cache.has(0)).toBe(false);
});

it('lets one entry live longer or shorter than the cache default', () => {
  let now = 0;
  const cache = new BoundedCache<string, true>({ maxEntries: 10, ttlMs: 100, now: () => now });
  cache.set('long', true, 1_000);
  cache.set('short', true, 10);
  now = 10;
  expect([cache.has('long'), cache.has('short')]).toEqual([true, false]);
  now = 999;
  expect(cache.has('long')).toBe(true);
  now = 1_000;
  expect(cache.has('long')).toBe(false);
  expect(() => cache.set('bad', true, 0)).toThrow(RangeError);
});

/** A size- and age-bounded in-memory map (LRU order, TTL per entry): dedupe windows and routing caches. */

export interface BoundedCacheOptions {
  /** Most entries kept; the least recently used goes first. */
  readonly maxEntries: number;
  /** Age after which an entry is treated as absent (a `set` may give its own). */
  readonly ttlMs: number;
  /** Injected for tests; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * Map iteration order is insertion order, so re-inserting on access keeps the least recently
 * used entry first and eviction is O(1). Memory stays bounded whatever the callers send.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { readonly value: V; readonly expiresAtMs: number }>();
  private readonly now: () => number;

  constructor(private readonly options: BoundedCacheOptions) {
    if (!(options.maxEntries >= 1) || !(options.ttlMs > 0))
      throw new RangeError('BoundedCache needs maxEntries >= 1 and ttlMs > 0');
    this.now = options.now ?? Date.now;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAtMs <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Adds or replaces `key`, most recently used. `ttlMs` overrides the cache's for this entry
   * (an entry that must live exactly as long as something it stands for, e.g. a signature).
   */
  set(key: K, value: V, ttlMs: number = this.options.ttlMs): void {
    if (!(ttlMs > 0)) throw new RangeError('BoundedCache.set needs ttlMs > 0');
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAtMs: this.now() + ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Removes every entry whose value matches (a linear scan: for rare invalidations only). */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

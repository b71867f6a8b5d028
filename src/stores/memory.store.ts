import { LRUCache } from 'lru-cache';
import { positiveInteger } from '../errors/invalid-option';
import { planConsume, rateWindow, toDecision } from './gcra';
import { type Clock, type RateDecision, type Store, systemClock } from './store';
import { checkIncrement, checkTtl, encodeJson } from './store-arguments';

/** Options of a `MemoryStore`. */
export interface MemoryStoreOptions {
  /**
   * Most entries held at once (cache values, rate-limit states and counters together); the least
   * recently used entry is evicted beyond it. Default 10 000.
   */
  maxEntries?: number;
  /** Source of time for TTLs and rate limits; tests pass a fake one to move time without sleeping. */
  clock?: Clock;
}

/**
 * The default store: one process, bounded. Entries live in a size-capped LRU (`lru-cache`) and
 * expire according to the injected `Clock`. Values are kept JSON-encoded so that a caller
 * mutating what it read cannot alter the cache, and so that what comes back is exactly what the
 * Redis store would give back (dates become strings, `undefined` properties vanish).
 *
 * Rate limits use GCRA (`gcra.ts`), the algorithm the Redis store runs in Lua.
 * Under memory pressure a rate-limit state can be evicted like any entry, which hands that
 * caller a fresh budget: the price of staying bounded whatever the number of callers.
 *
 * @example
 * const store = new MemoryStore({ maxEntries: 5_000 });
 * await store.set('config', { env: 'test' }, 60_000);
 * const decision = await store.consume('add:alice', 10, 60_000);
 * if (!decision.allowed) throw new Error(`retry in ${decision.retryAfterMs} ms`);
 */
export class MemoryStore implements Store {
  private readonly entries: LRUCache<string, MemoryEntry>;
  private readonly clock: Clock;

  constructor(options: MemoryStoreOptions = {}) {
    const maxEntries = positiveInteger('MemoryStore: maxEntries', options.maxEntries ?? 10_000);
    // Expiry is checked against our own Clock rather than lru-cache's `ttl` + `perf`: lru-cache
    // treats a start time of 0 as "no TTL" (a fake clock starting at 0 would never expire) and
    // debounces `now()` through a real timer, which a fake clock cannot move.
    this.entries = new LRUCache<string, MemoryEntry>({ max: maxEntries });
    this.clock = options.clock ?? systemClock;
  }

  /** Entries currently held, expired ones not yet evicted included; never above `maxEntries`. */
  get size(): number {
    return this.entries.size;
  }

  /** The stored value (a fresh copy), or `undefined` when absent or expired. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const entry = this.live(key, this.clock.now());
    return entry === undefined ? undefined : (JSON.parse(entry.json) as T);
  }

  /** Stores a JSON-serialisable value for `ttlMs` milliseconds; may evict the least recently used entry. */
  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const ttl = checkTtl(ttlMs);
    this.entries.set(key, { json: encodeJson(value), expiresAt: this.clock.now() + ttl });
  }

  /** Removes keys; absent keys are ignored. */
  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  /** Consumes `cost` units of the GCRA budget `limit` per `windowMs` under `key` (see `Store.consume`). */
  async consume(key: string, limit: number, windowMs: number, cost = 1): Promise<RateDecision> {
    const window = rateWindow(limit, windowMs, cost);
    const nowMs = this.clock.now();
    const nowUs = Math.round(nowMs * 1000);
    const entry = this.live(key, nowMs);
    const stored = entry === undefined ? undefined : Number(entry.json);
    const plan = planConsume(Number.isFinite(stored) ? stored : undefined, nowUs, window);
    if (plan.allowed) {
      this.entries.set(key, {
        json: String(plan.nextTatUs),
        expiresAt: nowMs + Math.ceil((plan.nextTatUs - nowUs) / 1000),
      });
    }
    return toDecision(plan.allowed, plan.remaining, plan.allowed ? 0 : plan.retryAfterUs);
  }

  /** Adds the integer `by` to a counter (created at 0, keeping any expiry) and returns the new value. */
  async increment(key: string, by = 1): Promise<number> {
    checkIncrement(by);
    const entry = this.live(key, this.clock.now());
    const current = entry === undefined ? 0 : Number(entry.json);
    if (!Number.isSafeInteger(current)) {
      throw new TypeError(`MemoryStore.increment: the value under "${key}" is not an integer`);
    }
    const next = current + by;
    if (!Number.isSafeInteger(next)) {
      throw new RangeError(`MemoryStore.increment: "${key}" would overflow`);
    }
    // A counter keeps the expiry of the entry it replaces, as INCRBY keeps a key's TTL.
    this.entries.set(key, { json: String(next), expiresAt: entry?.expiresAt ?? Infinity });
    return next;
  }

  /** Always true: the store is in process. */
  async ping(): Promise<boolean> {
    return true;
  }

  /** Drops every entry. */
  async close(): Promise<void> {
    this.entries.clear();
  }

  /** The entry under `key` unless it has expired, in which case it is dropped now. */
  private live(key: string, nowMs: number): MemoryEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (nowMs >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

interface MemoryEntry {
  readonly json: string;
  /** Clock time (ms) from which the entry is gone; `Infinity` for counters. */
  readonly expiresAt: number;
}

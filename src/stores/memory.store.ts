import { LRUCache } from 'lru-cache';
import { type Clock, type RateDecision, type Store, systemClock } from './store';

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
 * Rate limits use GCRA (see `planConsume`), the algorithm the Redis store runs in Lua.
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
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`MemoryStore: maxEntries must be a positive integer, got ${maxEntries}`);
    }
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

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const entry = this.live(key, this.clock.now());
    return entry === undefined ? undefined : (JSON.parse(entry.json) as T);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const ttl = checkTtl(ttlMs);
    this.entries.set(key, { json: encodeJson(value), expiresAt: this.clock.now() + ttl });
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

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

  async ping(): Promise<boolean> {
    return true;
  }

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

/** Longest accepted rate-limit window: keeps every microsecond timestamp an exact double. */
const MAX_WINDOW_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * A validated rate-limit request in integer microseconds. Integers keep the arithmetic exact
 * (fractional intervals such as 1000 ms / 3 would let rounding refuse the last unit of a burst)
 * and identical in JavaScript and in Redis Lua, where numbers are doubles too.
 *
 * @internal shared by the stores, not part of the public API.
 */
export interface RateWindow {
  /**
   * Time one unit takes to come back, in µs: windowMs / limit rounded down, so that a full
   * window of silence always restores the full budget (the rate ends up at most `limit`
   * microseconds per window more generous than asked).
   */
  readonly intervalUs: number;
  readonly limit: number;
  readonly cost: number;
}

/**
 * Validates the arguments of `Store.consume`.
 *
 * @internal
 */
export function rateWindow(limit: number, windowMs: number, cost: number): RateWindow {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`consume: limit must be a positive integer, got ${limit}`);
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0 || windowMs > MAX_WINDOW_MS) {
    throw new RangeError(`consume: windowMs must be in (0, ${MAX_WINDOW_MS}], got ${windowMs}`);
  }
  if (!Number.isSafeInteger(cost) || cost < 1 || cost > limit) {
    // A cost above the limit could never be granted: no retry-after would be truthful.
    throw new RangeError(`consume: cost must be an integer in [1, limit=${limit}], got ${cost}`);
  }
  return { intervalUs: Math.max(1, Math.floor((windowMs * 1000) / limit)), limit, cost };
}

/**
 * The outcome of one `consume` under GCRA.
 *
 * @internal
 */
export type ConsumePlan =
  | { readonly allowed: true; readonly remaining: number; readonly nextTatUs: number }
  | { readonly allowed: false; readonly remaining: number; readonly retryAfterUs: number };

/**
 * GCRA (generic cell rate algorithm), the exact equivalent of a token bucket of `limit` tokens
 * refilled one per `intervalUs`, kept as ONE number per key: the theoretical arrival time
 * (TAT), the instant at which the bucket would be full again. O(1) time and memory whatever the
 * rate, the state expires by itself at TAT, and the retry-after is exact (a fixed-window or
 * two-window sliding counter can only estimate it, and can ask a caller to wait up to twice
 * the window).
 *
 * A call of `cost` units is granted when `max(TAT, now) + cost·interval - limit·interval <= now`;
 * a refused call changes nothing. `src/stores/redis.store.ts` runs the same steps in Lua; keep
 * the two in step.
 *
 * @internal
 */
export function planConsume(tatUs: number | undefined, nowUs: number, window: RateWindow): ConsumePlan {
  const { intervalUs, limit, cost } = window;
  const burstUs = intervalUs * limit;
  const tat = tatUs === undefined || tatUs < nowUs ? nowUs : tatUs;
  const nextTatUs = tat + cost * intervalUs;
  const allowAtUs = nextTatUs - burstUs;
  if (nowUs < allowAtUs) {
    return {
      allowed: false,
      remaining: Math.max(0, Math.floor((nowUs - (tat - burstUs)) / intervalUs)),
      retryAfterUs: allowAtUs - nowUs,
    };
  }
  return { allowed: true, remaining: Math.floor((nowUs - allowAtUs) / intervalUs), nextTatUs };
}

/**
 * Rounds the retry-after up to the next millisecond so that waiting it always suffices.
 *
 * @internal
 */
export function toDecision(allowed: boolean, remaining: number, retryAfterUs: number): RateDecision {
  return { allowed, remaining, retryAfterMs: allowed ? 0 : Math.ceil(retryAfterUs / 1000) };
}

/**
 * Validates a TTL and returns it in whole milliseconds (rounded up, as Redis `PX` needs).
 *
 * @internal
 */
export function checkTtl(ttlMs: number): number {
  // An infinite TTL would defeat boundedness in Redis, and 0 would mean "already expired".
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`set: ttlMs must be a positive finite number, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}

/** @internal */
export function checkIncrement(by: number): void {
  if (!Number.isSafeInteger(by)) {
    throw new RangeError(`increment: by must be an integer, got ${by}`);
  }
}

/**
 * JSON-encodes a value to store, refusing what JSON cannot carry rather than storing nothing.
 *
 * @internal
 */
export function encodeJson(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) {
    throw new TypeError(`set: value of type ${typeof value} is not JSON-serialisable`);
  }
  return json;
}

/**
 * Where the framework keeps state that outlives a call: cache entries and rate-limit windows.
 * The in-memory store is bounded; the Redis store shares the same state between replicas.
 * Every method is async so a networked store fits the same contract.
 */
export interface Store {
  /** The stored value, or `undefined` when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /**
   * Stores a JSON-serialisable value for `ttlMs` milliseconds (positive and finite, else a
   * `RangeError`); what `get` returns is its JSON round trip. A value JSON cannot carry
   * (`undefined`, a function) is refused with a `TypeError`.
   */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** Removes keys; absent keys are ignored. */
  delete(...keys: string[]): Promise<void>;
  /**
   * Atomically consumes `cost` units from the fixed-size budget `limit` per `windowMs` under
   * `key` (O(1) time and memory per key, whatever the rate).
   *
   * Both stores run GCRA, a token bucket: up to `limit` units at once, refilled continuously at
   * `limit / windowMs`, so a full window of silence restores the whole budget and waiting
   * `retryAfterMs` is enough for the refused call. A refused call consumes nothing. `cost` must
   * be an integer in 1..`limit` (`RangeError` otherwise).
   */
  consume(key: string, limit: number, windowMs: number, cost?: number): Promise<RateDecision>;
  /**
   * Atomically adds the integer `by` to an integer counter (created at 0, without expiry; an
   * existing TTL is kept) and returns the new value.
   */
  increment(key: string, by?: number): Promise<number>;
  /** True when the store answers; used by readiness checks. */
  ping(): Promise<boolean>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/** The answer of `Store.consume`. */
export interface RateDecision {
  /** True when the units were consumed and the call may go ahead. */
  readonly allowed: boolean;
  /** Units left in the current budget after this call. */
  readonly remaining: number;
  /** Milliseconds until a unit is available again (0 when allowed). */
  readonly retryAfterMs: number;
}

/** Milliseconds since the epoch; replaceable in tests (`TOKENS.Clock`). */
export interface Clock {
  /** The current time, in milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

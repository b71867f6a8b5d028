import { isPositiveInteger, positiveInteger } from '../errors/invalid-option';
import type { RateDecision } from './store';

/*
 * The rate-limit algorithm of both stores: `MemoryStore` runs it in JavaScript, `RedisStore`
 * runs the same steps in Lua (`CONSUME_LUA` in redis.store.ts).
 */

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
  positiveInteger('consume: limit', limit);
  if (!Number.isFinite(windowMs) || windowMs <= 0 || windowMs > MAX_WINDOW_MS) {
    throw new RangeError(`consume: windowMs must be in (0, ${MAX_WINDOW_MS}], got ${windowMs}`);
  }
  if (!isPositiveInteger(cost, limit)) {
    // A cost above the limit could never be granted: no retry-after would be truthful.
    throw new RangeError(`consume: cost must be an integer in [1, limit=${limit}], got ${String(cost)}`);
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
 * a refused call changes nothing. `redis.store.ts` runs the same steps in Lua; keep
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

import { LRUCache } from 'lru-cache';
import { POLICY } from '../constants';
import { policyOf } from '../metadata/policy.types';
import { degradedInfo, isErrorResult, markStale } from '../protocol/result-meta';
import { POLICY_EVENT, recordPolicyEvent } from '../tracing/policy-event';
import { canonicalJson } from './canonical-json';
import type { Invocation, Next, StepFactory } from './invocation';
import { digest } from './policy-key';
import { isSourceFailure, offerStale, takeStale } from './stale-cache';

/** What the store holds per cached call: the protocol result and when it was stored. */
interface CacheEntry {
  /** Clock time (ms) the result was stored at. */
  readonly t: number;
  readonly r: unknown;
}

/** The outcome of one lookup-or-run, shared by the concurrent identical calls. */
interface Outcome {
  readonly result: unknown;
  /** True when the method did not run (a fresh entry answered). */
  readonly hit: boolean;
}

/**
 * `@Cached`: answers from the store while an entry is fresh, else runs the rest of the pipeline
 * and stores its result, unless it is an error or a degraded (fallback) answer. Concurrent
 * identical calls in this process share one lookup and one execution. With `staleIfErrorMs`,
 * an expired entry still answers, marked stale, when the method fails. A store outage skips
 * the cache: the call runs as if uncached.
 */
export const cacheStep: StepFactory = (definition, services) => {
  const options = policyOf(definition.policies, POLICY.cached);
  // A mutating handler is never cached, even under a class-level @Cached.
  if (!options || policyOf(definition.policies, POLICY.invalidatesCache)) return undefined;
  const { store, storeGuard, clock, metrics, cache, logger } = services;
  const { kind, name } = definition;
  const { ttlMs, tags = [] } = options;
  const staleMs = options.staleIfErrorMs ?? 0;
  const global = options.scope === 'global';
  const prefix = `cache:${kind}:${name}:`;
  const inflight = new Map<string, Promise<Outcome>>();
  // Per-method bound, kept per process: the least recently used key is deleted from the store.
  const index =
    options.maxEntries === undefined
      ? undefined
      : new LRUCache<string, true>({
          max: options.maxEntries,
          dispose: (_value, key, reason) => {
            if (reason !== 'evict') return;
            store.delete(key).catch((error: unknown) => {
              if (!storeGuard.failed(error, 'delete')) logger.warn('cache_evict_failed', { event: 'cache_evict_failed', name, error: String(error) });
            });
          },
        });

  const keyOf = (invocation: Invocation, versions: readonly number[]): string => {
    const owner = global ? '*' : invocation.context.principal;
    const input = options.key ? String(options.key(invocation.input, invocation.context)) : canonicalJson(invocation.input);
    // Length-prefixed owner and '|'-separated numbers: no two calls can compose the same text.
    return prefix + digest(`${owner.length}:${owner}|${versions.join(',')}|${input}`);
  };

  const read = async (key: string): Promise<{ entry: CacheEntry | undefined; available: boolean }> => {
    try {
      const entry = await store.get<CacheEntry>(key);
      storeGuard.succeeded();
      return { entry, available: true };
    } catch (error) {
      if (!storeGuard.failed(error, 'get')) throw error;
      return { entry: undefined, available: false };
    }
  };

  const write = async (key: string, result: unknown): Promise<void> => {
    try {
      await store.set(key, { t: clock.now(), r: result } satisfies CacheEntry, ttlMs + staleMs);
      storeGuard.succeeded();
      index?.set(key, true);
    } catch (error) {
      if (!storeGuard.failed(error, 'set')) throw error;
    }
  };

  const lookupOrRun = async (key: string, invocation: Invocation, next: Next): Promise<Outcome> => {
    const { entry, available } = await read(key);
    const now = clock.now();
    if (entry !== undefined && now - entry.t < ttlMs) {
      index?.get(key);
      return { result: entry.r, hit: true };
    }
    if (entry !== undefined && staleMs > 0) offerStale(invocation, () => markStale(kind, entry.r, clock.now() - entry.t));
    let result: unknown;
    try {
      result = await next();
    } catch (error) {
      const stale = isSourceFailure(error) ? takeStale(invocation) : undefined;
      if (stale === undefined) throw error;
      logger.warn('stale_cache_served', { event: 'stale_cache_served', kind, name, requestId: invocation.context.requestId });
      recordPolicyEvent(POLICY_EVENT.fallbackServed, { source: 'stale' });
      return { result: stale, hit: false };
    }
    if (available && !isErrorResult(result) && degradedInfo(result) === undefined) await write(key, result);
    return { result, hit: false };
  };

  const cached = async (key: string, invocation: Invocation, next: Next): Promise<unknown> => {
    const pending = inflight.get(key);
    if (pending !== undefined) {
      const shared = await pending;
      metrics.cacheHit(name);
      recordPolicyEvent(POLICY_EVENT.cacheHit, { shared: true });
      return shared.result;
    }
    const run = lookupOrRun(key, invocation, next);
    inflight.set(key, run);
    try {
      const outcome = await run;
      if (outcome.hit) {
        metrics.cacheHit(name);
        recordPolicyEvent(POLICY_EVENT.cacheHit);
      } else metrics.cacheMiss(name);
      return outcome.result;
    } finally {
      inflight.delete(key);
    }
  };

  if (tags.length === 0) return (invocation, next) => cached(keyOf(invocation, []), invocation, next);
  return async (invocation, next) => {
    const versions = await cache.versions(tags);
    if (versions === undefined) {
      metrics.cacheMiss(name);
      return next();
    }
    return cached(keyOf(invocation, versions), invocation, next);
  };
};

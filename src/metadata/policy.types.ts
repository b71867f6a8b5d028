import { POLICY } from '../constants';
import type { ToolContext } from '../context/tool-context';
import type { LogLevel } from '../logging/logger';
import type { PolicyRecord } from './metadata.types';

/**
 * Who shares a cache entry or a rate-limit budget: each caller (`principal`, the default) or
 * everyone (`global`).
 *
 * @example
 * @Cached({ ttlMs: 60_000, scope: 'global' }) // public data: one entry for every caller
 */
export type PolicyScope = 'principal' | 'global';

/**
 * Computes the part of a cache or rate-limit key that identifies the call, from the validated
 * input and the context. The handler name is always added by the framework. `@Cached` adds the
 * principal too (unless `scope: 'global'`); for `@RateLimited` the key replaces the principal,
 * so callers with the same key share one budget.
 *
 * @example
 * @RateLimited({ limit: 100, windowMs: 60_000, key: (input: OrderInput) => input.tenantId })
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a key function takes the DTO type its author declares
export type PolicyKeyFn = (input: any, context: ToolContext) => string;

/**
 * Options of `@Cached`.
 *
 * @example
 * const options: CachedOptions = { ttlMs: 300_000, staleIfErrorMs: 3_600_000, tags: ['weather'] };
 */
export interface CachedOptions {
  /** How long a result is served from the cache, in milliseconds. */
  readonly ttlMs: number;
  /** Replaces the canonical JSON of the validated input in the key. */
  readonly key?: PolicyKeyFn;
  /**
   * `principal` (default): each caller has its own entries. `global`: every caller shares them
   * (public data only).
   */
  readonly scope?: PolicyScope;
  /**
   * After `ttlMs`, keep the entry this much longer to serve it, marked as possibly outdated,
   * when the method fails.
   */
  readonly staleIfErrorMs?: number;
  /** Invalidation tags: `@InvalidatesCache(tag)` or `app.invalidateCache(tag)` drop the entries. */
  readonly tags?: readonly string[];
  /** Most entries this method keeps; the least recently used is deleted beyond it. */
  readonly maxEntries?: number;
}

/** Options of `@InvalidatesCache`. */
export interface InvalidatesCacheOptions {
  readonly tags: readonly string[];
}

/**
 * What a rate limit does when its store cannot answer: let calls through (`open`) or refuse them
 * (`closed`).
 *
 * @example
 * @RateLimited({ limit: 5, windowMs: 60_000, failMode: 'closed' }) // a payment: never unlimited
 */
export type FailMode = 'open' | 'closed';

/**
 * Options of `@RateLimited` (and of the app-wide `rateLimit`).
 *
 * @example
 * await createMcpApp({ name: 'api', version: '1.0.0', providers, rateLimit: { limit: 600, windowMs: 60_000 } });
 */
export interface RateLimitedOptions {
  /** Calls allowed per window. */
  readonly limit: number;
  /** The window, in milliseconds; the budget refills continuously over it. */
  readonly windowMs: number;
  /** Replaces the principal in the key (e.g. a tenant read from the input). */
  readonly key?: PolicyKeyFn;
  /** `principal` (default): one budget per caller. `global`: one budget shared by all. */
  readonly scope?: PolicyScope;
  /**
   * When the store is unavailable: `open` (default) lets the call through, `closed` refuses it
   * with a `rate_limit` error.
   */
  readonly failMode?: FailMode;
}

/**
 * Options of `@Logged`.
 *
 * @example
 * @Logged({ level: 'info', includeArgs: true, redact: ['iban'] })
 */
export interface LoggedOptions {
  /** Level of the line written for a successful call (default `info`). */
  readonly level?: LogLevel;
  /** Adds the call's arguments to the line, with sensitive fields redacted (default false). */
  readonly includeArgs?: boolean;
  /** More argument names to redact (case-insensitive), besides `@Sensitive()` and the defaults. */
  readonly redact?: readonly string[];
}

/**
 * What a `@Fallback` answers when every source failed: a value, or a function of the input and
 * the last error.
 *
 * @example
 * @Fallback({ default: ({ city }: CityInput) => `No weather data for ${city} right now.` })
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-redundant-type-constituents -- `any`: a function default takes the DTO type its author declares; the union documents how it is called
export type FallbackDefault = unknown | ((input: any, error: unknown) => unknown);

/**
 * Options of `@Fallback`.
 *
 * @example
 * @Fallback({ methods: ['fromBackupApi'], default: 'Weather data temporarily unavailable.' })
 */
export interface FallbackOptions {
  /**
   * Methods of the same class tried in order after the method fails. Each receives the same
   * validated input and a context of its own, and is bounded by the same `@Timeout`.
   */
  readonly methods?: readonly string[];
  /**
   * The answer when every source failed (methods, then a stale entry of `@Cached({
   * staleIfErrorMs })`); without it, the method's failure reaches the client.
   */
  readonly default?: FallbackDefault;
}

/** Options of `@Timeout`. */
export interface TimeoutOptions {
  readonly ms: number;
}

/**
 * Who may call a handler, as `@Public()` and `@RequireScopes()` record it: anyone, or an
 * authenticated caller holding every one of `scopes`.
 */
export type AccessPolicy = { readonly public: true } | { readonly public?: false; readonly scopes: readonly string[] };

/** Option types by policy name, as recorded in a definition's `policies`. */
export interface PolicyOptionsMap {
  [POLICY.cached]: CachedOptions;
  [POLICY.invalidatesCache]: InvalidatesCacheOptions;
  [POLICY.rateLimited]: RateLimitedOptions;
  [POLICY.logged]: LoggedOptions;
  [POLICY.fallback]: FallbackOptions;
  [POLICY.timeout]: TimeoutOptions;
  [POLICY.access]: AccessPolicy;
}

/** The typed options of one policy in a merged policy record. */
export function policyOf<K extends keyof PolicyOptionsMap>(policies: PolicyRecord, name: K): PolicyOptionsMap[K] | undefined {
  return policies[name] as PolicyOptionsMap[K] | undefined;
}

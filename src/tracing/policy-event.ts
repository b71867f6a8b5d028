import { trace, type Attributes } from '@opentelemetry/api';

/**
 * Span event names of the built-in policies' outcomes, added to the call's span.
 *
 * @example
 * const hits = span.events.filter((event) => event.name === POLICY_EVENT.cacheHit);
 */
export const POLICY_EVENT = {
  /** Answered from the cache without running the method (`@Cached`). */
  cacheHit: 'mcp_decorators.cache.hit',
  /** Refused by a rate limit (`@RateLimited`, `createMcpApp({ rateLimit })`); attribute `scope`. */
  rateLimited: 'mcp_decorators.rate_limit.exceeded',
  /** Answered by a degraded source (`@Fallback`); attributes `source` and `method`. */
  fallbackServed: 'mcp_decorators.fallback.served',
} as const;

/**
 * Adds an event to the span of the current call, if the call is traced. Without a tracer
 * provider (or a context manager) there is no active span and this does nothing.
 */
export function recordPolicyEvent(name: string, attributes?: Attributes): void {
  trace.getActiveSpan()?.addEvent(name, attributes);
}

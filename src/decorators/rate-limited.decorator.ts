import { POLICY } from '../constants';
import { McpDefinitionError } from '../errors/tool-error';
import type { RateLimitedOptions } from '../metadata/policy.types';
import { assertOneOf, assertOptionalFunction, assertPositive, policyDecorator, type PolicyDecorator } from './decorator-guards';

/** Checks rate-limit options and returns a frozen copy; `where` names the caller in errors. */
export function validateRateLimit(where: string, options: RateLimitedOptions): RateLimitedOptions {
  if (typeof options !== 'object' || options === null) throw new McpDefinitionError(`${where}: options must be an object`);
  assertPositive(where, 'limit', options.limit, true);
  assertPositive(where, 'windowMs', options.windowMs);
  assertOneOf(where, 'scope', options.scope, ['principal', 'global']);
  assertOneOf(where, 'failMode', options.failMode, ['open', 'closed']);
  assertOptionalFunction(where, 'key', options.key);
  return Object.freeze({ ...options });
}

/**
 * Limits calls to `limit` per `windowMs`, per handler and per caller (the auth subject, else the
 * session, else one bucket shared by everyone, as on stdio). The budget refills continuously
 * (GCRA, O(1) per check, one small entry per caller in the store). A refused call is not run;
 * it answers `isError: true`, category `rate_limit`, with the limit and the seconds until a
 * retry can succeed (`details.retryAfterSeconds`). On a store outage the call is let through
 * (`failMode: 'open'`, default) or refused (`'closed'`).
 *
 * @example
 * @Tool()
 * @RateLimited({ limit: 10, windowMs: 60_000 })
 * search({ query }: SearchInput) { ... }
 *
 * @RateLimited({ limit: 100, windowMs: 60_000, key: (input) => input.tenantId, failMode: 'closed' })
 * class BillingTools { ... }
 */
export function RateLimited(options: RateLimitedOptions): PolicyDecorator {
  return policyDecorator('@RateLimited', POLICY.rateLimited, validateRateLimit('@RateLimited', options));
}

import { POLICY } from '../constants';
import { McpDefinitionError } from '../errors/tool-error';
import type { FallbackOptions } from '../metadata/policy.types';
import { assertNames, policyDecorator, type PolicyDecorator } from './decorator-guards';

/**
 * The seed's graceful degradation chain. When the method fails (an exception, a `@Timeout`, an
 * upstream error; not the caller's validation or authorization errors), the call is answered
 * by, in order: the `methods` of the same class (same input, own context), the last good value
 * of `@Cached({ staleIfErrorMs })`, then `default` (a value, or a function of the input and the
 * error). Each failure is logged at `warn`; the answer carries
 * `_meta["mcp-decorators/degraded"]` and is never cached. Without a default, the method's own
 * failure reaches the client when every source failed. Method names are checked when the app
 * is created.
 *
 * @example
 * @Tool()
 * @Cached({ ttlMs: 300_000, staleIfErrorMs: 3_600_000 })
 * @Fallback({
 *   methods: ['fromBackupApi'],
 *   default: ({ city }: CityInput) => `Weather data temporarily unavailable for ${city}. Please try again later.`,
 * })
 * @Timeout(2_000)
 * weather({ city }: CityInput, ctx: ToolContext) { return this.primary.current(city, ctx.signal); }
 *
 * fromBackupApi({ city }: CityInput, ctx: ToolContext) { return this.backup.current(city, ctx.signal); }
 */
export function Fallback(options: FallbackOptions): PolicyDecorator {
  if (typeof options !== 'object' || options === null) throw new McpDefinitionError('@Fallback: options must be an object');
  if (options.methods !== undefined) assertNames('@Fallback', 'methods', options.methods);
  if (options.methods === undefined && !('default' in options)) {
    throw new McpDefinitionError('@Fallback: give fallback methods, a default, or both');
  }
  const frozen: FallbackOptions = Object.freeze({ ...options, ...(options.methods && { methods: Object.freeze([...options.methods]) }) });
  return policyDecorator('@Fallback', POLICY.fallback, frozen);
}

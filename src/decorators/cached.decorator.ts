import { POLICY } from '../constants';
import { McpDefinitionError } from '../errors/tool-error';
import type { CachedOptions } from '../metadata/policy.types';
import { assertNames, assertOneOf, assertOptionalFunction, assertPositive, policyDecorator, type PolicyDecorator } from './decorator-guards';

/**
 * Serves repeated calls from the app's store for `ttlMs`. The key is the handler, the canonical
 * JSON of the validated input (or `key(input, ctx)`) and, unless `scope: 'global'`, the caller's
 * principal. Error results are never cached, and concurrent identical calls share one execution.
 * `staleIfErrorMs` keeps entries that much longer to answer, marked as possibly outdated, when
 * the method fails; `tags` let `@InvalidatesCache` and `app.invalidateCache` drop entries.
 *
 * @example
 * @Tool()
 * @Cached({ ttlMs: 300_000, scope: 'global', staleIfErrorMs: 3_600_000, tags: ['weather'] })
 * forecast({ city }: CityInput) { return this.weather.forecast(city); }
 */
export function Cached(options: CachedOptions): PolicyDecorator {
  if (typeof options !== 'object' || options === null) throw new McpDefinitionError('@Cached: options must be an object');
  assertPositive('@Cached', 'ttlMs', options.ttlMs);
  if (options.staleIfErrorMs !== undefined) assertPositive('@Cached', 'staleIfErrorMs', options.staleIfErrorMs);
  if (options.maxEntries !== undefined) assertPositive('@Cached', 'maxEntries', options.maxEntries, true);
  assertOneOf('@Cached', 'scope', options.scope, ['principal', 'global']);
  assertOptionalFunction('@Cached', 'key', options.key);
  if (options.tags !== undefined) assertNames('@Cached', 'tags', options.tags);
  const frozen: CachedOptions = Object.freeze({ ...options, ...(options.tags && { tags: Object.freeze([...options.tags]) }) });
  return policyDecorator('@Cached', POLICY.cached, frozen);
}

import { POLICY } from '../constants';
import { McpDefinitionError } from '../errors/tool-error';
import { assertNames, policyDecorator, type PolicyDecorator } from './decorator-guards';

/**
 * Marks a mutating handler: once it has run (whether it succeeded or failed, since a failed
 * mutation may have changed something), every entry cached under one of `tags` is dropped
 * before its answer is sent. A handler marked so is never cached itself.
 *
 * @example
 * @Tool()
 * @InvalidatesCache('weather')
 * reportObservation({ city, celsius }: ObservationInput) { this.stations.record(city, celsius); }
 */
export function InvalidatesCache(...tags: string[]): PolicyDecorator {
  if (tags.length === 0) throw new McpDefinitionError("@InvalidatesCache: name at least one tag, e.g. @InvalidatesCache('weather')");
  assertNames('@InvalidatesCache', 'tags', tags);
  return policyDecorator('@InvalidatesCache', POLICY.invalidatesCache, Object.freeze({ tags: Object.freeze([...tags]) }));
}

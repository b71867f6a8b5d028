import { POLICY } from '../constants';
import { policyOf } from '../metadata/policy.types';
import type { StepFactory } from './pipeline';

/**
 * `@InvalidatesCache`: once the handler has run, drops the entries cached under its tags, and
 * only then answers, so that the caller's next read sees the change. Runs after a failure too:
 * a failed mutation may have changed part of the data.
 */
export const cacheInvalidationStep: StepFactory = (definition, services) => {
  const options = policyOf(definition.policies, POLICY.invalidatesCache);
  if (!options) return undefined;
  const { tags } = options;
  const { cache } = services;
  return async (_invocation, next) => {
    try {
      return await next();
    } finally {
      await cache.invalidate(...tags);
    }
  };
};

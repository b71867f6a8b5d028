import type { CacheService } from '../cache/cache.service';
import { POLICY } from '../constants';
import { policyOf } from '../metadata/policy.types';
import type { McpCall, McpInterceptor } from './interceptor';
import { interceptorChain } from './interceptor-chain';
import type { StepFactory } from './invocation';

/**
 * `@InvalidatesCache`: once the handler has run, drops the entries cached under its tags, and
 * only then answers, so that the caller's next read sees the change. Runs after a failure too:
 * a failed mutation may have changed part of the data. Written on the public interceptor contract.
 */
export class CacheInvalidationInterceptor implements McpInterceptor {
  constructor(
    private readonly cache: CacheService,
    private readonly tags: readonly string[],
  ) {}

  async intercept(_call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    try {
      return await next();
    } finally {
      await this.cache.invalidate(...this.tags);
    }
  }
}

export const cacheInvalidationStep: StepFactory = (definition, services) => {
  const options = policyOf(definition.policies, POLICY.invalidatesCache);
  return options ? interceptorChain([new CacheInvalidationInterceptor(services.cache, options.tags)]) : undefined;
};

import type { AppServices } from '../app/app-services';
import { POLICY } from '../constants';
import { ErrorCategory, ErrorSeverity, ToolError } from '../errors/tool-error';
import { policyOf, type RateLimitedOptions } from '../metadata/policy.types';
import type { HandlerDefinition } from '../registry/definitions';
import type { RateDecision } from '../stores/store';
import { formatDuration } from '../timing/format-duration';
import { POLICY_EVENT, recordPolicyEvent } from '../tracing/policy-event';
import type { McpCall, McpInterceptor } from './interceptor';
import { interceptorChain } from './interceptor-chain';
import type { StepFactory } from './invocation';
import { ownerPart } from './policy-key';

type Check = (call: McpCall) => Promise<void>;

/**
 * Spends one unit of the server-wide budget (`createMcpApp({ rateLimit })`), then of the
 * handler's `@RateLimited` budget, or refuses the call before anything below runs: a refused
 * call is neither executed nor cached. Written on the public interceptor contract.
 */
export class RateLimitInterceptor implements McpInterceptor {
  constructor(private readonly checks: readonly Check[]) {}

  async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    for (const check of this.checks) await check(call);
    return next();
  }
}

export const rateLimitStep: StepFactory = (definition, services) => {
  const own = policyOf(definition.policies, POLICY.rateLimited);
  const checks: Check[] = [];
  if (services.serverRateLimit) checks.push(checkOf(definition, services, services.serverRateLimit, 'rate:server', 'this server'));
  if (own) checks.push(checkOf(definition, services, own, `rate:${definition.kind}:${definition.name}`, `${definition.kind} ${definition.name}`));
  return checks.length === 0 ? undefined : interceptorChain([new RateLimitInterceptor(checks)]);
};

function checkOf(definition: HandlerDefinition, services: AppServices, options: RateLimitedOptions, prefix: string, subject: string): Check {
  const { store, storeGuard, metrics } = services;
  const { limit, windowMs } = options;
  const failClosed = options.failMode === 'closed';
  const per = `${limit} call${limit === 1 ? '' : 's'} per ${formatDuration(windowMs)}`;
  return async (call) => {
    const key = `${prefix}:${ownerPart(options, call.input, call.context)}`;
    let decision: RateDecision;
    try {
      decision = await store.consume(key, limit, windowMs);
      storeGuard.succeeded();
    } catch (error) {
      if (!storeGuard.failed(error, 'consume')) throw error;
      if (!failClosed) return;
      metrics.rateLimited(definition.name);
      recordPolicyEvent(POLICY_EVENT.rateLimited, { scope: prefix === 'rate:server' ? 'server' : 'handler', reason: 'store_unavailable' });
      throw new ToolError(`Rate limit of ${subject} cannot be checked right now, so the call was refused. Try again in a moment.`, {
        category: ErrorCategory.RATE_LIMIT,
        severity: ErrorSeverity.HIGH,
        details: { limit, windowMs, reason: 'store_unavailable' },
      });
    }
    if (decision.allowed) return;
    metrics.rateLimited(definition.name);
    recordPolicyEvent(POLICY_EVENT.rateLimited, { scope: prefix === 'rate:server' ? 'server' : 'handler' });
    const retryAfterSeconds = Math.ceil(decision.retryAfterMs / 1_000);
    throw new ToolError(`Rate limit exceeded for ${subject}: ${per}. Retry in ${retryAfterSeconds} s.`, {
      category: ErrorCategory.RATE_LIMIT,
      severity: ErrorSeverity.LOW,
      details: { limit, windowMs, retryAfterSeconds, retryAfterMs: decision.retryAfterMs },
    });
  };
}

import { POLICY } from '../constants';
import { McpDefinitionError } from '../errors/tool-error';
import { policyOf } from '../metadata/policy.types';
import { describeFailure } from '../protocol/error-mapper';
import { markDegraded } from '../protocol/result-meta';
import { methodInvoker } from '../registry/method-invoker';
import { POLICY_EVENT, recordPolicyEvent } from '../tracing/policy-event';
import type { Invocation, StepFactory } from './invocation';
import { resultMapper } from './map-result';
import { isSourceFailure, takeStale } from './stale-cache';
import { withTimeout } from './with-timeout';

/**
 * `@Fallback`: when the method fails, answers from the fallback methods, then from a stale
 * cache entry offered by the cache step above, then with the default. It sits above the
 * timeout step so that a timed-out method falls back, and bounds each fallback method by the
 * same `@Timeout`, with a context of its own (the timed-out one stays aborted).
 */
export const fallbackStep: StepFactory = (definition, services) => {
  const options = policyOf(definition.policies, POLICY.fallback);
  if (!options) return undefined;
  const { logger, container } = services;
  const { kind, name, where, providerClass, methodName } = definition;
  const instance = container.resolve<Record<string, unknown>>(providerClass);
  const methods = (options.methods ?? []).map((method) => {
    const fn = instance[method];
    if (method === methodName || typeof fn !== 'function') {
      throw new McpDefinitionError(
        `@Fallback on ${where}: ${providerClass.name}.${method} ${method === methodName ? 'is the method itself' : 'is not a method of the class'}; list other methods of ${providerClass.name}`,
      );
    }
    // Called like the handler itself: the context goes where the method declares it.
    return { method, invoke: methodInvoker(providerClass, instance, method, fn as (...args: unknown[]) => unknown).invoke };
  });
  const timeout = policyOf(definition.policies, POLICY.timeout);
  const map = resultMapper(definition);
  const hasDefault = 'default' in options;
  const fallbackDefault = options.default;

  const warn = (event: string, invocation: Invocation, fields: Record<string, unknown>): void => {
    logger.warn(event, { event, kind, name, requestId: invocation.context.requestId, sessionId: invocation.context.sessionId ?? null, ...fields });
  };
  const served = (invocation: Invocation, source: 'fallback' | 'stale' | 'default', method?: string): void => {
    warn('fallback_served', invocation, { source, ...(method !== undefined && { method }) });
    recordPolicyEvent(POLICY_EVENT.fallbackServed, { source, ...(method !== undefined && { method }) });
  };
  const attemptFailed = (invocation: Invocation, attempt: string, error: unknown): void => {
    const failure = describeFailure(error);
    warn('fallback_attempt_failed', invocation, {
      attempt,
      errorType: failure.errorType,
      category: failure.category,
      severity: failure.severity,
      ...(failure.message !== undefined && { errorMessage: failure.message }),
    });
  };

  return async (invocation, next) => {
    try {
      return await next();
    } catch (primaryError) {
      if (!isSourceFailure(primaryError)) throw primaryError;
      attemptFailed(invocation, methodName, primaryError);
      let lastError = primaryError;
      for (const { method, invoke } of methods) {
        const context = invocation.context.fork();
        const attempt = async (): Promise<unknown> => map(await invoke(invocation.input, context), invocation);
        try {
          const value = timeout ? await withTimeout(timeout.ms, context, `Fallback ${method} of ${kind} ${name}`, attempt) : await attempt();
          served(invocation, 'fallback', method);
          return markDegraded(value, { source: 'fallback', method });
        } catch (error) {
          lastError = error;
          attemptFailed(invocation, method, error);
        }
      }
      const stale = takeStale(invocation);
      if (stale !== undefined) {
        served(invocation, 'stale');
        return stale;
      }
      if (!hasDefault) throw primaryError;
      const value: unknown =
        typeof fallbackDefault === 'function'
          ? await (fallbackDefault as (input: unknown, error: unknown) => unknown)(invocation.input, lastError)
          : fallbackDefault;
      served(invocation, 'default');
      return markDegraded(map(value, invocation), { source: 'default' });
    }
  };
};

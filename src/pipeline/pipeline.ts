import type { AppServices } from '../app/app-services';
import type { HandlerDefinition } from '../registry/definitions';
import { authorizeStep } from './authorize.step';
import { cacheInvalidationStep } from './cache-invalidation.step';
import { cacheStep } from './cache.step';
import { fallbackStep } from './fallback.step';
import { inFlightStep } from './in-flight.step';
import { interceptorsStep } from './interceptors.step';
import type { Invocation, Step, StepFactory } from './invocation';
import { invokeStep } from './invoke.step';
import { loggingStep } from './logging.step';
import { rateLimitStep } from './rate-limit.step';
import { timeoutStep } from './timeout.step';
import { tracingStep } from './tracing.step';
import { validationStep } from './validation.step';

export type { StepFactory } from './invocation';

/**
 * The order every call goes through, outermost first. Errors thrown by any step are mapped to
 * protocol results or errors by `error-mapper.ts`, around the whole pipeline.
 *
 * 1. tracing (OpenTelemetry): outermost, so that the span covers the whole call, rejections
 *    included, and is the active span of everything below (log lines, interceptors, the
 *    method's own spans). Absent when no tracer or meter provider is there.
 * 2. logging/metrics: so that every call is timed and counted once with its outcome,
 *    including calls rejected by the steps below (shutting down, unauthorized, invalid
 *    arguments, rate limit, timeout) and failures of users' interceptors.
 * 3. in-flight: counts the call so that a graceful shutdown waits for it; refuses calls once the
 *    shutdown has begun.
 * 4. authorize: before validation, so that a caller who may not use a handler learns nothing
 *    of its input schema from validation messages (the handler is hidden from its lists too).
 * 5. validation: nothing below sees raw input; invalid or unauthorized calls spend no
 *    rate-limit budget.
 * 6. users' interceptors (app-wide, then class, then method): after authorization and
 *    validation, so that user code, like the method, only ever sees authorized callers and
 *    validated input; around the built-in policies, so that an interceptor sees every accepted
 *    call, cache hits and rate-limit refusals included (what an audit trail needs), and a call
 *    it short-circuits spends no rate-limit budget and is not cached.
 * 7. rate limit: the server-wide budget, then the handler's. A refused call goes no further, so
 *    it is neither executed nor cached; a call that will be answered from the cache still
 *    spends budget (the limit counts calls, not executions).
 * 8. cache: after the rate limit (above), so a hit costs budget; it keys on the validated input.
 *    Only results of the steps below are stored, never errors nor degraded answers.
 * 9. cache invalidation: after the mutation below has run, before the answer leaves.
 * 10. fallback: catches the failures of the method (timeouts included) and answers from the
 *    fallback methods, then a stale entry handed down by the cache step, then the default.
 *    Its answers are marked degraded, so the cache above does not store them.
 * 11. timeout: innermost, it bounds the method alone; the fallback above bounds its own methods.
 */
export const PIPELINE: readonly StepFactory[] = [
  tracingStep,
  loggingStep,
  inFlightStep,
  authorizeStep,
  validationStep,
  interceptorsStep,
  rateLimitStep,
  cacheStep,
  cacheInvalidationStep,
  fallbackStep,
  timeoutStep,
];

/** Composes the steps of a definition once, at app creation. */
export function buildPipeline(
  definition: HandlerDefinition,
  services: AppServices,
  factories: readonly StepFactory[] = PIPELINE,
): (invocation: Invocation) => Promise<unknown> {
  const terminal = invokeStep(definition);
  const steps = factories.map((factory) => factory(definition, services)).filter((step): step is Step => step !== undefined);
  return steps.reduceRight<(invocation: Invocation) => Promise<unknown>>((next, step) => (invocation) => step(invocation, () => next(invocation)), terminal);
}

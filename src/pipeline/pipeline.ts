import type { AppServices } from '../app/app-services';
import type { HandlerDefinition } from '../registry/definitions';
import { authorizeStep } from './authorize.step';
import { cacheInvalidationStep } from './cache-invalidation.step';
import { cacheStep } from './cache.step';
import { fallbackStep } from './fallback.step';
import { inFlightStep } from './in-flight.step';
import type { Invocation, Step } from './invocation';
import { invokeStep } from './invoke.step';
import { loggingStep } from './logging.step';
import { rateLimitStep } from './rate-limit.step';
import { timeoutStep } from './timeout.step';
import { validationStep } from './validation.step';

/**
 * Builds the step of one definition, or `undefined` when its policy is absent, so a tool without
 * policies runs through validation and invocation only.
 */
export type StepFactory = (definition: HandlerDefinition, services: AppServices) => Step | undefined;

/**
 * The order every call goes through, outermost first. Errors thrown by any step are mapped to
 * protocol results or errors by `error-mapper.ts`, around the whole pipeline.
 *
 * 1. logging/metrics: outermost, so that every call is timed and counted once with its outcome,
 *    including calls rejected by the steps below (shutting down, unauthorized, invalid arguments,
 *    rate limit, timeout).
 * 2. in-flight: counts the call so that a graceful shutdown waits for it; refuses calls once the
 *    shutdown has begun.
 * 3. authorize: before validation, so that a caller who may not use a handler learns nothing
 *    of its input schema from validation messages (the handler is hidden from its lists too).
 * 4. validation: nothing below sees raw input; invalid or unauthorized calls spend no
 *    rate-limit budget.
 * 5. rate limit: the server-wide budget, then the handler's. A refused call goes no further, so
 *    it is neither executed nor cached; a call that will be answered from the cache still
 *    spends budget (the limit counts calls, not executions).
 * 6. cache: after the rate limit (above), so a hit costs budget; it keys on the validated input.
 *    Only results of the steps below are stored, never errors nor degraded answers.
 * 7. cache invalidation: after the mutation below has run, before the answer leaves.
 * 8. fallback: catches the failures of the method (timeouts included) and answers from the
 *    fallback methods, then a stale entry handed down by the cache step, then the default.
 *    Its answers are marked degraded, so the cache above does not store them.
 * 9. timeout: innermost, it bounds the method alone; the fallback above bounds its own methods.
 */
export const PIPELINE: readonly StepFactory[] = [
  loggingStep,
  inFlightStep,
  authorizeStep,
  validationStep,
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
  return steps.reduceRight<(invocation: Invocation) => Promise<unknown>>(
    (next, step) => (invocation) => step(invocation, () => next(invocation)),
    terminal,
  );
}

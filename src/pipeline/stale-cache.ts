import { InputRequiredSignal } from '../context/input-rounds';
import { ErrorCategory, ToolError } from '../errors/tool-error';
import type { Invocation } from './invocation';

/*
 * How the cache step hands its stale entry to the fallback step below it, so that the
 * degradation chain keeps the seed's order (method, fallback methods, stale cache, default)
 * although the cache sits above the fallback in the pipeline. The offer travels on the
 * invocation itself (`Invocation.staleAnswer`), in plain sight of every step.
 */

/** Makes a stale result available to the rest of this call; `serve` builds it when taken. */
export function offerStale(invocation: Invocation, serve: () => unknown): void {
  invocation.staleAnswer = serve;
}

/** The stale result offered for this call, once: later calls get undefined. */
export function takeStale(invocation: Invocation): unknown {
  const serve = invocation.staleAnswer;
  if (serve === undefined) return undefined;
  invocation.staleAnswer = undefined;
  return serve();
}

/** Categories that are the caller's mistake: a fallback answer would only hide it. */
const CALLER_ERRORS = new Set<ErrorCategory>([ErrorCategory.VALIDATION, ErrorCategory.AUTHENTICATION, ErrorCategory.AUTHORIZATION]);

/**
 * True when a failure is the source's (an exception, a timeout, an upstream error) rather than
 * the caller's: only those are answered by fallback methods, stale entries or defaults.
 */
export function isSourceFailure(error: unknown): boolean {
  // A question to the client (2026-07-28 `input_required`) is not a failure: it passes through.
  if (error instanceof InputRequiredSignal) return false;
  return !(error instanceof ToolError && CALLER_ERRORS.has(error.category));
}

import { ErrorCategory, ErrorSeverity, ToolError } from '../errors/tool-error';
import type { StepFactory } from './pipeline';

/**
 * Counts the call while it runs, so that a graceful shutdown waits for it; once the shutdown has
 * begun, new calls are refused instead.
 */
export const inFlightStep: StepFactory = (_definition, services) => {
  const calls = services.inFlight;
  return async (_invocation, next) => {
    if (calls.closing) {
      throw new ToolError('The server is shutting down: retry the call (another instance, or this one once restarted)', {
        category: ErrorCategory.SYSTEM,
        severity: ErrorSeverity.LOW,
      });
    }
    calls.begin();
    try {
      return await next();
    } finally {
      calls.end();
    }
  };
};

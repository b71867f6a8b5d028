import type { CallContext } from '../context/tool-context';
import { ErrorCategory, ErrorSeverity, ToolError } from '../errors/tool-error';
import { withDeadline } from '../timing/deadline';
import { formatDuration } from '../timing/format-duration';

/**
 * Runs `attempt`, and past `ms` aborts `context` (the method sees `ctx.signal` aborted) and
 * rejects with a `timeout` error without waiting for the attempt to notice. The attempt's own
 * rejection is passed on as it is (the error mapper classifies it).
 */
export function withTimeout<T>(ms: number, context: CallContext, subject: string, attempt: () => Promise<T>): Promise<T> {
  return withDeadline(
    attempt(),
    ms,
    (): never => {
      const error = new ToolError(`${subject} timed out after ${formatDuration(ms)} and was cancelled. Try again later, or with a smaller request.`, {
        category: ErrorCategory.TIMEOUT,
        severity: ErrorSeverity.MEDIUM,
        details: { timeoutMs: ms },
      });
      context.abort(error);
      throw error;
    },
    // A pending timer must not keep a shutting-down process alive.
    { unref: true },
  );
}

import type { CallContext } from '../context/tool-context';
import { ErrorCategory, ErrorSeverity, ToolError } from '../errors/tool-error';
import { formatDuration } from './format-duration';

/**
 * Runs `attempt`, and past `ms` aborts `context` (the method sees `ctx.signal` aborted) and
 * rejects with a `timeout` error without waiting for the attempt to notice.
 */
export function withTimeout<T>(ms: number, context: CallContext, subject: string, attempt: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new ToolError(`${subject} timed out after ${formatDuration(ms)} and was cancelled. Try again later, or with a smaller request.`, {
        category: ErrorCategory.TIMEOUT,
        severity: ErrorSeverity.MEDIUM,
        details: { timeoutMs: ms },
      });
      context.abort(error);
      reject(error);
    }, ms);
    // A pending timer must not keep a shutting-down process alive.
    timer.unref();
    attempt().then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // The attempt's own rejection, passed on as it is (the error mapper classifies it).
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- not ours to wrap
        reject(error);
      },
    );
  });
}

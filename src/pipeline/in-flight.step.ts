import { ErrorCategory, ErrorSeverity, ToolError } from '../errors/tool-error';
import type { McpCall, McpInterceptor } from './interceptor';
import { interceptorChain } from './interceptor-chain';
import type { StepFactory } from './invocation';

/** What the interceptor needs of the app's in-flight counter. */
interface CallCounter {
  readonly closing: boolean;
  /** Counts the call; the returned function ends it. */
  begin(): () => void;
}

/**
 * Counts the call while it runs, so that a graceful shutdown waits for it; once the shutdown has
 * begun, new calls are refused instead. Written on the public interceptor contract.
 */
export class InFlightInterceptor implements McpInterceptor {
  constructor(private readonly calls: CallCounter) {}

  async intercept(_call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    if (this.calls.closing) {
      throw new ToolError('The server is shutting down: retry the call (another instance, or this one once restarted)', {
        category: ErrorCategory.SYSTEM,
        severity: ErrorSeverity.LOW,
      });
    }
    const end = this.calls.begin();
    try {
      return await next();
    } finally {
      end();
    }
  }
}

export const inFlightStep: StepFactory = (_definition, services) => interceptorChain([new InFlightInterceptor(services.inFlight)]);

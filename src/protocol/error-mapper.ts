import { ProtocolError, ProtocolErrorCode, type CallToolResult } from '@modelcontextprotocol/server';
import { ErrorCategory, ErrorSeverity, NotFoundError, ToolError } from '../errors/tool-error';
import { logUnexpected } from '../errors/unexpected-error';
import type { Logger } from '../logging/logger';

/*
 * The one place where failures become what the client sees.
 * - Tools: every failure is an `isError: true` result the model can read and act on.
 * - Resources and prompts (which have no error results): JSON-RPC errors.
 * - Unknown names: JSON-RPC invalid-params errors.
 * - Anything unexpected: logged with its stack; the client gets a masked message and a
 *   correlation id that finds the log line.
 */

/** `_meta` key of an error result carrying `{ category, severity, details }`. */
export const ERROR_META = 'mcp-decorators/error';

/** Where a failure happened, for logs. */
export interface FailureSite {
  readonly kind: string;
  readonly name: string;
  readonly requestId?: string | number;
  readonly sessionId?: string;
}

function maskUnexpected(error: unknown, site: FailureSite, logger: Logger): ToolError {
  const correlationId = logUnexpected(error, logger, 'unexpected_error', {
    kind: site.kind,
    name: site.name,
    requestId: site.requestId,
    sessionId: site.sessionId,
  });
  return new ToolError(`Internal error in ${site.kind} ${site.name}. Correlation id: ${correlationId}`, {
    category: ErrorCategory.SYSTEM,
    details: { correlationId },
  });
}

/** How a failure is reported in logs and metrics. */
export interface FailureDescription {
  /** The error's class name (`ToolError`, `TypeError`...). */
  readonly errorType: string;
  readonly category: ErrorCategory;
  readonly severity: ErrorSeverity;
  /** The message, only when it is written for clients (a `ToolError`'s). */
  readonly message?: string;
}

/**
 * Classifies a failure for logs and metrics: a `ToolError` by its own category and severity,
 * anything else as an unexpected `system` failure of high severity (a defect to look at).
 */
export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof ToolError) {
    return { errorType: error.name, category: error.category, severity: error.severity, message: error.message };
  }
  // A missing resource is the caller's mistake, answered with a JSON-RPC error naming it.
  if (error instanceof NotFoundError) {
    return { errorType: error.name, category: ErrorCategory.VALIDATION, severity: ErrorSeverity.LOW, message: error.message };
  }
  const errorType = error instanceof Error ? error.name : typeof error;
  return { errorType, category: ErrorCategory.SYSTEM, severity: ErrorSeverity.HIGH };
}

/** Any failure of a tool call → its `isError` result. */
export function toToolErrorResult(error: unknown, site: FailureSite, logger: Logger): CallToolResult {
  const failure = error instanceof ToolError ? error : maskUnexpected(error, site, logger);
  return {
    isError: true,
    content: [{ type: 'text', text: failure.message }],
    _meta: { [ERROR_META]: { category: failure.category, severity: failure.severity, details: failure.details } },
  };
}

/** The JSON-RPC error code a failure of a resource read or prompt is answered with. */
export function protocolErrorCode(error: unknown): number {
  if (error instanceof ProtocolError) return error.code;
  if (error instanceof NotFoundError) return ProtocolErrorCode.InvalidParams;
  if (error instanceof ToolError && error.category === ErrorCategory.VALIDATION) return ProtocolErrorCode.InvalidParams;
  return ProtocolErrorCode.InternalError;
}

/** Any failure of a resource read or prompt → the JSON-RPC error to answer with. */
export function toProtocolError(error: unknown, site: FailureSite, logger: Logger): ProtocolError {
  if (error instanceof ProtocolError) return error;
  if (error instanceof NotFoundError) return new ProtocolError(protocolErrorCode(error), error.message);
  const failure = error instanceof ToolError ? error : maskUnexpected(error, site, logger);
  return new ProtocolError(protocolErrorCode(failure), failure.message, { category: failure.category, severity: failure.severity, details: failure.details });
}

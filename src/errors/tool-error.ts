/** What kind of failure an error is; drives the message the client sees and metrics labels. */
export enum ErrorCategory {
  VALIDATION = 'validation',
  AUTHENTICATION = 'authentication',
  AUTHORIZATION = 'authorization',
  RATE_LIMIT = 'rate_limit',
  TIMEOUT = 'timeout',
  NETWORK = 'network',
  DATABASE = 'database',
  EXTERNAL_API = 'external_api',
  SYSTEM = 'system',
}

/** How bad a failure is, for logs and alerting. */
export enum ErrorSeverity {
  LOW = 'low',
  MEDIUM = 'medium',
  HIGH = 'high',
  CRITICAL = 'critical',
}

/** Options of a `ToolError`. */
export interface ToolErrorOptions {
  category?: ErrorCategory;
  severity?: ErrorSeverity;
  /** Structured, client-safe details (sent to the client in `structuredContent.error.details`). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * An expected failure whose message is written for the client (and the model behind it).
 * Thrown from a tool, it becomes an `isError: true` result carrying its message; anything else
 * thrown reaches the client masked.
 *
 * @example
 * if (b === 0) throw new ToolError('Division by zero', { category: ErrorCategory.VALIDATION });
 */
export class ToolError extends Error {
  readonly category: ErrorCategory;
  readonly severity: ErrorSeverity;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, options: ToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolError';
    this.category = options.category ?? ErrorCategory.SYSTEM;
    this.severity = options.severity ?? ErrorSeverity.MEDIUM;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/**
 * A request for something that does not exist (unknown tool, resource or prompt). Mapped to a
 * JSON-RPC error rather than an `isError` result, as the MCP specification asks.
 */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A definition mistake found while creating an app (bad decorator use, duplicate names...). */
export class McpDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McpDefinitionError';
  }
}

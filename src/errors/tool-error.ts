/** What kind of failure an error is; drives the message the client sees and metrics labels. */
export enum ErrorCategory {
  /**
   * Bad input from the caller. Never answered by a fallback; resources and prompts answer it with
   * a JSON-RPC invalid-params error, custom routes with 400.
   */
  VALIDATION = 'validation',
  /** The caller is not authenticated: no valid bearer token where one is needed. Custom routes answer 401. */
  AUTHENTICATION = 'authentication',
  /** Valid credentials lacking a required scope. Custom routes answer 403. */
  AUTHORIZATION = 'authorization',
  /** A rate limit refused the call; the message and `details` say when to retry. Custom routes answer 429. */
  RATE_LIMIT = 'rate_limit',
  /** The call, or a request to the client, ran out of time. Custom routes answer 504. */
  TIMEOUT = 'timeout',
  /** A network failure reaching a dependency. Custom routes answer 502. */
  NETWORK = 'network',
  /** A database failure. Custom routes answer 503. */
  DATABASE = 'database',
  /** An upstream API failed or answered badly. Custom routes answer 502. */
  EXTERNAL_API = 'external_api',
  /**
   * An internal failure: the default category, and that of unexpected errors reaching the client
   * masked. Custom routes answer 500.
   */
  SYSTEM = 'system',
}

/** How bad a failure is, for logs and alerting. */
export enum ErrorSeverity {
  /** Expected and harmless (bad input, a refused call); logged as `warn`. */
  LOW = 'low',
  /** Worth a look if frequent; the default. Logged as `warn`. */
  MEDIUM = 'medium',
  /** Needs attention; how unexpected (non-`ToolError`) failures are logged. Logged as `error`. */
  HIGH = 'high',
  /** Needs attention now. Logged as `error`. */
  CRITICAL = 'critical',
}

/** Options of a `ToolError`. */
export interface ToolErrorOptions {
  /** What kind of failure it is; `system` by default. */
  category?: ErrorCategory;
  /** How bad it is; `medium` by default. */
  severity?: ErrorSeverity;
  /**
   * Structured, client-safe details, sent to the client: in a tool's error result under
   * `_meta["mcp-decorators/error"].details`, in the JSON-RPC error's `data` for resources and prompts.
   */
  details?: Record<string, unknown>;
  /** The underlying error, kept as the standard `Error.cause`; never sent to the client. */
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
  /** What kind of failure it is (`system` unless given). */
  readonly category: ErrorCategory;
  /** How bad it is (`medium` unless given). */
  readonly severity: ErrorSeverity;
  /** Client-safe details, frozen (empty unless given). */
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

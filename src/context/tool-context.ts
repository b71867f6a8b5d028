import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import {
  CreateMessageResultSchema,
  ElicitResultSchema,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
  type LoggingLevel,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';

/** Sends MCP log notifications (`notifications/message`) to the client that made the call. */
export interface ContextLogger {
  debug(message: string, data?: Record<string, unknown>): Promise<void>;
  info(message: string, data?: Record<string, unknown>): Promise<void>;
  notice(message: string, data?: Record<string, unknown>): Promise<void>;
  warning(message: string, data?: Record<string, unknown>): Promise<void>;
  error(message: string, data?: Record<string, unknown>): Promise<void>;
}

/** The requested schema of an elicitation (`elicitation/create`, form mode). */
export type ElicitationSchema = ElicitRequest['params'] extends infer P
  ? P extends { requestedSchema: infer S }
    ? S
    : never
  : never;

/**
 * What a tool, resource or prompt method can ask of the current call, received as its second
 * parameter: logs to the client, progress, cancellation, the caller's identity, and requests
 * back to the client (sampling, elicitation).
 *
 * @example
 * @Tool()
 * async crawl({ url }: CrawlInput, ctx: ToolContext) {
 *   await ctx.log.info(`crawling ${url}`);
 *   for (let page = 1; page <= 10 && !ctx.signal.aborted; page++) {
 *     await ctx.reportProgress(page, 10);
 *   }
 * }
 *
 * It is an abstract class rather than an interface so that the framework can find the context
 * parameter from the emitted parameter types, whatever its position.
 */
export abstract class ToolContext {
  /** The JSON-RPC id of the request being served. */
  abstract readonly requestId: string | number;
  /** The transport session (streamable HTTP); undefined on stdio and in stateless mode. */
  abstract readonly sessionId: string | undefined;
  /** The verified identity of the caller, when the transport authenticated it. */
  abstract readonly auth: AuthInfo | undefined;
  /** Who the call is accounted to: the auth subject, else the session, else `anonymous`. */
  abstract readonly principal: string;
  /** Aborted when the client cancels the request, the transport closes or a `@Timeout` fires. */
  abstract readonly signal: AbortSignal;
  /** Log notifications to the client, filtered by the level it set with `logging/setLevel`. */
  abstract readonly log: ContextLogger;
  /** Sends `notifications/progress` when the client asked for progress; otherwise does nothing. */
  abstract reportProgress(progress: number, total?: number, message?: string): Promise<void>;
  /** Asks the client's model for a completion (`sampling/createMessage`). */
  abstract sample(params: CreateMessageRequest['params']): Promise<CreateMessageResult>;
  /** Asks the user for structured input (`elicitation/create`). */
  abstract elicit(message: string, requestedSchema: ElicitationSchema): Promise<ElicitResult>;
}

const LEVEL_RANK: Record<LoggingLevel, number> = {
  debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5, alert: 6, emergency: 7,
};

/** Per-connection state the context reads (the level set by `logging/setLevel`). */
export interface ConnectionState {
  logLevel: LoggingLevel | undefined;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The `ToolContext` of one call, built over the SDK's request `extra`. */
export class CallContext extends ToolContext {
  readonly principal: string;
  private logger?: ContextLogger;
  private controller?: AbortController;

  constructor(
    private readonly extra: Extra,
    private readonly connection: ConnectionState,
    /** The logger name sent with log notifications (the server name). */
    private readonly loggerName: string,
  ) {
    super();
    const subject = extra.authInfo?.extra?.['sub'];
    this.principal =
      typeof subject === 'string' ? `sub:${subject}` : extra.authInfo ? `client:${extra.authInfo.clientId}` : extra.sessionId ? `session:${extra.sessionId}` : 'anonymous';
  }

  override get requestId(): string | number {
    return this.extra.requestId;
  }

  override get sessionId(): string | undefined {
    return this.extra.sessionId;
  }

  override get auth(): AuthInfo | undefined {
    return this.extra.authInfo;
  }

  override get signal(): AbortSignal {
    return this.controller?.signal ?? this.extra.signal;
  }

  /**
   * Aborts this call's signal (used by `@Timeout`) without touching the transport's own signal.
   * The first call links a private controller to the transport's signal.
   */
  abort(reason: unknown): void {
    if (!this.controller) {
      const controller = new AbortController();
      const outer = this.extra.signal;
      if (outer.aborted) controller.abort(outer.reason);
      else outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
      this.controller = controller;
    }
    this.controller.abort(reason);
  }

  override get log(): ContextLogger {
    this.logger ??= {
      debug: (m, d) => this.sendLog('debug', m, d),
      info: (m, d) => this.sendLog('info', m, d),
      notice: (m, d) => this.sendLog('notice', m, d),
      warning: (m, d) => this.sendLog('warning', m, d),
      error: (m, d) => this.sendLog('error', m, d),
    };
    return this.logger;
  }

  override async reportProgress(progress: number, total?: number, message?: string): Promise<void> {
    const progressToken = this.extra._meta?.progressToken;
    if (progressToken === undefined) return;
    await this.extra.sendNotification({
      method: 'notifications/progress',
      params: { progressToken, progress, ...(total === undefined ? {} : { total }), ...(message === undefined ? {} : { message }) },
    });
  }

  override sample(params: CreateMessageRequest['params']): Promise<CreateMessageResult> {
    return this.extra.sendRequest({ method: 'sampling/createMessage', params }, CreateMessageResultSchema, {
      signal: this.signal,
    });
  }

  override elicit(message: string, requestedSchema: ElicitationSchema): Promise<ElicitResult> {
    return this.extra.sendRequest(
      { method: 'elicitation/create', params: { message, requestedSchema } as ElicitRequest['params'] },
      ElicitResultSchema,
      { signal: this.signal },
    );
  }

  private async sendLog(level: LoggingLevel, message: string, data?: Record<string, unknown>): Promise<void> {
    const threshold = this.connection.logLevel;
    if (threshold !== undefined && LEVEL_RANK[level] < LEVEL_RANK[threshold]) return;
    await this.extra.sendNotification({
      method: 'notifications/message',
      params: { level, logger: this.loggerName, data: data === undefined ? message : { message, ...data } },
    });
  }
}

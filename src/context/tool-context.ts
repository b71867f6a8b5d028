import {
  inputRequired,
  SdkError,
  SdkErrorCode,
  type AuthInfo,
  type ClientCapabilities,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type CreateMessageResultWithTools,
  type ElicitRequestFormParams,
  type ElicitResult,
  type Implementation,
  type LoggingLevel,
  type SamplingMessage,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import { ErrorCategory, ToolError } from '../errors/tool-error';
import type { Class } from '../metadata/metadata.types';
import { elicitationForm, type ElicitationOutcome, type ElicitationSchema, type ElicitedContent } from './elicitation';
import type { InputRounds } from './input-rounds';

/**
 * Which generation of the protocol a request came in: `modern` (MCP 2026-07-28, stateless,
 * per-request `_meta`) or `legacy` (2025-era clients with `initialize` and sessions).
 *
 * @example
 * if (call.era === 'legacy') metrics.legacyCalls.inc();
 */
export type ProtocolEra = 'modern' | 'legacy';

/**
 * Sends MCP log notifications (`notifications/message`) to the client that made the call.
 * Each method sends at its level (the syslog levels MCP uses) the `message`, or
 * `{ message, ...data }` when `data` is given, filtered by the level the client asked for
 * (see `ToolContext.log`).
 */
export interface ContextLogger {
  /** Logs at `debug`: detailed diagnostics. */
  debug(message: string, data?: Record<string, unknown>): Promise<void>;
  /** Logs at `info`: routine progress. */
  info(message: string, data?: Record<string, unknown>): Promise<void>;
  /** Logs at `notice`: a normal but significant event. */
  notice(message: string, data?: Record<string, unknown>): Promise<void>;
  /** Logs at `warning`: something looks wrong, the call goes on. */
  warning(message: string, data?: Record<string, unknown>): Promise<void>;
  /** Logs at `error`: an operation failed. */
  error(message: string, data?: Record<string, unknown>): Promise<void>;
  /** Logs at `critical`: a critical condition. */
  critical(message: string, data?: Record<string, unknown>): Promise<void>;
  /** Logs at `alert`: action must be taken immediately. */
  alert(message: string, data?: Record<string, unknown>): Promise<void>;
  /** Logs at `emergency`: the system is unusable. */
  emergency(message: string, data?: Record<string, unknown>): Promise<void>;
}

/** How long a request to the client may wait for its answer. */
export interface ClientRequestOptions {
  /**
   * Default 10 minutes: a person may be answering (forms, sampling approval). The call's
   * `ctx.signal` still cancels it earlier.
   */
  timeoutMs?: number;
}

/** Options of `ctx.sample(prompt, options)`: every field of `sampling/createMessage` but the messages. */
export type SampleOptions = Omit<CreateMessageRequestParams, 'messages' | 'maxTokens'> &
  ClientRequestOptions & {
    /** Default 1024. */
    maxTokens?: number;
  };

/** What `ctx.sample` resolves to: with `tools` in the request, the reply may hold tool calls. */
export type SampleResult<P> = P extends { tools: readonly unknown[] } ? CreateMessageResultWithTools : CreateMessageResult;

/** The answer to a URL elicitation (`ctx.elicitUrl`). */
export interface UrlElicitation {
  /** `accept` means the user agreed to open the URL, not that the interaction there is done. */
  readonly action: 'accept' | 'decline' | 'cancel';
  /** Identifies this elicitation to the client; the one given in the options, else a random UUID. */
  readonly elicitationId: string;
  /**
   * Tells the client the out-of-band interaction finished
   * (`notifications/elicitation/complete`); callable after the tool returned.
   */
  complete(): Promise<void>;
}

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
  /** The transport session (legacy sessionful HTTP); undefined on stdio and in stateless mode. */
  abstract readonly sessionId: string | undefined;
  /** The protocol family of this request; methods rarely need it, the framework bridges both. */
  abstract readonly era: ProtocolEra;
  /** The protocol version the request speaks (`2026-07-28`, `2025-11-25`...), when known. */
  abstract readonly protocolVersion: string | undefined;
  /** The request's `_meta` (progress token, `traceparent`...), reserved protocol keys lifted out. */
  abstract readonly meta: Readonly<Record<string, unknown>> | undefined;
  /** The client's name and version: per request on 2026-07-28, from `initialize` before. */
  abstract readonly clientInfo: Implementation | undefined;
  /** The verified identity of the caller, when the transport authenticated it. */
  abstract readonly auth: AuthInfo | undefined;
  /** Who the call is accounted to: the auth subject, else the session, else `anonymous`. */
  abstract readonly principal: string;
  /** What the client declared it supports (sampling, elicitation, roots...), per request on 2026-07-28. */
  abstract readonly clientCapabilities: ClientCapabilities | undefined;
  /** Aborted when the client cancels the request, the transport closes or a `@Timeout` fires. */
  abstract readonly signal: AbortSignal;
  /**
   * Log notifications to the client, filtered by the level it asked for (`logging/setLevel`
   * before 2026-07-28, the request's `logLevel` since; none when a modern request names none).
   */
  abstract readonly log: ContextLogger;
  /** Sends `notifications/progress` when the client asked for progress; otherwise does nothing. */
  abstract reportProgress(progress: number, total?: number, message?: string): Promise<void>;

  /**
   * Asks the client's model for a completion (`sampling/createMessage`): a prompt with options,
   * or the full request parameters (messages, tools, model preferences...).
   * Throws a `ToolError` when the client did not declare the sampling capability. On
   * 2026-07-28 the question travels as an `input_required` round (see `elicit`).
   *
   * @example
   * const reply = await ctx.sample(`Summarize:\n${text}`, { maxTokens: 200 });
   * if (reply.content.type === 'text') return reply.content.text;
   */
  abstract sample(prompt: string, options?: SampleOptions): Promise<CreateMessageResult>;
  /**
   * Asks the client's model for a completion with the full `sampling/createMessage` parameters;
   * with `tools` in them, the reply may hold tool calls.
   */
  abstract sample<const P extends CreateMessageRequestParams>(params: P, options?: ClientRequestOptions): Promise<SampleResult<P>>;

  /**
   * Asks the user for structured input (`elicitation/create`, form mode). The form is a DTO
   * class (fields from its validators, defaults from its property initializers) or a raw
   * schema (every variant of the specification: defaults, titled and untitled single- and
   * multi-select enums). An accepted answer is validated against the form and typed.
   * Throws a `ToolError` when the client cannot show forms or sends content that does not fit.
   *
   * On 2026-07-28 the server cannot wait for the answer: the call returns `input_required`, the
   * client retries it with the answer, and the method runs again from the start, receiving the
   * earlier answers in order. Code before the question runs once per round.
   *
   * @example
   * const answer = await ctx.elicit('Which environment?', {
   *   type: 'object',
   *   properties: { env: { type: 'string', enum: ['staging', 'production'], default: 'staging' } },
   *   required: ['env'],
   * });
   * if (answer.action === 'accept') deploy(answer.content.env); // 'staging' | 'production'
   */
  abstract elicit<T extends object>(message: string, form: Class<T>, options?: ClientRequestOptions): Promise<ElicitationOutcome<T>>;
  /** Asks the user to fill in a form given as a raw schema; the accepted content is typed from the schema. */
  abstract elicit<const S extends ElicitationSchema>(message: string, form: S, options?: ClientRequestOptions): Promise<ElicitationOutcome<ElicitedContent<S>>>;

  /**
   * Asks the user to visit a URL (`elicitation/create`, URL mode), for interactions that must
   * not pass through the client (credentials, payments). Throws a `ToolError` when the client
   * did not declare URL elicitation.
   *
   * @example
   * const visit = await ctx.elicitUrl('Connect your GitHub account', `https://example.com/connect?state=${id}`);
   * // later, when the browser flow finished: await visit.complete();
   */
  abstract elicitUrl(message: string, url: string, options?: ClientRequestOptions & { elicitationId?: string }): Promise<UrlElicitation>;

  /**
   * On legacy streamable HTTP sessions with resumability, closes the SSE stream of this request so that the
   * client reconnects and polls for the rest (SEP-1699); returns false (and does nothing) where
   * the transport cannot resume.
   */
  abstract closeSSEStream(): boolean;
}

/**
 * What a context needs from the connection it serves, whichever the era: the client's
 * declarations and, on 2026-07-28, the rounds of `input_required` a call is in.
 */
export interface RequestSession {
  readonly era: ProtocolEra;
  /** The capabilities the client declared (initialize or the request's `_meta`). */
  clientCapabilities(ctx: ServerContext): ClientCapabilities | undefined;
  clientInfo(ctx: ServerContext): Implementation | undefined;
  protocolVersion(ctx: ServerContext): string | undefined;
}

const DEFAULT_MAX_TOKENS = 1024;
const DEFAULT_CLIENT_REQUEST_TIMEOUT_MS = 10 * 60_000;

/** The `ToolContext` of one call, built over the SDK's request context. */
export class CallContext extends ToolContext {
  readonly principal: string;
  private logger?: ContextLogger;
  private controller?: AbortController;

  constructor(
    private readonly ctx: ServerContext,
    private readonly session: RequestSession,
    /** The logger name sent with log notifications (the server name). */
    private readonly loggerName: string,
    /** On 2026-07-28: answers of earlier rounds to the method's requests to the client. */
    private readonly rounds: InputRounds | undefined,
  ) {
    super();
    this.principal = principalOf(ctx.http?.authInfo, ctx.sessionId);
  }

  override get requestId(): string | number {
    return this.ctx.mcpReq.id;
  }

  override get sessionId(): string | undefined {
    return this.ctx.sessionId;
  }

  override get era(): ProtocolEra {
    return this.session.era;
  }

  override get protocolVersion(): string | undefined {
    return this.session.protocolVersion(this.ctx);
  }

  override get meta(): Readonly<Record<string, unknown>> | undefined {
    return this.ctx.mcpReq._meta;
  }

  override get clientInfo(): Implementation | undefined {
    return this.session.clientInfo(this.ctx);
  }

  override get auth(): AuthInfo | undefined {
    return this.ctx.http?.authInfo;
  }

  override get clientCapabilities(): ClientCapabilities | undefined {
    return this.session.clientCapabilities(this.ctx);
  }

  override get signal(): AbortSignal {
    return this.linkedController().signal;
  }

  /** Aborts this call's signal (used by `@Timeout`) without touching the transport's own signal. */
  abort(reason: unknown): void {
    this.linkedController().abort(reason);
  }

  /**
   * A context for another attempt at the same call (a `@Fallback` method after the method timed
   * out): same request, caller and client, with an abort signal of its own, linked to the
   * transport's, so that aborting one attempt does not abort the next.
   */
  fork(): CallContext {
    return new CallContext(this.ctx, this.session, this.loggerName, this.rounds);
  }

  /**
   * The private controller behind `signal`, linked to the transport's signal. Made when the
   * signal is first read, so that a method holding `ctx.signal` sees a later `abort()`.
   */
  private linkedController(): AbortController {
    if (!this.controller) {
      const controller = new AbortController();
      const outer = this.ctx.mcpReq.signal;
      if (outer.aborted) controller.abort(outer.reason);
      else outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
      this.controller = controller;
    }
    return this.controller;
  }

  override get log(): ContextLogger {
    this.logger ??= {
      debug: (m, d) => this.sendLog('debug', m, d),
      info: (m, d) => this.sendLog('info', m, d),
      notice: (m, d) => this.sendLog('notice', m, d),
      warning: (m, d) => this.sendLog('warning', m, d),
      error: (m, d) => this.sendLog('error', m, d),
      critical: (m, d) => this.sendLog('critical', m, d),
      alert: (m, d) => this.sendLog('alert', m, d),
      emergency: (m, d) => this.sendLog('emergency', m, d),
    };
    return this.logger;
  }

  override async reportProgress(progress: number, total?: number, message?: string): Promise<void> {
    const progressToken = this.ctx.mcpReq._meta?.progressToken;
    if (progressToken === undefined) return;
    await this.ctx.mcpReq.notify({
      method: 'notifications/progress',
      params: { progressToken, progress, ...(total === undefined ? {} : { total }), ...(message === undefined ? {} : { message }) },
    });
  }

  override sample(prompt: string, options?: SampleOptions): Promise<CreateMessageResult>;
  override sample<const P extends CreateMessageRequestParams>(params: P, options?: ClientRequestOptions): Promise<SampleResult<P>>;
  override async sample(
    promptOrParams: string | CreateMessageRequestParams,
    options: SampleOptions = {},
  ): Promise<CreateMessageResult | CreateMessageResultWithTools> {
    const { timeoutMs, ...fields } = options;
    const params: CreateMessageRequestParams =
      typeof promptOrParams === 'string'
        ? { ...fields, maxTokens: fields.maxTokens ?? DEFAULT_MAX_TOKENS, messages: [userText(promptOrParams)] }
        : promptOrParams;
    const sampling = this.clientCapabilities?.sampling;
    if (!sampling) throw unsupported('sampling (sampling/createMessage)');
    const withTools = params.tools !== undefined || params.toolChoice !== undefined;
    if (withTools && !sampling.tools) throw unsupported('tools in sampling requests (sampling.tools)');
    if (this.rounds) return this.rounds.ask(inputRequired.createMessage(params)) as CreateMessageResult;
    return this.askClient('sampling', timeoutMs, () => this.ctx.mcpReq.requestSampling(params, this.requestOptions(timeoutMs)));
  }

  override elicit<T extends object>(message: string, form: Class<T>, options?: ClientRequestOptions): Promise<ElicitationOutcome<T>>;
  override elicit<const S extends ElicitationSchema>(message: string, form: S, options?: ClientRequestOptions): Promise<ElicitationOutcome<ElicitedContent<S>>>;
  override async elicit(message: string, schemaOrDto: ElicitationSchema | Class, options: ClientRequestOptions = {}): Promise<ElicitationOutcome<unknown>> {
    if (!this.clientCapabilities?.elicitation?.form && !this.declaresBareElicitation()) throw unsupported('form elicitation (elicitation/create)');
    const form = elicitationForm(schemaOrDto);
    const params = { mode: 'form', message, requestedSchema: form.requestedSchema } as ElicitRequestFormParams;
    const result = this.rounds
      ? elicitResultOf(this.rounds.ask(inputRequired.elicit(params)))
      : await this.askClient('elicitation', options.timeoutMs, () => this.ctx.mcpReq.elicitInput(params, this.requestOptions(options.timeoutMs)));
    if (result.action !== 'accept') return { action: result.action };
    const checked = form.check(result.content);
    if (!checked.ok) {
      throw new ToolError(`The answer to the elicitation does not fit its form: ${checked.errors.join('; ')}`, {
        category: ErrorCategory.VALIDATION,
        details: { errors: checked.errors },
      });
    }
    return { action: 'accept', content: checked.value };
  }

  override async elicitUrl(message: string, url: string, options: ClientRequestOptions & { elicitationId?: string } = {}): Promise<UrlElicitation> {
    if (!this.clientCapabilities?.elicitation?.url) throw unsupported('URL elicitation (elicitation.url)');
    const elicitationId = options.elicitationId ?? randomUUID();
    const result = this.rounds
      ? elicitResultOf(this.rounds.ask(inputRequired.elicitUrl({ message, url })))
      : await this.askClient('elicitation', options.timeoutMs, () =>
          this.ctx.mcpReq.elicitInput({ mode: 'url', message, url, elicitationId }, this.requestOptions(options.timeoutMs)),
        );
    const notify = this.ctx.mcpReq.notify;
    return {
      action: result.action,
      elicitationId,
      complete: () => notify({ method: 'notifications/elicitation/complete', params: { elicitationId } }).catch(() => undefined),
    };
  }

  override closeSSEStream(): boolean {
    const close = this.ctx.http?.closeSSE;
    if (!close) return false;
    close();
    return true;
  }

  /** A 2025-03-26 client declares `elicitation: {}`, which the specification reads as form mode. */
  private declaresBareElicitation(): boolean {
    const elicitation = this.clientCapabilities?.elicitation;
    return elicitation !== undefined && Object.keys(elicitation).length === 0;
  }

  /** A request to the client whose timeout becomes an error the model can read. */
  private async askClient<T>(what: string, timeoutMs: number | undefined, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout) {
        throw new ToolError(`The client did not answer the ${what} request within ${timeoutMs ?? DEFAULT_CLIENT_REQUEST_TIMEOUT_MS} ms`, {
          category: ErrorCategory.TIMEOUT,
          cause: error,
        });
      }
      throw error;
    }
  }

  private requestOptions(timeoutMs: number | undefined): { signal: AbortSignal; timeout: number } {
    return { signal: this.signal, timeout: timeoutMs ?? DEFAULT_CLIENT_REQUEST_TIMEOUT_MS };
  }

  private async sendLog(level: LoggingLevel, message: string, data?: Record<string, unknown>): Promise<void> {
    // The SDK filters by the level the client asked for, in either era.
    await this.ctx.mcpReq.log(level, data === undefined ? message : { message, ...data }, this.loggerName);
  }
}

/**
 * Who a call is accounted to (rate limits, cache ownership, logs): the token's subject, else its
 * client, else the legacy session, else `anonymous`.
 */
export function principalOf(auth: AuthInfo | undefined, sessionId: string | undefined): string {
  const subject = auth?.extra?.['sub'];
  if (typeof subject === 'string') return `sub:${subject}`;
  if (auth) return `client:${auth.clientId}`;
  return sessionId ? `session:${sessionId}` : 'anonymous';
}

/** An answer from the client, checked for the shape of an elicitation result. */
function elicitResultOf(answer: unknown): ElicitResult {
  const action = (answer as { action?: unknown } | null)?.action;
  if (action !== 'accept' && action !== 'decline' && action !== 'cancel') {
    throw new ToolError('The client answered the elicitation with something that is not an elicitation result', {
      category: ErrorCategory.VALIDATION,
    });
  }
  return answer as ElicitResult;
}

function userText(text: string): SamplingMessage {
  return { role: 'user', content: { type: 'text', text } };
}

function unsupported(feature: string): ToolError {
  return new ToolError(`The client did not declare support for ${feature}, so the server cannot request it.`);
}

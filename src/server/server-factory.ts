import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  createRequestStateCodec,
  inputRequired,
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  Server,
  UrlElicitationRequiredError,
  type AuthInfo,
  type CallToolResult,
  type ClientCapabilities,
  type CompleteResult,
  type GetPromptResult,
  type Icon,
  type Implementation,
  type InputRequiredResult,
  type ReadResourceResult,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { AppServices } from '../app/app-services';
import { visibilityFor } from '../auth/visibility';
import { callDigest, InputRequiredSignal, InputRounds, type RoundsState } from '../context/input-rounds';
import { CallContext, principalOf, type ProtocolEra, type RequestSession } from '../context/tool-context';
import type { CompleteFn } from '../metadata/metadata.types';
import { toProtocolError, toToolErrorResult, type FailureSite } from '../protocol/error-mapper';
import type { HandlerDefinition, PromptDefinition, ResourceDefinition } from '../registry/definitions';
import type { Registry } from '../registry/registry';
import { MAX_SUBSCRIPTIONS_PER_SESSION, type ResourceSubscriptions } from './resource-subscriptions';

/** Identity of the server, sent in `server/discover` and `initialize` results. */
export interface ServerIdentity {
  /** The server's programmatic name. */
  readonly name: string;
  /** The server's version. */
  readonly version: string;
  /** Human-readable name clients may display. */
  readonly title?: string;
  /** What the server does, for people choosing it in a client. */
  readonly description?: string;
  /** Instructions for the client's model on how to use the server. */
  readonly instructions?: string;
  /** Icons clients may show for the server (SEP-973). */
  readonly icons?: readonly Icon[];
  /** The server's home page. */
  readonly websiteUrl?: string;
}

const MAX_COMPLETIONS = 100;

/** What a per-request or per-connection server needs to know about its serving unit. */
export interface ServingUnit {
  readonly era: ProtocolEra;
  /**
   * The identity of every request of a connection whose transport does not authenticate
   * (`app.connect(transport, { authInfo })`); HTTP requests bring their own.
   */
  readonly authInfo?: AuthInfo;
}

/**
 * The one place that touches the SDK server. Built once per app: the capabilities, the handler
 * functions and the `requestState` codec are shared; `create(era)` makes the SDK `Server` of
 * one HTTP request or one connection by installing the shared handlers on it, so the cost of a
 * request does not grow with the number of tools.
 */
export class ServerSeam {
  private readonly info: Implementation;
  private readonly options: ConstructorParameters<typeof Server>[1];
  private readonly hasResources: boolean;
  private readonly visible: ReturnType<typeof visibilityFor>;
  /**
   * `ttlMs` 0: a list may change at runtime (`app.disableTool`), announced on listen streams.
   * `public` when every caller sees the same list.
   */
  private readonly listCacheHint: { readonly ttlMs: number; readonly cacheScope: 'public' | 'private' };

  constructor(
    readonly identity: ServerIdentity,
    private readonly registry: Registry,
    private readonly services: AppServices,
    private readonly subscriptions: ResourceSubscriptions,
    private readonly codec: RequestStateCodec<RoundsState>,
  ) {
    this.hasResources = registry.definitions.some((d) => d.kind === 'resource');
    this.info = Object.freeze({
      name: identity.name,
      version: identity.version,
      ...(identity.title ? { title: identity.title } : {}),
      ...(identity.description ? { description: identity.description } : {}),
      ...(identity.icons ? { icons: identity.icons.map((icon) => ({ ...icon })) } : {}),
      ...(identity.websiteUrl ? { websiteUrl: identity.websiteUrl } : {}),
    });
    this.options = {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        ...(this.hasResources ? { resources: { subscribe: true, listChanged: true } } : {}),
        logging: {},
        completions: {},
      },
      ...(identity.instructions ? { instructions: identity.instructions } : {}),
      // Tampered, expired or another caller's state never reaches a method: -32602.
      requestState: { verify: (state: string, ctx: ServerContext) => this.codec.verify(state, ctx) },
    };
    // Callers only see what they may use (`@RequireScopes`, `@Public`, auth configured).
    this.visible = visibilityFor(registry.definitions, services);
    this.listCacheHint = Object.freeze({ ttlMs: 0, cacheScope: this.visible ? 'private' : 'public' });
  }

  /** A fresh SDK server for one request (HTTP) or one connection (stdio, sessions). */
  create(unit: ServingUnit): Server {
    const { era, authInfo } = unit;
    const identified = authInfo ? (ctx: ServerContext) => withAuth(ctx, authInfo) : (ctx: ServerContext) => ctx;
    // The state's caller binding must see the same identity when verified as when minted.
    const options = authInfo
      ? { ...this.options, requestState: { verify: (state: string, ctx: ServerContext) => this.codec.verify(state, identified(ctx)) } }
      : this.options;
    const server = new Server(this.info, options);
    const session = era === 'modern' ? modernSession : legacySessionOf(server);
    // 2026-07-28 lists carry cache hints: shared by every caller unless access rules filter them.
    const hint = era === 'modern' ? this.listCacheHint : {};
    server.setRequestHandler('tools/list', (_request, ctx) => ({ tools: this.listTools(identified(ctx)), ...hint }));
    server.setRequestHandler('tools/call', (request, ctx) => this.callTool(request.params.name, request.params.arguments, identified(ctx), session));
    server.setRequestHandler('prompts/list', (_request, ctx) => ({ prompts: this.listPrompts(identified(ctx)), ...hint }));
    server.setRequestHandler('prompts/get', (request, ctx) => this.getPrompt(request.params.name, request.params.arguments, identified(ctx), session));
    if (this.hasResources) {
      server.setRequestHandler('resources/list', (_request, ctx) => ({ resources: this.listResources(identified(ctx)), ...hint }));
      server.setRequestHandler('resources/templates/list', (_request, ctx) => ({
        resourceTemplates: this.listResourceTemplates(identified(ctx)),
        ...hint,
      }));
      server.setRequestHandler('resources/read', (request, ctx) => this.readResource(request.params.uri, identified(ctx), session));
      if (era === 'legacy') {
        // 2026-07-28 clients subscribe on `subscriptions/listen`, which the serving entry answers.
        server.setRequestHandler('resources/subscribe', (request) => {
          const { uri } = request.params;
          if (!this.registry.resource(uri)) throw new ResourceNotFoundError(uri);
          if (!this.subscriptions.subscribe(server, uri)) {
            throw new ProtocolError(
              ProtocolErrorCode.InvalidParams,
              `Too many subscriptions: a session may hold ${MAX_SUBSCRIPTIONS_PER_SESSION}; unsubscribe first`,
            );
          }
          return {};
        });
        server.setRequestHandler('resources/unsubscribe', (request) => {
          this.subscriptions.unsubscribe(server, request.params.uri);
          return {};
        });
      }
    }
    server.setRequestHandler('completion/complete', (request, ctx) => this.complete(request.params, identified(ctx)));
    return server;
  }

  private listTools(ctx: ServerContext) {
    return this.visibleTo(ctx, this.registry.listTools(), (tool) => this.registry.tool(tool.name));
  }

  private listPrompts(ctx: ServerContext) {
    return this.visibleTo(ctx, this.registry.listPrompts(), (prompt) => this.registry.prompt(prompt.name));
  }

  private listResources(ctx: ServerContext) {
    return this.visibleTo(ctx, this.registry.listResources(), (resource) => this.registry.resource(resource.uri)?.definition);
  }

  private listResourceTemplates(ctx: ServerContext) {
    return this.visibleTo(ctx, this.registry.listResourceTemplates(), (template) => this.registry.resourceTemplate(template.uriTemplate));
  }

  /** The entries of a list the caller may use: all of them when no access rule applies. */
  private visibleTo<T>(ctx: ServerContext, entries: T[], definitionOf: (entry: T) => HandlerDefinition | undefined): T[] {
    const { visible } = this;
    if (!visible) return entries;
    const auth = ctx.http?.authInfo;
    return entries.filter((entry) => visible(definitionOf(entry), auth));
  }

  private async callTool(name: string, args: unknown, ctx: ServerContext, session: RequestSession): Promise<CallToolResult | InputRequiredResult> {
    const definition = this.registry.tool(name);
    if (!definition) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
    try {
      const context = this.context(ctx, session, definition, args);
      return (await definition.run({ definition, context, input: args })) as CallToolResult;
    } catch (error) {
      if (error instanceof InputRequiredSignal) return this.inputRequired(error, ctx);
      // URL elicitation required: 2025 clients get the -32042 error, 2026-07-28 ones an
      // `input_required` round; either way they open the URLs, then retry the call.
      if (error instanceof UrlElicitationRequiredError && session.era === 'modern') return urlRound(error);
      // Answered as JSON-RPC errors: a refused `requestState`, -32042 for 2025 clients.
      if (error instanceof ProtocolError) throw error;
      return toToolErrorResult(error, this.site('tool', name, ctx), this.services.logger);
    }
  }

  private async getPrompt(name: string, args: unknown, ctx: ServerContext, session: RequestSession): Promise<GetPromptResult | InputRequiredResult> {
    const definition = this.registry.prompt(name);
    if (!definition) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${name}`);
    const input = args ?? {};
    try {
      const context = this.context(ctx, session, definition, input);
      return (await definition.run({ definition, context, input })) as GetPromptResult;
    } catch (error) {
      if (error instanceof InputRequiredSignal) return this.inputRequired(error, ctx);
      throw toProtocolError(error, this.site('prompt', name, ctx), this.services.logger);
    }
  }

  private async readResource(uri: string, ctx: ServerContext, session: RequestSession): Promise<ReadResourceResult | InputRequiredResult> {
    const match = this.registry.resource(uri);
    if (!match) throw new ResourceNotFoundError(uri);
    const { definition, variables } = match;
    try {
      const context = this.context(ctx, session, definition, uri);
      return (await definition.run({ definition, context, input: variables, uri })) as ReadResourceResult;
    } catch (error) {
      if (error instanceof InputRequiredSignal) return this.inputRequired(error, ctx);
      throw toProtocolError(error, this.site('resource', uri, ctx), this.services.logger);
    }
  }

  private async complete(
    params: { ref: { type: string; name?: string; uri?: string }; argument: { name: string; value: string }; context?: { arguments?: Record<string, string> } },
    ctx: ServerContext,
  ): Promise<CompleteResult> {
    const { ref, argument } = params;
    let target: PromptDefinition | ResourceDefinition | undefined;
    const refName = ref.type === 'ref/prompt' ? String(ref.name) : String(ref.uri);
    if (ref.type === 'ref/prompt') {
      target = this.registry.prompt(refName);
      if (!target) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${refName}`);
    } else {
      target = this.registry.resourceTemplate(refName);
      // A static resource has no variables to complete: no suggestions, not an error.
      if (!target && !this.registry.resource(refName)) throw new ResourceNotFoundError(refName);
    }
    // What the caller may not see, it gets no suggestions for.
    const hidden = this.visible && target && !this.visible(target, ctx.http?.authInfo);
    const complete: CompleteFn | undefined = hidden ? undefined : target?.complete[argument.name];
    if (!complete) return { completion: { values: [], hasMore: false } };
    let values: string[];
    try {
      values = await complete(argument.value, { arguments: params.context?.arguments ?? {} });
    } catch (error) {
      throw toProtocolError(error, this.site('completion', `${refName} ${argument.name}`, ctx), this.services.logger);
    }
    return { completion: { values: values.slice(0, MAX_COMPLETIONS), total: values.length, hasMore: values.length > MAX_COMPLETIONS } };
  }

  /** The call's context; on 2026-07-28 with the answers of its earlier `input_required` rounds. */
  private context(ctx: ServerContext, session: RequestSession, definition: HandlerDefinition, input: unknown): CallContext {
    const rounds =
      session.era === 'modern'
        ? InputRounds.resume(() => callDigest(definition.kind, definition.name, input), ctx.mcpReq.requestState(), ctx.mcpReq.inputResponses)
        : undefined;
    return new CallContext(ctx, session, this.identity.name, rounds);
  }

  /** A method asked the client something not answered yet: this round's `input_required` result. */
  private async inputRequired(signal: InputRequiredSignal, ctx: ServerContext): Promise<InputRequiredResult> {
    return inputRequired({ inputRequests: { [signal.key]: signal.request }, requestState: await this.codec.mint(signal.state, ctx) });
  }

  private site(kind: string, name: string, ctx: ServerContext): FailureSite {
    return { kind, name, requestId: ctx.mcpReq.id, sessionId: ctx.sessionId };
  }
}

/**
 * The `requestState` codec: HMAC-signed with the configured key (shared by replicas), bound to
 * the caller, so that one caller's state is refused when another echoes it.
 */
export function requestStateCodec(key: string | Uint8Array): RequestStateCodec<RoundsState> {
  return createRequestStateCodec<RoundsState>({
    key,
    ttlSeconds: 600,
    bind: (ctx) => principalOf(ctx.http?.authInfo, ctx.sessionId),
  });
}

/** On 2026-07-28 every request names its client, version and capabilities in `_meta`. */
const modernSession: RequestSession = {
  era: 'modern',
  clientCapabilities: (ctx) => envelopeOf(ctx)[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined,
  clientInfo: (ctx) => envelopeOf(ctx)[CLIENT_INFO_META_KEY] as Implementation | undefined,
  protocolVersion: (ctx) => envelopeOf(ctx)[PROTOCOL_VERSION_META_KEY] as string | undefined,
};

/** A request context carrying the connection's identity when the transport gave none. */
function withAuth(ctx: ServerContext, authInfo: AuthInfo): ServerContext {
  return ctx.http?.authInfo ? ctx : { ...ctx, http: { ...ctx.http, authInfo } };
}

/** `UrlElicitationRequiredError` as the 2026-07-28 wire says it: one URL request per elicitation. */
function urlRound(error: UrlElicitationRequiredError): InputRequiredResult {
  const inputRequests = Object.fromEntries(
    error.elicitations.map((elicitation, index) => [`url${index}`, inputRequired.elicitUrl({ message: elicitation.message, url: elicitation.url })]),
  );
  return inputRequired({ inputRequests });
}

/** The reserved `io.modelcontextprotocol/*` keys of a request's `_meta`, as the SDK lifted them. */
function envelopeOf(ctx: ServerContext): Readonly<Record<string, unknown>> {
  return ctx.mcpReq.envelope ?? {};
}

/** Before 2026-07-28 the client said who it is once, in `initialize`. */
function legacySessionOf(server: Server): RequestSession {
  return {
    era: 'legacy',
    clientCapabilities: () => server.getClientCapabilities(),
    clientInfo: () => server.getClientVersion(),
    protocolVersion: () => server.getNegotiatedProtocolVersion(),
  };
}

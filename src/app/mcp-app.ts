import type { AuthInfo, Server, Transport } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { randomBytes } from 'node:crypto';
import type { DependencyContainer } from 'tsyringe';
import type { McpConfig } from '../config/mcp-config';
import type { ProtocolEra } from '../context/tool-context';
import { McpDefinitionError } from '../errors/tool-error';
import type { Logger } from '../logging/logger';
import type { HandlerKind } from '../metadata/metadata.types';
import { inboundMessageError } from '../protocol/message-guard';
import type { Registry } from '../registry/registry';
import { programmaticRoute } from '../routes/route-definitions';
import type { RouteDefinition, RouteHandler, RouteOptions } from '../routes/route.types';
import { ChangeNotifications } from '../server/change-notifications';
import { ResourceSubscriptions } from '../server/resource-subscriptions';
import { requestStateCodec, ServerSeam, type ServerIdentity } from '../server/server-factory';
import type { HttpListenOptions } from '../transports/http/http-options';
import type { McpHttpServer } from '../transports/http/http-server';
import type { AppServices } from './app-services';
import { checkReadiness, type Readiness } from './readiness';
import {
  drain,
  installShutdownHooks,
  listenHookOptions,
  type Drainable,
  type ListenShutdownOptions,
  type ShutdownHookOptions,
  type ShutdownOptions,
  type ShutdownResult,
} from './shutdown';

/**
 * `app.listen({ transport: 'stdio' })`: serve over stdin/stdout.
 *
 * @example
 * await app.listen({ transport: 'stdio' });
 */
export interface StdioListenOptions {
  /** Selects stdio. */
  transport: 'stdio';
}

/**
 * Where `app.listen()` serves: stdio, or streamable HTTP (see `HttpListenOptions`). What is
 * left out comes from `app.config` (`MCP_TRANSPORT`, `MCP_HOST`, `MCP_PORT`, `MCP_PATH`,
 * `MCP_STATELESS`).
 *
 * @example
 * await app.listen();                                    // what the MCP_* variables say
 * await app.listen({ transport: 'http', port: 3000 });   // HTTP on port 3000, whatever they say
 */
export type ListenOptions = (StdioListenOptions | HttpListenOptions) & ListenShutdownOptions;

/** Options of `app.connect()`. */
export interface ConnectOptions {
  /**
   * An identity attached to every request of this connection, for transports that do not
   * authenticate themselves (in-memory pairs in tests).
   */
  authInfo?: AuthInfo;
  /** `reject` refuses clients that open with a 2025-era `initialize` (default: served). */
  legacy?: 'serve' | 'reject';
}

/** One connection served by `app.connect()`. */
export interface McpConnection {
  /** Ends the connection: its server and its transport. */
  close(): Promise<void>;
}

/**
 * A running MCP app: its definitions, container and services, attachable to any number of
 * transports. Created by `createMcpApp`; what it exposes is what an application needs (serve,
 * close, notify, enable/disable, readiness, its logger and container), not its wiring.
 *
 * @example
 * const app = await createMcpApp({ name: 'demo', version: '1.0.0', providers: [MathTools] });
 * await app.listen({ transport: 'stdio' });
 */
export class McpApp {
  private readonly connections = new Set<McpConnection>();
  private readonly closers: Array<() => Promise<void>> = [];
  /**
   * Where list changes and resource updates start, for every era and every replica.
   * @internal
   */
  readonly notifications: ChangeNotifications;
  private definitions?: Registry;
  private seam?: ServerSeam;
  private readonly drainables: Drainable[] = [];
  private readonly customRoutes: RouteDefinition[] = [];
  private shuttingDown?: Promise<ShutdownResult>;
  private removeShutdownHooks?: () => void;
  private closed = false;

  /** The app's name, version and the rest of what `server/discover` and `initialize` report. */
  readonly identity: ServerIdentity;
  /**
   * The collaborators the pipeline and the transports are built with.
   * @internal
   */
  readonly services: AppServices;

  /** @internal use `createMcpApp`. */
  constructor(identity: ServerIdentity, services: AppServices) {
    this.identity = identity;
    this.services = services;
    this.notifications = new ChangeNotifications(services.events, new ResourceSubscriptions(), services.logger);
  }

  /**
   * The app's definitions.
   * @internal
   */
  get registry(): Registry {
    if (!this.definitions) throw new Error('the app is still being created: its providers are not read yet');
    return this.definitions;
  }

  /**
   * Gives the app its definitions, once. Separate from the constructor so that providers can
   * inject the app (`TOKENS.App`) while they are being built. Called by `createMcpApp`.
   * @internal
   */
  attachRegistry(registry: Registry): void {
    if (this.definitions) throw new Error('the registry is already attached');
    this.definitions = registry;
    this.seam = new ServerSeam(this.identity, registry, this.services, this.notifications.subscriptions, requestStateCodec(this.requestStateKey()));
    registry.onListChanged((kind) => this.notifications.publish({ kind: `${kind}s_list_changed` }));
  }

  /**
   * A fresh SDK server over the app's definitions: per HTTP request, or per connection
   * (`track`: followed for change notifications until it closes).
   * @internal
   */
  createServer(era: ProtocolEra, track: boolean, authInfo?: AuthInfo): Server {
    if (!this.seam) throw new Error('the app is still being created: its providers are not read yet');
    const server = this.seam.create({ era, authInfo });
    if (track) this.notifications.track(server, era);
    return server;
  }

  /**
   * The key signing 2026-07-28 \`requestState\`: \`MCP_REQUEST_STATE_KEY\`, else one drawn for this
   * process (every round of a flow must then reach this process; HTTP warns about it).
   */
  private requestStateKey(): string | Uint8Array {
    return this.config.requestStateKey ?? (this.randomStateKey ??= randomBytes(32));
  }

  private randomStateKey?: Uint8Array;

  /** Whether \`requestState\` is signed with a key of this process only (no \`MCP_REQUEST_STATE_KEY\`). */
  private get requestStateKeyIsLocal(): boolean {
    return this.config.requestStateKey === undefined;
  }

  /** The app's child container (providers, `TOKENS.Logger`, `TOKENS.Store`, ...). */
  get container(): DependencyContainer {
    return this.services.container;
  }

  /**
   * The app's logger (JSON lines on stderr by default), for the application's own events.
   *
   * @example
   * app.logger.info('config_loaded', { event: 'config_loaded' });
   */
  get logger(): Logger {
    return this.services.logger;
  }

  /** The framework's settings, read from `MCP_*` variables and `.env` at creation. */
  get config(): McpConfig {
    return this.services.config;
  }

  /**
   * Serves one connection over any SDK transport (stdio, in-memory pairs, a custom one): its
   * opening exchange decides the era — `server/discover` for 2026-07-28, `initialize` for 2025
   * clients — and one server of the app serves it until it closes.
   *
   * @example
   * const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
   * const connection = await app.connect(serverSide);
   */
  async connect(transport: Transport, options: ConnectOptions = {}): Promise<McpConnection> {
    if (this.closed) throw new Error('this app is closed');
    const { logger, metrics } = this.services;
    const handle = serveStdio(({ era }) => this.createServer(era, true, options.authInfo), {
      transport: guarded(transport),
      legacy: options.legacy ?? 'serve',
      onerror: (error) => logger.debug('transport_error', { event: 'transport_error', error: error.message }),
    });
    let open = true;
    const connection: McpConnection = {
      close: async () => {
        if (!open) return;
        open = false;
        this.connections.delete(connection);
        metrics.sessionClosed();
        await handle.close();
      },
    };
    // The entry owns the transport's callbacks; a close from the other side ends the connection.
    const onclose = transport.onclose;
    transport.onclose = () => {
      onclose?.();
      void connection.close();
    };
    this.connections.add(connection);
    metrics.sessionOpened();
    logger.debug('connection_opened', { event: 'connection_opened' });
    return connection;
  }

  /**
   * Serves a 2025-era session over a sessionful transport (HTTP `legacy: 'sessions'`).
   * @internal
   */
  async serveSession(transport: Transport): Promise<Server> {
    if (this.closed) throw new Error('this app is closed');
    const server = this.createServer('legacy', true);
    const { metrics } = this.services;
    const onclose = server.onclose;
    server.onclose = () => {
      metrics.sessionClosed();
      onclose?.();
    };
    await server.connect(transport);
    metrics.sessionOpened();
    return server;
  }

  /**
   * Serves on stdio or on streamable HTTP: the transport of `options`, else of `MCP_TRANSPORT`
   * (default stdio); HTTP settings left out of `options` come from `app.config`. On HTTP it
   * resolves to the running server (its `url` and `port`, useful with port 0). Each transport's
   * module is loaded only when used.
   *
   * @example
   * await app.listen({ transport: 'stdio' });
   * const { url } = await app.listen({ transport: 'http', port: 3000 });   // http://127.0.0.1:3000/mcp
   */
  async listen(options: StdioListenOptions & ListenShutdownOptions): Promise<void>;
  /** Serves on streamable HTTP; resolves to the running server once it listens. */
  async listen(options: HttpListenOptions & { transport: 'http' } & ListenShutdownOptions): Promise<McpHttpServer>;
  /**
   * Serves on the transport of `options`, else of `MCP_TRANSPORT` (default stdio); resolves to
   * the running server on HTTP, to nothing on stdio.
   */
  async listen(options?: ListenOptions): Promise<McpHttpServer | void>;
  async listen(options: ListenOptions = {}): Promise<McpHttpServer | void> {
    if (this.closed) throw new Error('this app is closed');
    // SIGTERM/SIGINT drain and exit 0 unless `shutdownHooks: false` (see ListenShutdownOptions).
    const hooks = listenHookOptions(options);
    if (hooks) this.enableShutdownHooks(hooks);
    const transport = options.transport ?? this.config.transport;
    if (transport === 'stdio') {
      const { GuardedStdioServerTransport } =
        require('../transports/stdio/guarded-stdio.transport') as typeof import('../transports/stdio/guarded-stdio.transport');
      await this.connect(new GuardedStdioServerTransport());
      return;
    }
    if (transport === 'http') {
      // `require`, not `import()`: this package is CommonJS, and stdio servers never pay for
      // loading the HTTP stack.
      const { McpHttpServer } = require('../transports/http/http-server') as typeof import('../transports/http/http-server');
      const { appHttpExtensions } = require('../transports/http/app-extensions') as typeof import('../transports/http/app-extensions');
      const { resolveHttpOptions } = require('../transports/http/http-options') as typeof import('../transports/http/http-options');
      const httpOptions = withConfigDefaults(options as HttpListenOptions, this.config);
      const { path, maxBodyBytes } = resolveHttpOptions(httpOptions);
      const server = new McpHttpServer(this, httpOptions, appHttpExtensions(this, { mcpPath: path, maxBodyBytes }));
      await server.listen();
      if (this.requestStateKeyIsLocal) {
        // Rounds of one elicitation may land on different replicas, which must share the key.
        this.services.logger.warn('request_state_key_local', {
          event: 'request_state_key_local',
          hint: 'MCP_REQUEST_STATE_KEY is unset: input_required rounds (elicitation, sampling) signed here are refused by other replicas; set the same key of 32+ characters on every replica',
        });
      }
      this.onShutdown(server);
      this.onClose(() => server.close());
      return server;
    }
    throw new Error(`unknown transport ${JSON.stringify(transport)}: use 'stdio' or 'http'`);
  }

  /**
   * Enables or disables a tool, resource (by name, URI or URI template) or prompt at runtime.
   * A disabled one disappears from its list and cannot be called; every connected client
   * receives the matching `list_changed` notification. Throws for an unknown name.
   *
   * @example
   * app.setEnabled('tool', 'deploy', false);
   */
  setEnabled(kind: HandlerKind, name: string, enabled: boolean): void {
    this.registry.setEnabled(kind, name, enabled);
  }

  /**
   * Hides a tool and refuses its calls until `enableTool`; clients get `notifications/tools/list_changed`.
   * @example app.disableTool('deploy');
   */
  disableTool(name: string): void {
    this.setEnabled('tool', name, false);
  }

  /**
   * Lists and serves a disabled tool again; clients get `notifications/tools/list_changed`.
   * @example app.enableTool('deploy');
   */
  enableTool(name: string): void {
    this.setEnabled('tool', name, true);
  }

  /**
   * Hides a prompt and refuses it until `enablePrompt`; clients get `notifications/prompts/list_changed`.
   * @example app.disablePrompt('review');
   */
  disablePrompt(name: string): void {
    this.setEnabled('prompt', name, false);
  }

  /**
   * Lists and serves a disabled prompt again; clients get `notifications/prompts/list_changed`.
   * @example app.enablePrompt('review');
   */
  enablePrompt(name: string): void {
    this.setEnabled('prompt', name, true);
  }

  /**
   * Hides a resource (by name, URI or URI template) and refuses reads of it until
   * `enableResource`; clients get `notifications/resources/list_changed`.
   * @example app.disableResource('config://app');
   */
  disableResource(nameOrUri: string): void {
    this.setEnabled('resource', nameOrUri, false);
  }

  /**
   * Lists and serves a disabled resource again; clients get `notifications/resources/list_changed`.
   * @example app.enableResource('config://app');
   */
  enableResource(nameOrUri: string): void {
    this.setEnabled('resource', nameOrUri, true);
  }

  /** Whether a tool, resource or prompt is currently enabled. Throws for an unknown name. */
  isEnabled(kind: HandlerKind, name: string): boolean {
    return this.registry.isEnabledByName(kind, name);
  }

  /**
   * Tells every client watching `uri` that the resource changed
   * (`notifications/resources/updated`): 2025 sessions that subscribed with
   * `resources/subscribe`, and 2026-07-28 `subscriptions/listen` streams that name it, on every
   * replica sharing the app's event bus. Resolves to the number of 2025 sessions of this
   * process notified (listen streams and other replicas are reached without being counted).
   *
   * @example
   * @injectable()
   * class Settings {
   *   constructor(@inject(TOKENS.App) private readonly app: McpApp) {}
   *   @Tool() async set({ key, value }: SetInput) {
   *     this.values.set(key, value);
   *     await this.app.notifyResourceUpdated('config://settings');
   *   }
   * }
   */
  notifyResourceUpdated(uri: string): Promise<number> {
    return Promise.resolve(this.notifications.resourceUpdated(uri));
  }

  /** The custom HTTP routes (`@Route()` methods and `app.route()`), served beside the MCP endpoint. */
  get routes(): readonly RouteDefinition[] {
    return this.customRoutes;
  }

  /**
   * Adds an HTTP route served beside the MCP endpoint (before `listen()`): same port, same
   * authentication (a token is required when the app has auth, unless `public`), same error
   * handling. The handler receives a `RouteRequest` and returns a JSON value, a `RouteResponse`
   * or nothing.
   *
   * @example
   * app.route('GET', '/status', () => ({ queue: jobs.size }), { public: true });
   * app.route('POST', '/admin/flush', async () => { await cache.clear(); }, { scopes: ['admin'] });
   */
  route(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): this {
    this.addRoutes([programmaticRoute(method, path, handler, options)]);
    return this;
  }

  /**
   * Adds route definitions, refusing a method and path served twice.
   * @internal `createMcpApp` adds the `@Route` methods; applications call `route()`.
   */
  addRoutes(routes: readonly RouteDefinition[]): void {
    for (const route of routes) {
      const clash = this.customRoutes.find((r) => r.method === route.method && r.path === route.path);
      if (clash) throw new McpDefinitionError(`route ${route.method} ${route.path} is defined twice: by ${clash.where} and ${route.where}`);
      this.customRoutes.push(route);
    }
  }

  /**
   * Whether this replica should receive traffic, for readiness probes: `degraded` (still
   * ready) while the store does not answer, `stopping` (not ready) once a shutdown has begun.
   *
   * @example
   * const { ready, status, checks } = await app.readiness();
   */
  readiness(): Promise<Readiness> {
    return checkReadiness(this.services.store, this.closed || this.services.inFlight.closing);
  }

  /** Registers a listener that a graceful shutdown stops and waits for before closing (HTTP servers). */
  onShutdown(drainable: Drainable): void {
    this.drainables.push(drainable);
  }

  /**
   * Graceful shutdown: stops taking requests (HTTP answers 503, new calls are refused), waits
   * for the calls in progress to finish, at most `timeoutMs` (default `MCP_SHUTDOWN_TIMEOUT_MS`),
   * then closes every session, transport and store. Idempotent; resolves to whether every call
   * finished in time.
   *
   * @example
   * const { drained } = await app.shutdown({ timeoutMs: 5_000 });
   */
  shutdown(options: ShutdownOptions = {}): Promise<ShutdownResult> {
    this.shuttingDown ??= (async () => {
      const { logger, inFlight } = this.services;
      inFlight.closing = true;
      const result = await drain(this.drainables, inFlight, options.timeoutMs ?? this.config.shutdownTimeoutMs, logger);
      await this.close();
      logger.info('shutdown_complete', { event: 'shutdown_complete', drained: result.drained });
      return result;
    })();
    return this.shuttingDown;
  }

  /**
   * Runs `shutdown()` on SIGTERM and SIGINT (what `docker stop` and Kubernetes send, and Ctrl-C),
   * then exits with code 0. `listen()` calls it unless given `shutdownHooks: false`; call it
   * yourself for other options or an app you connect by hand. A second signal exits at once
   * with code 1. The first call wins; `close()` removes the hooks.
   *
   * @example
   * const app = await createMcpApp({ name: 'demo', version: '1.0.0', providers: [Tools] });
   * app.enableShutdownHooks({ timeoutMs: 30_000 });
   * await app.listen();
   */
  enableShutdownHooks(options: ShutdownHookOptions = {}): this {
    this.removeShutdownHooks ??= installShutdownHooks(
      () => this.shutdown(options),
      { signals: options.signals ?? ['SIGTERM', 'SIGINT'], exit: options.exit ?? true },
      this.services.logger,
    );
    return this;
  }

  /**
   * Drops every cached result tagged with one of `tags` (`@Cached({ tags })`), as a tool marked
   * `@InvalidatesCache` does. Resolves to false when the store could not be reached.
   *
   * @example
   * await app.invalidateCache('weather');
   */
  invalidateCache(...tags: string[]): Promise<boolean> {
    return this.services.cache.invalidate(...tags);
  }

  /** Registers something to stop when the app closes (servers, stores, timers). */
  onClose(closer: () => Promise<void>): void {
    this.closers.push(closer);
  }

  /**
   * Closes every listener, session, transport and store the app started. Idempotent.
   * Listeners close first, so that no new session starts while the others end.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.removeShutdownHooks?.();
    for (const closer of this.closers.reverse()) await closer().catch(() => undefined);
    await Promise.allSettled([...this.connections].map((connection) => connection.close()));
    this.notifications.close();
    await this.services.events.close?.();
    await this.services.store.close();
  }
}

/** HTTP options with what they leave out (or leave undefined) taken from the `MCP_*` settings. */
function withConfigDefaults(options: HttpListenOptions, config: McpConfig): HttpListenOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as HttpListenOptions;
  return {
    host: config.host,
    port: config.port,
    path: config.path,
    legacy: config.legacy,
    ...(config.allowedHosts ? { allowedHosts: config.allowedHosts } : {}),
    ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    ...given,
    transport: 'http',
  };
}

/**
 * Wraps a transport so that every incoming message is checked before the SDK reads it: a
 * message it would answer badly gets a clear error instead. The serving entry sets
 * `onmessage` before it starts the transport.
 */
function guarded(transport: Transport): Transport {
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const onmessage = transport.onmessage;
    if (onmessage) {
      transport.onmessage = (message, extra) => {
        const refused = inboundMessageError(message);
        if (refused) {
          transport.send(refused).catch(() => undefined);
          return;
        }
        onmessage(message, extra);
      };
    }
    await start();
  };
  return transport;
}

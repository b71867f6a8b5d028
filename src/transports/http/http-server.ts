import type { EventStore } from '@modelcontextprotocol/server';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryEventStore } from '../../stores/memory-event-store';
import { RedisEventStore } from '../../stores/redis-event-store';
import { RedisStore } from '../../stores/redis.store';
import type { Store } from '../../stores/store';
import { InFlight } from '../../timing/in-flight';
import { healthRoute } from './health.route';
import { hostCheckMiddleware, isLoopbackHost, LOOPBACK_HOSTNAMES } from './host-check.middleware';
import type { HttpServedApp } from './http-app';
import { resolveHttpOptions, type HttpListenOptions, type ResolvedHttpOptions } from './http-options';
import { HttpRouter, writeJsonRpcError, type HttpHandler, type HttpMiddleware, type HttpRequest } from './http-router';
import { trackUntilDone } from './long-lived';
import { HandlerEndpoint } from './mcp-endpoint';
import { SessionManager, type McpEndpoint } from './session-manager';

/** An extra route served beside the MCP endpoint. */
export interface HttpRouteDefinition {
  readonly method: string;
  readonly path: string;
  readonly handler: HttpHandler;
  readonly middleware?: HttpMiddleware[];
}

/**
 * What features built on the HTTP server add to it (authentication, readiness, metrics):
 * middleware run before every route, middleware guarding the MCP endpoint only (where
 * `req.auth` is set for `ctx.auth`), and extra routes.
 */
export interface HttpServerExtensions {
  readonly middleware?: readonly HttpMiddleware[];
  readonly mcpMiddleware?: readonly HttpMiddleware[];
  /** Looks at each MCP message before it is served; throws an `HttpError` to answer instead. */
  readonly inspectMessage?: (req: HttpRequest, message: unknown) => void;
  readonly routes?: readonly HttpRouteDefinition[];
}

/**
 * A running streamable HTTP server: the MCP endpoint (stateful or stateless) and `/health`,
 * on plain `node:http`. Returned by `app.listen({ transport: 'http' })`; closed by
 * `app.close()` or its own `close()`.
 *
 * @example
 * const server = await app.listen({ transport: 'http', port: 0 });
 * const client = new Client({ name: 'c', version: '1' });
 * await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
 */
export class McpHttpServer {
  /**
   * The request dispatch, in order: global middleware, then routes with their middleware.
   * @internal
   */
  readonly router: HttpRouter;
  /** @internal */
  readonly options: ResolvedHttpOptions;
  private readonly server: Server;
  private readonly endpoint: McpEndpoint;
  private address?: AddressInfo;
  private startedAt = 0;
  private closing?: Promise<void>;
  /** Set by a graceful shutdown: new requests get 503 while those in progress finish. */
  private draining = false;
  /** Requests in progress, apart from the endpoint's long-lived GET streams. */
  private readonly active = new InFlight();

  /** @internal `app.listen({ transport: 'http' })` creates it. */
  constructor(
    private readonly app: HttpServedApp,
    options: HttpListenOptions,
    extensions: HttpServerExtensions = {},
  ) {
    this.options = resolveHttpOptions(options);
    const { logger } = app.services;
    const { legacy, maxBodyBytes, jsonResponse } = this.options;
    const sessions =
      legacy === 'sessions'
        ? new SessionManager(app, {
            maxSessions: this.options.maxSessions,
            idleTimeoutMs: this.options.sessionIdleTimeoutMs,
            maxBodyBytes,
            eventStore: this.options.eventStore === false ? undefined : (this.options.eventStore ?? defaultEventStore(app.services.store)),
            jsonResponse,
          })
        : undefined;
    this.endpoint = new HandlerEndpoint(app, { legacy, maxBodyBytes, jsonResponse, inspectMessage: extensions.inspectMessage }, sessions);

    // The order requests meet: global middleware, then the route's own middleware.
    const router = new HttpRouter(logger);
    for (const middleware of extensions.middleware ?? []) router.use(middleware);
    router.route(
      'GET',
      '/health',
      healthRoute({
        identity: app.identity,
        registry: app.registry,
        uptimeMs: () => Date.now() - this.startedAt,
        sessions: () => this.endpoint.sessionCount,
      }),
    );
    const mcpMiddleware = [...this.hostCheck(), ...(extensions.mcpMiddleware ?? [])];
    for (const method of this.endpoint.methods) {
      router.route(method, this.options.path, (req, res) => this.endpoint.handle(req, res), { middleware: mcpMiddleware });
    }
    for (const route of extensions.routes ?? []) router.route(route.method, route.path, route.handler, { middleware: route.middleware });
    this.router = router;

    this.server = createServer((req, res) => this.onRequest(req, res));
  }

  /** Binds the port; resolves once the server accepts connections. */
  async listen(): Promise<this> {
    const { host, port } = this.options;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        reject(
          error.code === 'EADDRINUSE' ? new Error(`cannot listen on ${host}:${port}: the port is in use; choose another port, or 0 for any free one`) : error,
        );
      };
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.address = this.server.address() as AddressInfo;
    this.startedAt = Date.now();
    this.app.services.logger.info('http_listening', {
      event: 'http_listening',
      url: this.url,
      legacy: this.options.legacy,
      dnsRebindingProtection: this.options.hostCheck !== undefined,
    });
    return this;
  }

  /** The bound port (the actual one when listening on port 0). */
  get port(): number {
    return this.bound().port;
  }

  /** The bound interface. */
  get host(): string {
    return this.bound().address;
  }

  /** The MCP endpoint's URL, e.g. `http://127.0.0.1:3000/mcp`. */
  get url(): string {
    const { address, family } = this.bound();
    const host = family === 'IPv6' ? `[${address}]` : address;
    return `http://${host}:${this.port}${this.options.path}`;
  }

  /** Sessions open now (always 0 in stateless mode). */
  get sessionCount(): number {
    return this.endpoint.sessionCount;
  }

  /**
   * Stops accepting connections, ends every session and transport (SSE streams included), then
   * cuts the connections still open. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      await this.endpoint.close();
      this.server.closeAllConnections();
      if (this.address) await closed;
      this.app.services.logger.info('http_closed', { event: 'http_closed' });
    })();
    return this.closing;
  }

  /** Graceful shutdown, first half: new sessions and requests get 503 from now on; those in progress go on. */
  stopAccepting(): void {
    this.draining = true;
  }

  /** Resolves once no request is in progress (the endpoint's GET streams aside: they never end by themselves). */
  idle(): Promise<void> {
    return this.active.idle();
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.closing || (this.draining && !this.servedWhileDraining(req))) {
      writeJsonRpcError(res, 503, -32000, 'Service Unavailable: the server is shutting down', { Connection: 'close' });
      return;
    }
    const stream = req.method === 'GET' && (req.url ?? '').split('?', 1)[0] === this.options.path;
    if (!stream) {
      const done = this.active.begin();
      res.once('close', done);
      // A 2026-07-28 `subscriptions/listen` stream never ends by itself either.
      trackUntilDone(res, done);
    }
    void this.router.handle(req, res);
  }

  /**
   * While draining, probes still answer (`/ready` says `stopping`, so load balancers stop routing
   * here) and open sessions may still POST: a call in progress may wait on the client's reply to
   * a request of its own (elicitation, sampling). New calls in those POSTs are refused by the
   * pipeline with a clear error; new sessions get 503 here.
   */
  private servedWhileDraining(req: IncomingMessage): boolean {
    const path = (req.url ?? '').split('?', 1)[0];
    if (req.method === 'GET') return path !== this.options.path;
    return req.method === 'POST' && path === this.options.path && typeof req.headers['mcp-session-id'] === 'string';
  }

  private hostCheck(): HttpMiddleware[] {
    const check = this.options.hostCheck;
    if (!check) return [];
    const configured = check.allowedHosts;
    let defaults: readonly string[] | undefined;
    return [
      hostCheckMiddleware({
        allowedHosts: () => {
          if (configured) return configured;
          // Loopback binds only (other binds require allowedHosts): known once bound.
          defaults ??= loopbackHosts(this.options.host, this.port);
          return defaults;
        },
        allowedOrigins: check.allowedOrigins,
      }),
    ];
  }

  private bound(): AddressInfo {
    if (!this.address) throw new Error('the HTTP server is not listening yet');
    return this.address;
  }
}

function loopbackHosts(host: string, port: number): readonly string[] {
  const names = new Set<string>(LOOPBACK_HOSTNAMES);
  if (isLoopbackHost(host)) names.add(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  return Object.freeze([...names].map((name) => `${name}:${port}`));
}

/** Resumability events go where the app keeps its shared state: Redis when the app uses it. */
function defaultEventStore(store: Store): EventStore {
  return store instanceof RedisStore ? new RedisEventStore(store) : new MemoryEventStore();
}

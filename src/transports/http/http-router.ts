import type { AuthInfo } from '@modelcontextprotocol/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { logUnexpected } from '../../errors/unexpected-error';
import type { Logger } from '../../logging/logger';

/** JSON-RPC error codes the HTTP layer answers with (the SDK's transport uses the same). */
export const HTTP_RPC_CODES = {
  /** Generic transport-level rejection (bad header, forbidden, too large...). */
  serverError: -32000,
  /** The `Mcp-Session-Id` is unknown, expired or ended. */
  sessionNotFound: -32001,
  parseError: -32700,
  invalidRequest: -32600,
  internalError: -32603,
} as const;

/**
 * An incoming request as middleware and routes see it. `auth`, when a middleware sets it, is
 * handed by the SDK transport to every MCP request of that HTTP request (`ctx.auth`).
 */
export interface HttpRequest extends IncomingMessage {
  /** The path of the URL, without its query. */
  pathname: string;
  /** The authenticated caller. */
  auth?: AuthInfo;
}

/** Handles a request: writes the response, or throws an `HttpError`. */
export type HttpHandler = (req: HttpRequest, res: ServerResponse) => void | Promise<void>;

/**
 * Runs before a handler. It may throw an `HttpError` to reject the request, attach data to the
 * request (`req.auth`), or answer itself (the chain stops once a response has started).
 */
export type HttpMiddleware = (req: HttpRequest, res: ServerResponse) => void | Promise<void>;

/** A rejection the client is told about: status, message, JSON-RPC code and extra headers. */
export class HttpError extends Error {
  readonly code: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    message: string,
    options: { code?: number; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.code = options.code ?? HTTP_RPC_CODES.serverError;
    this.headers = Object.freeze({ ...(options.headers ?? {}) });
  }
}

/** Options of a route. */
export interface RouteOptions {
  /** Middleware run for this route only, after the global ones, in order. */
  middleware?: HttpMiddleware[];
}

interface Route {
  readonly handler: HttpHandler;
  readonly middleware: readonly HttpMiddleware[];
}

/**
 * The HTTP server's request dispatch: global middleware in order, then the route for
 * (path, method) with its own middleware, then its handler. Unknown paths get 404, known paths
 * with another method 405; every rejection is a JSON-RPC error body, and anything unexpected is
 * logged with a correlation id and answered 500 without details.
 */
export class HttpRouter {
  private readonly middleware: HttpMiddleware[] = [];
  private readonly routes = new Map<string, Map<string, Route>>();

  constructor(private readonly logger: Logger) {}

  /** Adds a middleware run before every route (and before 404/405 answers). */
  use(middleware: HttpMiddleware): this {
    this.middleware.push(middleware);
    return this;
  }

  /** Adds a route; `method` is an HTTP method in upper case, `path` an exact path. */
  route(method: string, path: string, handler: HttpHandler, options: RouteOptions = {}): this {
    const methods = this.routes.get(path) ?? new Map<string, Route>();
    if (methods.has(method)) throw new Error(`route ${method} ${path} is defined twice`);
    methods.set(method, { handler, middleware: [...(options.middleware ?? [])] });
    this.routes.set(path, methods);
    return this;
  }

  /** Serves one request. Never throws: failures become error responses. */
  async handle(incoming: IncomingMessage, res: ServerResponse): Promise<void> {
    const req = incoming as HttpRequest;
    try {
      req.pathname = pathOf(incoming.url);
      if (!(await runChain(this.middleware, req, res))) return;
      const methods = this.routes.get(req.pathname);
      if (!methods) throw new HttpError(404, `Not Found: ${req.pathname}`);
      const route = methods.get(req.method ?? '');
      if (!route) {
        const allow = [...methods.keys()].join(', ');
        throw new HttpError(405, `Method Not Allowed: ${req.method} ${req.pathname} (allowed: ${allow})`, { headers: { Allow: allow } });
      }
      if (!(await runChain(route.middleware, req, res))) return;
      await route.handler(req, res);
    } catch (error) {
      this.fail(req, res, error);
    }
  }

  private fail(req: HttpRequest, res: ServerResponse, error: unknown): void {
    if (error instanceof HttpError) {
      this.logger.debug('http_request_rejected', {
        event: 'http_request_rejected',
        method: req.method,
        path: req.pathname,
        status: error.status,
        reason: error.message,
      });
      writeJsonRpcError(res, error.status, error.code, error.message, error.headers);
      return;
    }
    const correlationId = logUnexpected(error, this.logger, 'http_internal_error', { method: req.method, path: req.pathname });
    writeJsonRpcError(res, 500, HTTP_RPC_CODES.internalError, `Internal error. Correlation id: ${correlationId}`);
  }
}

/** Runs middleware in order; false once one of them has answered. */
async function runChain(chain: readonly HttpMiddleware[], req: HttpRequest, res: ServerResponse): Promise<boolean> {
  for (const middleware of chain) {
    await middleware(req, res);
    if (res.headersSent || res.writableEnded) return false;
  }
  return true;
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    throw new HttpError(400, 'Bad Request: malformed URL');
  }
}

/** Writes a JSON body with the given status (the way every non-MCP answer is written). */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * Writes a JSON-RPC error response (`id: null`, as for errors not tied to a request). When a
 * response is already streaming, it can only be cut short.
 */
export function writeJsonRpcError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

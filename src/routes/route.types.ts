import type { AuthInfo } from '@modelcontextprotocol/server';
import type { IncomingHttpHeaders } from 'node:http';
import type { AccessPolicy } from '../metadata/policy.types';

/**
 * What a custom route handler receives.
 *
 * @example
 * app.route('GET', '/echo', (req) => ({ q: req.query.get('q'), caller: req.auth?.extra?.['sub'] ?? null }));
 */
export interface RouteRequest {
  /** Upper case (`GET`, `POST`...). */
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  /** The parsed query string. */
  readonly query: URLSearchParams;
  /** The request headers, names in lower case (Node's `IncomingHttpHeaders`). */
  readonly headers: IncomingHttpHeaders;
  /** The verified caller, when the request carried a valid bearer token. */
  readonly auth: AuthInfo | undefined;
  /** The JSON body of POST, PUT and PATCH requests (bounded like MCP requests); else undefined. */
  readonly body: unknown;
}

/**
 * A full answer from a route: status, headers and body. A handler may instead return a plain
 * value (sent as JSON with 200) or nothing (204).
 *
 * @example
 * return new RouteResponse({ created: id }, { status: 201, headers: { Location: `/items/${id}` } });
 * return new RouteResponse('pong', { contentType: 'text/plain' });
 */
export class RouteResponse {
  /** The HTTP status (default 200). */
  readonly status: number;
  /** Extra response headers, frozen. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The `Content-Type`; when absent, `text/plain; charset=utf-8` for a string, `application/octet-stream`
   * for a `Buffer`, JSON otherwise.
   */
  readonly contentType: string | undefined;

  constructor(
    /** What to send: a string or `Buffer` as is, `undefined` as no body, anything else as JSON. */
    readonly body: unknown,
    options: { status?: number; headers?: Record<string, string>; contentType?: string } = {},
  ) {
    this.status = options.status ?? 200;
    this.headers = Object.freeze({ ...(options.headers ?? {}) });
    this.contentType = options.contentType;
  }
}

/**
 * Handles a custom route. Return a value (JSON), a `RouteResponse`, or nothing (204). Throw a
 * `ToolError` for an error the caller should read (its category picks the status: validation
 * 400, authentication 401, authorization 403, rate_limit 429, timeout 504, network and
 * external_api 502, database 503, system 500); anything
 * else answers 500 with a correlation id, the details staying in the logs.
 */
export type RouteHandler = (request: RouteRequest) => unknown;

/** Options of `app.route()`: who may call it (the same rules as `@Public()` / `@RequireScopes()`). */
export interface RouteOptions {
  /** Reachable without a token when the app has auth. */
  public?: boolean;
  /** Scopes the caller's token must hold. */
  scopes?: string[];
}

/** A custom route, ready to serve. */
export interface RouteDefinition {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The path it answers, starting with `/`. */
  readonly path: string;
  /** `Class.method`, or `app.route(...)`, for messages. */
  readonly where: string;
  /** Who may call it; undefined: any caller with a valid token, or anyone when the app has no auth. */
  readonly access: AccessPolicy | undefined;
  /** The function that answers. */
  readonly handler: RouteHandler;
}

import type { EventStore } from '@modelcontextprotocol/server';
import { positiveInteger } from '../../errors/invalid-option';
import { assertHostEntries, isLoopbackHost } from './host-check.middleware';

/**
 * Options of `app.listen({ transport: 'http', ... })`: the streamable HTTP transport. `host`,
 * `port`, `path` and `legacy` left out come from `MCP_HOST`, `MCP_PORT`, `MCP_PATH` and
 * `MCP_LEGACY`; the rest from the defaults below.
 *
 * @example
 * const server = await app.listen({ transport: 'http', port: 3000 });
 * console.error(`MCP endpoint: ${server.url}`);   // http://127.0.0.1:3000/mcp
 */
export interface HttpListenOptions {
  /** `http`; left out, `MCP_TRANSPORT` decides. */
  transport?: 'http';
  /**
   * Interface to bind (default `127.0.0.1`: this machine only). Binding anything else
   * (`0.0.0.0`, a LAN address) requires `allowedHosts`, or `dnsRebindingProtection: false`.
   */
  host?: string;
  /** TCP port (default 8000); 0 picks a free one, read back from the result's `port`. */
  port?: number;
  /** Path of the MCP endpoint (default `/mcp`). */
  path?: string;
  /**
   * How 2025-era clients (protocol 2024-11-05 to 2025-11-25) are served; 2026-07-28 clients are
   * always served statelessly, by any replica.
   * - `stateless` (default): each request by itself, like 2026-07-28 ones; no `Mcp-Session-Id`,
   *   GET and DELETE answer 405, no server-to-client requests (elicitation, sampling).
   * - `sessions`: `initialize` opens a session (`Mcp-Session-Id`) with resumable streams and
   *   server-to-client requests; a session lives in one process, so replicas need affinity.
   * - `reject`: 2026-07-28 clients only; 2025 ones get the unsupported-version error.
   */
  legacy?: 'stateless' | 'sessions' | 'reject';
  /** Most 2025 sessions open at once (default 1 000); further `initialize` requests get 503. */
  maxSessions?: number;
  /**
   * A session without any request in progress for this long is closed (default 30 minutes);
   * its id then gets 404 and the client starts a new session.
   */
  sessionIdleTimeoutMs?: number;
  /**
   * Where SSE events are kept for clients resuming with `Last-Event-ID` (the SDK's
   * `EventStore` interface). Default: a `RedisEventStore` when the app's store is a
   * `RedisStore`, else a bounded `MemoryEventStore` per server; `false` disables
   * resumability. `legacy: 'sessions'` only.
   */
  eventStore?: EventStore | false;
  /** Largest request body, in bytes (default 4 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /**
   * `Host` header values accepted: `name` (any port) or `name:port`. Default when bound to a
   * loopback interface: `localhost`, `127.0.0.1` and `[::1]` at the bound port.
   */
  allowedHosts?: string[];
  /**
   * `Origin` header values accepted (exact, e.g. `https://app.example.com`). Default: an origin
   * whose host is an allowed host. Requests without `Origin` are not browser requests and pass.
   */
  allowedOrigins?: string[];
  /**
   * The `Host`/`Origin` checks against DNS rebinding (default true). Turn off only when
   * something in front (a reverse proxy) validates `Host` itself.
   */
  dnsRebindingProtection?: boolean;
  /**
   * Answer each POST with one JSON body, never an SSE stream (default false: a stream only once
   * a call sends progress or logs before its result). Notifications sent during a call are then lost.
   */
  jsonResponse?: boolean;
}

/**
 * Defaults of the HTTP transport.
 *
 * @example
 * await app.listen({ transport: 'http', maxBodyBytes: 2 * HTTP_DEFAULTS.maxBodyBytes });
 */
export const HTTP_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 8000,
  path: '/mcp',
  maxSessions: 1_000,
  sessionIdleTimeoutMs: 30 * 60_000,
  maxBodyBytes: 4 * 1024 * 1024,
});

/** `HttpListenOptions` with defaults applied and values checked. */
export interface ResolvedHttpOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly legacy: 'stateless' | 'sessions' | 'reject';
  readonly maxSessions: number;
  readonly sessionIdleTimeoutMs: number;
  readonly eventStore: EventStore | false | undefined;
  readonly maxBodyBytes: number;
  /** Undefined when the Host/Origin checks are off. */
  readonly hostCheck: { readonly allowedHosts: readonly string[] | undefined; readonly allowedOrigins: readonly string[] | undefined } | undefined;
  readonly jsonResponse: boolean;
}

/** Applies defaults and refuses unusable options with a message naming the option. */
export function resolveHttpOptions(options: HttpListenOptions): ResolvedHttpOptions {
  const host = options.host ?? HTTP_DEFAULTS.host;
  const port = options.port ?? HTTP_DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  const path = options.path ?? HTTP_DEFAULTS.path;
  if (typeof path !== 'string' || !path.startsWith('/') || /[?#\s]/.test(path)) {
    throw new TypeError(`path must start with "/" and hold no query, fragment or space, got ${JSON.stringify(path)}`);
  }
  const protection = options.dnsRebindingProtection ?? true;
  if (options.allowedHosts) assertHostEntries(options.allowedHosts);
  if (protection && !options.allowedHosts && !isLoopbackHost(host)) {
    throw new Error(
      `listening on ${host} exposes the server beyond this machine, where DNS-rebinding protection needs to know ` +
        `the host names clients use: set allowedHosts (e.g. ['mcp.example.com']), or dnsRebindingProtection: false ` +
        `when a reverse proxy in front validates the Host header`,
    );
  }
  return Object.freeze({
    host,
    port,
    path,
    legacy: legacyPosture(options.legacy),
    maxSessions: positiveInteger('maxSessions', options.maxSessions ?? HTTP_DEFAULTS.maxSessions),
    sessionIdleTimeoutMs: positiveInteger('sessionIdleTimeoutMs', options.sessionIdleTimeoutMs ?? HTTP_DEFAULTS.sessionIdleTimeoutMs, MAX_TIMER_MS),
    eventStore: options.eventStore,
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes),
    hostCheck: protection ? Object.freeze({ allowedHosts: freezeCopy(options.allowedHosts), allowedOrigins: freezeCopy(options.allowedOrigins) }) : undefined,
    jsonResponse: options.jsonResponse ?? false,
  });
}

function legacyPosture(value: HttpListenOptions['legacy']): ResolvedHttpOptions['legacy'] {
  if (value === undefined) return 'stateless';
  if (value === 'stateless' || value === 'sessions' || value === 'reject') return value;
  throw new TypeError(`legacy must be 'stateless', 'sessions' or 'reject', got ${JSON.stringify(value)}`);
}

/** The longest delay `setTimeout` honours (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function freezeCopy(values: readonly string[] | undefined): readonly string[] | undefined {
  return values ? Object.freeze([...values]) : undefined;
}

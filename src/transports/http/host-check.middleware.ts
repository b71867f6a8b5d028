import { HttpError, type HttpMiddleware } from './http-router';

/** A host as the checks compare it: lower-case name (IPv6 in brackets) and optional port. */
interface HostPattern {
  readonly hostname: string;
  /** Undefined in an allowed entry: any port. */
  readonly port: string | undefined;
}

/** The names under which a loopback-bound server is reached. */
export const LOOPBACK_HOSTNAMES = Object.freeze(['localhost', '127.0.0.1', '[::1]']);

/** True for interfaces reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** What the DNS-rebinding check accepts. */
export interface HostCheckRules {
  /**
   * Accepted `Host` header values: `name` (any port) or `name:port`. Computed lazily because
   * the default entries carry the port known only once the server is bound.
   */
  allowedHosts: () => readonly string[];
  /** Accepted `Origin` values (exact); undefined: an origin is accepted when its host is. */
  allowedOrigins: readonly string[] | undefined;
}

/**
 * DNS-rebinding protection: a web page the user visits may resolve its own domain to
 * 127.0.0.1 and script requests to a local server. The browser then sends that domain in
 * `Host` (and its origin in `Origin`), which is what this middleware refuses (403).
 * Requests without `Origin` (every non-browser client) are judged by `Host` alone.
 */
export function hostCheckMiddleware(rules: HostCheckRules): HttpMiddleware {
  const origins = rules.allowedOrigins ? new Set(rules.allowedOrigins.map(normalizeOrigin)) : undefined;
  let cachedFor: readonly string[] | undefined;
  let patterns: HostPattern[] = [];
  const allowed = (): HostPattern[] => {
    const entries = rules.allowedHosts();
    if (entries !== cachedFor) {
      patterns = entries.map((entry) => parseHost(entry)).filter((p): p is HostPattern => p !== undefined);
      cachedFor = entries;
    }
    return patterns;
  };

  return (req) => {
    const host = req.headers.host;
    const parsed = host === undefined ? undefined : parseHost(host, '80');
    if (!parsed || !matches(parsed, allowed())) {
      throw new HttpError(403, `Forbidden: Host header ${JSON.stringify(host ?? '')} is not allowed (see the allowedHosts option)`);
    }
    const origin = req.headers.origin;
    if (origin === undefined) return;
    const accepted = origins ? origins.has(normalizeOrigin(origin)) : originHostAllowed(origin, allowed());
    if (!accepted) {
      throw new HttpError(403, `Forbidden: Origin ${JSON.stringify(origin)} is not allowed (see the allowedOrigins option)`);
    }
  };
}

/** Throws, naming the entry, when an `allowedHosts` entry is not `name`, `name:port` or `[v6]:port`. */
export function assertHostEntries(entries: readonly string[]): void {
  for (const entry of entries) {
    if (typeof entry !== 'string' || !parseHost(entry)) {
      throw new TypeError(`allowedHosts: ${JSON.stringify(entry)} is not a host name, host:port or [ipv6]:port`);
    }
  }
}

function matches(candidate: HostPattern, allowed: readonly HostPattern[]): boolean {
  return allowed.some((entry) => entry.hostname === candidate.hostname && (entry.port === undefined || entry.port === candidate.port));
}

function originHostAllowed(origin: string, allowed: readonly HostPattern[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, file://) and garbage
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return matches({ hostname: url.hostname.toLowerCase(), port }, allowed);
}

/**
 * Parses `name`, `name:port`, `[v6]` or `[v6]:port`; undefined when malformed. A `Host` header
 * omits the default port, hence `defaultPort` for headers (entries without a port match any).
 */
function parseHost(value: string, defaultPort?: string): HostPattern | undefined {
  const text = value.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match) return undefined;
  return { hostname: match[1], port: match[2] ?? defaultPort };
}

function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

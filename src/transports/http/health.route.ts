import type { Registry } from '../../registry/registry';
import { writeJson, type HttpHandler } from './http-router';

/**
 * The body of `GET /health`.
 *
 * @example
 * const health = (await (await fetch('http://127.0.0.1:3000/health')).json()) as HealthStatus;
 */
export interface HealthStatus {
  /** Always `ok`: the process answers HTTP. */
  readonly status: 'ok';
  /** The server name. */
  readonly name: string;
  /** The server version. */
  readonly version: string;
  /** Whole seconds since the HTTP server started listening. */
  readonly uptimeSeconds: number;
  /** Enabled tools. */
  readonly tools: number;
  /** Enabled resources, static ones and templates together. */
  readonly resources: number;
  /** Enabled prompts. */
  readonly prompts: number;
  /** Open sessions (0 in stateless mode). */
  readonly sessions: number;
}

/** What `/health` reports on. */
export interface HealthSource {
  readonly identity: { readonly name: string; readonly version: string };
  readonly registry: Registry;
  readonly uptimeMs: () => number;
  readonly sessions: () => number;
}

/**
 * `GET /health`: liveness for load balancers and orchestrators, always 200 while the process
 * serves HTTP. Readiness (dependencies such as Redis) is a separate concern.
 */
export function healthRoute(source: HealthSource): HttpHandler {
  return (_req, res) => {
    const { registry } = source;
    const status: HealthStatus = {
      status: 'ok',
      name: source.identity.name,
      version: source.identity.version,
      uptimeSeconds: Math.max(0, Math.floor(source.uptimeMs() / 1000)),
      tools: registry.listTools().length,
      resources: registry.listResources().length + registry.listResourceTemplates().length,
      prompts: registry.listPrompts().length,
      sessions: source.sessions(),
    };
    writeJson(res, 200, status, { 'Cache-Control': 'no-store' });
  };
}

import { toNodeHandler, toWebRequest, type NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, isLegacyRequest, type McpHttpHandler } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';
import { inboundMessageError } from '../../protocol/message-guard';
import type { HttpServedApp } from './http-app';
import { writeJson, type HttpRequest } from './http-router';
import { readJsonBody } from './json-body';
import { markLongLived } from './long-lived';
import type { McpEndpoint } from './session-manager';

/** Settings of the MCP endpoint. */
export interface EndpointSettings {
  /** How 2025-era clients are served (see `HttpListenOptions.legacy`). */
  readonly legacy: 'stateless' | 'sessions' | 'reject';
  readonly maxBodyBytes: number;
  readonly jsonResponse: boolean;
  /** Looks at each message before it is served (the scope challenge); throws to answer instead. */
  readonly inspectMessage?: (req: HttpRequest, message: unknown) => void;
}

/**
 * The MCP endpoint, served by the SDK's `createMcpHandler`: every request gets its own server,
 * built from the app's shared definitions, so any replica answers any request. 2026-07-28
 * `subscriptions/listen` streams read the app's event bus. 2025-era requests are served by
 * the same handler (statelessly), refused, or routed to the sessions of `legacy: 'sessions'`.
 *
 * What the SDK leaves to its host is done here: the body is read with our bounds (413, 415,
 * -32700), and a message the SDK would answer badly (too deep, `_meta` not an object, an
 * unsupported version) gets a clear JSON-RPC error first.
 */
export class HandlerEndpoint implements McpEndpoint {
  readonly methods = Object.freeze(['POST', 'GET', 'DELETE']);
  private readonly handler: McpHttpHandler;
  private readonly node: NodeMcpRequestHandler;

  constructor(
    app: HttpServedApp,
    private readonly settings: EndpointSettings,
    /** The 2025 sessions, when `legacy: 'sessions'`. */
    private readonly sessions: McpEndpoint | undefined,
  ) {
    const { logger, events } = app.services;
    this.handler = createMcpHandler(({ era }) => app.createServer(era, false), {
      legacy: settings.legacy === 'reject' ? 'reject' : 'stateless',
      bus: events,
      responseMode: settings.jsonResponse ? 'json' : 'auto',
      maxRequestBodySize: settings.maxBodyBytes,
      onerror: (error) => logger.debug('http_mcp_error', { event: 'http_mcp_error', error: error.message }),
    });
    this.node = toNodeHandler(this.handler, { onerror: (error) => logger.warn('http_mcp_failed', { event: 'http_mcp_failed', error: error.message }) });
  }

  get sessionCount(): number {
    return this.sessions?.sessionCount ?? 0;
  }

  async handle(req: HttpRequest, res: ServerResponse): Promise<void> {
    const body = req.method === 'POST' ? await readJsonBody(req, this.settings.maxBodyBytes) : undefined;
    const refused = body === undefined ? undefined : inboundMessageError(body);
    if (refused) {
      writeJson(res, 400, refused);
      return;
    }
    if (this.sessions && (await isLegacyRequest(await toWebRequest(req, body ?? null), body))) {
      await this.sessions.handle(req, res, body);
      return;
    }
    if (body !== undefined) this.settings.inspectMessage?.(req, body);
    if ((body as { method?: unknown } | undefined)?.method === 'subscriptions/listen') markLongLived(res);
    await this.node(req, res, body);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.handler.close(), this.sessions?.close()]);
  }
}

import type { ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { McpApp } from '../../app/mcp-app';
import type { HttpRequest } from './http-router';
import { readJsonBody } from './json-body';
import type { McpEndpoint } from './session-manager';

/**
 * Stateless streamable HTTP: every POST is served by a fresh transport and SDK server that live
 * as long as its response, so no request depends on an earlier one reaching the same process.
 * Only POST is routed (the router answers GET and DELETE with 405).
 */
export class StatelessEndpoint implements McpEndpoint {
  readonly methods = Object.freeze(['POST']);
  readonly sessionCount = 0;
  private readonly open = new Set<StreamableHTTPServerTransport>();

  constructor(
    private readonly app: McpApp,
    private readonly settings: { readonly maxBodyBytes: number; readonly jsonResponse: boolean },
  ) {}

  async handle(req: HttpRequest, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, this.settings.maxBodyBytes);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: this.settings.jsonResponse });
    transport.onerror = (error) => this.app.services.logger.debug('http_transport_error', { event: 'http_transport_error', error: error.message });
    this.open.add(transport);
    res.once('close', () => {
      this.open.delete(transport);
      void transport.close();
    });
    await this.app.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.open].map((transport) => transport.close()));
  }
}

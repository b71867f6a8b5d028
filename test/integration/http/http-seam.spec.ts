import { StreamableHTTPClientTransport, type Client } from '@modelcontextprotocol/client';
import { createMcpApp, Tool, ToolContext, type McpApp } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { HttpError, writeJson, type HttpMiddleware } from '../../../src/transports/http/http-router';
import { McpHttpServer } from '../../../src/transports/http/http-server';
import { captureLogger } from '../../support/capture-logger';
import { ERAS, newClient, rawPost, type Era } from '../../support/http';

/*
 * The extension points features such as authentication, readiness and metrics build on:
 * global middleware, middleware guarding the MCP endpoint (setting `req.auth`), extra routes.
 */
describe('the HTTP server’s middleware and routes', () => {
  @injectable()
  class IdentityTools {
    @Tool()
    whoami(ctx: ToolContext): { clientId: string | null; principal: string } {
      return { clientId: ctx.auth?.clientId ?? null, principal: ctx.principal };
    }
  }

  /** Accepts `Authorization: Bearer <user>` and attaches that user as the caller. */
  const bearerAuth: HttpMiddleware = (req) => {
    const match = /^Bearer (\w+)$/.exec(req.headers.authorization ?? '');
    if (!match) throw new HttpError(401, 'Unauthorized: send a bearer token', { headers: { 'WWW-Authenticate': 'Bearer' } });
    req.auth = { token: match[1]!, clientId: match[1]!, scopes: [], extra: { sub: match[1]! } };
  };

  const order: string[] = [];
  const log = captureLogger('debug');
  let app: McpApp;
  let server: McpHttpServer;

  beforeAll(async () => {
    app = await createMcpApp({ name: 'seam', version: '1.0.0', providers: [IdentityTools], logger: log.logger });
    server = new McpHttpServer(
      app,
      // Sessions for 2025 clients, so that binding a session to its opener can be shown.
      { transport: 'http', port: 0, legacy: 'sessions' },
      {
        middleware: [(req) => void order.push(`global ${req.method} ${req.pathname}`)],
        mcpMiddleware: [bearerAuth],
        routes: [
          { method: 'GET', path: '/version', handler: (_req, res) => writeJson(res, 200, { version: app.identity.version }) },
          {
            method: 'GET',
            path: '/explode',
            handler: () => {
              throw new Error('secret detail at /srv/app/db.ts:42');
            },
          },
        ],
      },
    );
    await server.listen();
    app.onClose(() => server.close());
  });

  afterAll(async () => {
    await app.close();
  });

  function clientFor(user: string, era: Era = 'legacy'): { client: Client; transport: StreamableHTTPClientTransport } {
    const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: `Bearer ${user}` } } });
    return { client: newClient(era, {}, user), transport };
  }

  it.each(ERAS)('hands req.auth set by a middleware to tools as ctx.auth (%s era)', async (era) => {
    const { client, transport } = clientFor('alice', era);
    await client.connect(transport);
    try {
      expect(client.getProtocolEra()).toBe(era);
      const result = await client.callTool({ name: 'whoami' });
      expect(result.structuredContent).toEqual({ clientId: 'alice', principal: 'sub:alice' });
    } finally {
      await client.close();
    }
  });

  it('lets a middleware reject with its status and headers', async () => {
    const response = await rawPost(server.url, undefined, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: 'Unauthorized: send a bearer token' }, id: null });
  });

  it('binds a 2025 session to the identity that opened it: another caller gets 404', async () => {
    const alice = clientFor('alice');
    await alice.client.connect(alice.transport);
    try {
      const stolen = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: 'Bearer mallory',
          'mcp-session-id': alice.transport.sessionId!,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami' } }),
      });
      expect(stolen.status).toBe(404);
      expect(await stolen.json()).toMatchObject({ error: { code: -32001 } });
      expect((await alice.client.callTool({ name: 'whoami' })).structuredContent).toMatchObject({ clientId: 'alice' });
    } finally {
      await alice.client.close();
    }
  });

  it('serves extra routes, after the global middleware and without the MCP endpoint’s', async () => {
    order.length = 0;
    const response = await fetch(new URL('/version', server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: '1.0.0' });
    expect(order).toEqual(['global GET /version']);
  });

  it('answers a handler’s unexpected error with 500 and a correlation id; the stack goes to the log only', async () => {
    const response = await fetch(new URL('/explode', server.url));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32603);
    expect(body.error.message).toMatch(/^Internal error\. Correlation id: [0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toMatch(/secret|db\.ts/);
    const correlationId = body.error.message.split(': ')[1];
    const entry = log.entries().find((e) => e['event'] === 'http_internal_error' && e['correlationId'] === correlationId);
    expect(entry).toMatchObject({ errorMessage: 'secret detail at /srv/app/db.ts:42', stack: expect.stringContaining('Error: secret detail') });
    const health = await fetch(new URL('/health', server.url));
    expect(health.status).toBe(200);
  });
});

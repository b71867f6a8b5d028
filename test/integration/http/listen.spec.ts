import { createMcpApp, Tool, type McpApp } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { connectHttpClient, firstMessage, INITIALIZE, modernPost, modernRequest, POST_HEADERS } from '../../support/http';

describe('app.listen on HTTP: options, MCP_* settings and closing', () => {
  @injectable()
  class PingTools {
    @Tool()
    ping(): string {
      return 'pong';
    }
  }

  const apps: McpApp[] = [];

  async function create(env: Record<string, string> = {}): Promise<McpApp> {
    const app = await createMcpApp({
      name: 'listen',
      version: '1.0.0',
      providers: [PingTools],
      logger: { level: 'error' },
      configSource: { env, envFile: false },
    });
    apps.push(app);
    return app;
  }

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('serves what the MCP_* settings say when called without options', async () => {
    const app = await create({ MCP_TRANSPORT: 'http', MCP_PORT: '0', MCP_PATH: '/rpc', MCP_LEGACY: 'sessions' });
    const server = await app.listen();
    expect(server?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rpc$/);
    expect(server!.options.legacy).toBe('sessions');
    const response = await fetch(server!.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toEqual(expect.any(String));
    await response.text();
  });

  it('takes MCP_LEGACY=reject: 2025 clients refused, 2026-07-28 ones served', async () => {
    const app = await create({ MCP_PORT: '0', MCP_LEGACY: 'reject' });
    const server = await app.listen({ transport: 'http' });
    expect(server.options.legacy).toBe('reject');
    const legacy = await fetch(server.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(legacy.status).toBe(400);
    expect(await firstMessage(legacy)).toMatchObject({ error: { code: -32022 } });
    const modern = await modernPost(server.url, modernRequest(1, 'tools/call', { name: 'ping', arguments: {} }));
    expect(await firstMessage(modern)).toMatchObject({ result: { content: [{ type: 'text', text: 'pong' }] } });
  });

  it('refuses an unknown legacy posture, naming the choices', async () => {
    const app = await create();
    await expect(app.listen({ transport: 'http', port: 0, legacy: 'maybe' as never })).rejects.toThrow(
      /legacy must be 'stateless', 'sessions' or 'reject', got "maybe"/,
    );
  });

  it('lets options given in code win over the settings, and ignores options left undefined', async () => {
    const app = await create({ MCP_PORT: '0', MCP_PATH: '/rpc' });
    const server = await app.listen({ transport: 'http', path: '/mcp', host: undefined, port: undefined });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.options.legacy).toBe('stateless');
  });

  it('says which port is taken', async () => {
    const first = await (await create()).listen({ transport: 'http', port: 0 });
    await expect((await create()).listen({ transport: 'http', port: first.port })).rejects.toThrow(
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}: the port is in use; choose another port, or 0 for any free one`),
    );
  });

  it('closes the listener, the sessions and their open streams on app.close()', async () => {
    const app = await create();
    const server = await app.listen({ transport: 'http', port: 0, legacy: 'sessions' });
    const { client } = await connectHttpClient(server.url);
    expect(server.sessionCount).toBe(1);
    const closing = app.close();
    await expect(Promise.race([closing.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('hung'), 5_000))])).resolves.toBe('closed');
    expect(server.sessionCount).toBe(0);
    await expect(fetch(server.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) })).rejects.toThrow(/fetch failed/);
    await client.close();
  });

  it('refuses to listen once the app is closed', async () => {
    const app = await create();
    await app.close();
    await expect(app.listen({ transport: 'http', port: 0 })).rejects.toThrow(/this app is closed/);
  });

  it('can serve several endpoints from one app, sharing its definitions', async () => {
    const app = await create();
    const stateful = await app.listen({ transport: 'http', port: 0, legacy: 'sessions' });
    const stateless = await app.listen({ transport: 'http', port: 0 });
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping', arguments: {} } };
    expect(await firstMessage(await fetch(stateless.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(list) }))).toMatchObject({
      result: { content: [{ text: 'pong' }] },
    });
    const { client } = await connectHttpClient(stateful.url);
    expect((await client.callTool({ name: 'ping' })).content).toEqual([{ type: 'text', text: 'pong' }]);
    expect(stateful.sessionCount).toBe(1);
    await client.close();
    const modern = await connectHttpClient(stateless.url, { era: 'modern' });
    expect((await modern.client.callTool({ name: 'ping' })).content).toEqual([{ type: 'text', text: 'pong' }]);
    await modern.client.close();
  });
});

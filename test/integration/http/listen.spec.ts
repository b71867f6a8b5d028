import { injectable } from 'tsyringe';
import { createMcpApp, Tool, type McpApp } from 'mcp-decorators';
import { connectHttpClient, firstMessage, INITIALIZE, POST_HEADERS } from '../../support/http';

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
    const app = await createMcpApp({ name: 'listen', version: '1.0.0', providers: [PingTools], logger: { level: 'error' }, configSource: { env, envFile: false } });
    apps.push(app);
    return app;
  }

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('serves what the MCP_* settings say when called without options', async () => {
    const app = await create({ MCP_TRANSPORT: 'http', MCP_PORT: '0', MCP_PATH: '/rpc', MCP_STATELESS: 'true' });
    const server = await app.listen();
    expect(server?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rpc$/);
    const response = await fetch(server!.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    await response.text();
  });

  it('lets options given in code win over the settings, and ignores options left undefined', async () => {
    const app = await create({ MCP_PORT: '0', MCP_PATH: '/rpc' });
    const server = await app.listen({ transport: 'http', path: '/mcp', host: undefined, port: undefined });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.options.stateless).toBe(false);
  });

  it('says which port is taken', async () => {
    const first = await (await create()).listen({ transport: 'http', port: 0 });
    await expect((await create()).listen({ transport: 'http', port: first.port })).rejects.toThrow(
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}: the port is in use; choose another port, or 0 for any free one`),
    );
  });

  it('closes the listener, the sessions and their open streams on app.close()', async () => {
    const app = await create();
    const server = await app.listen({ transport: 'http', port: 0 });
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
    const stateful = await app.listen({ transport: 'http', port: 0 });
    const stateless = await app.listen({ transport: 'http', port: 0, stateless: true });
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping', arguments: {} } };
    expect(await firstMessage(await fetch(stateless.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(list) }))).toMatchObject({
      result: { content: [{ text: 'pong' }] },
    });
    const { client } = await connectHttpClient(stateful.url);
    expect((await client.callTool({ name: 'ping' })).content).toEqual([{ type: 'text', text: 'pong' }]);
    await client.close();
  });
});

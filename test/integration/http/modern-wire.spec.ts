import { IsInt } from 'class-validator';
import { createMcpApp, Tool, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import {
  firstMessage,
  INITIALIZE,
  LEGACY_PROTOCOL_VERSION,
  MODERN_PROTOCOL_VERSION,
  modernHeaders,
  modernPost,
  modernRequest,
  POST_HEADERS,
  SseReader,
} from '../../support/http';

/*
 * The 2026-07-28 wire of streamable HTTP, spoken by hand on a real port: no session, a `_meta`
 * envelope and the standard headers on every request, header/body cross-checks, the
 * unsupported-version error — and 2025 `initialize` still answered by the same endpoint.
 */
describe('streamable HTTP, the 2026-07-28 wire', () => {
  class AddInput {
    @IsInt() a!: number;
    @IsInt() b!: number;
  }

  @injectable()
  class WireTools {
    @Tool({ description: 'Adds two integers' })
    add({ a, b }: AddInput): number {
      return a + b;
    }

    @Tool({ description: 'Does nothing; switched on and off by the tests' })
    spare(): string {
      return 'spare';
    }
  }

  const apps: McpApp[] = [];

  async function startApp(legacy?: 'stateless' | 'sessions' | 'reject'): Promise<{ app: McpApp; server: McpHttpServer }> {
    const app = await createMcpApp({
      name: 'wire',
      version: '3.1.4',
      providers: [WireTools],
      logger: { level: 'error' },
      configSource: { env: {}, envFile: false },
    });
    apps.push(app);
    return { app, server: await app.listen({ transport: 'http', port: 0, ...(legacy ? { legacy } : {}) }) };
  }

  const start = async (legacy?: 'stateless' | 'sessions' | 'reject'): Promise<McpHttpServer> => (await startApp(legacy)).server;

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  const addCall = (id: number | string, a = 2, b = 3): Record<string, unknown> => modernRequest(id, 'tools/call', { name: 'add', arguments: { a, b } });

  describe('on the default endpoint (legacy: stateless)', () => {
    let app: McpApp;
    let server: McpHttpServer;

    beforeAll(async () => {
      ({ app, server } = await startApp());
    });

    it('answers server/discover without a session: none asked, none issued', async () => {
      const discover = modernRequest(1, 'server/discover');
      const response = await modernPost(server.url, discover);
      expect(response.status).toBe(200);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      const answer = await firstMessage(response);
      expect(answer).toMatchObject({ jsonrpc: '2.0', id: 1, result: { supportedVersions: expect.arrayContaining([MODERN_PROTOCOL_VERSION]) } });
      expect(JSON.stringify(answer)).toMatch(/"tools"/);
      expect(JSON.stringify(answer)).toContain('wire');
      expect(server.sessionCount).toBe(0);
    });

    it('serves a tools/call carrying the envelope and the standard headers, with no session', async () => {
      const call = addCall(2, 40, 2);
      const headers = modernHeaders(call);
      expect(headers).toMatchObject({ 'mcp-protocol-version': MODERN_PROTOCOL_VERSION, 'mcp-method': 'tools/call', 'mcp-name': 'add' });
      const response = await modernPost(server.url, call);
      expect(response.status).toBe(200);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      expect(await firstMessage(response)).toMatchObject({ id: 2, result: { content: [{ type: 'text', text: '42' }], structuredContent: { result: 42 } } });
    });

    it('keeps no state between requests: a second call needs nothing from the first', async () => {
      const [one, two] = await Promise.all([modernPost(server.url, addCall('x', 1, 1)), modernPost(server.url, addCall('y', 2, 2))]);
      expect(await firstMessage(one)).toMatchObject({ id: 'x', result: { structuredContent: { result: 2 } } });
      expect(await firstMessage(two)).toMatchObject({ id: 'y', result: { structuredContent: { result: 4 } } });
      expect(server.sessionCount).toBe(0);
    });

    it('ignores an Mcp-Session-Id header: never echoes nor mints one', async () => {
      const response = await modernPost(server.url, addCall(3), { 'mcp-session-id': 'made-up-session' });
      expect(response.status).toBe(200);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      expect(await firstMessage(response)).toMatchObject({ id: 3, result: { structuredContent: { result: 5 } } });
    });

    it('refuses an Mcp-Method header that disagrees with the body: 400, HeaderMismatch (-32020), and the tool does not run', async () => {
      const response = await modernPost(server.url, addCall(4), { 'mcp-method': 'tools/list' });
      expect(response.status).toBe(400);
      const answer = await firstMessage(response);
      expect(answer).toMatchObject({ jsonrpc: '2.0', id: 4, error: { code: -32020, message: expect.stringMatching(/Mcp-Method/) } });
      expect(answer).not.toHaveProperty('result');
    });

    it('refuses an Mcp-Name header that disagrees with the body (400, -32020)', async () => {
      const response = await modernPost(server.url, addCall(5), { 'mcp-name': 'something-else' });
      expect(response.status).toBe(400);
      expect(await firstMessage(response)).toMatchObject({ id: 5, error: { code: -32020, message: expect.stringMatching(/Mcp-Name/) } });
    });

    it('refuses a request missing a required standard header (400, -32020)', async () => {
      const call = addCall(6);
      const { 'mcp-method': _method, ...withoutMethod } = modernHeaders(call);
      const response = await fetch(server.url, { method: 'POST', headers: withoutMethod, body: JSON.stringify(call) });
      expect(response.status).toBe(400);
      expect(await firstMessage(response)).toMatchObject({ id: 6, error: { code: -32020 } });
    });

    it('refuses an MCP-Protocol-Version header that disagrees with the envelope: 400 and a JSON-RPC error, never a result', async () => {
      const response = await modernPost(server.url, addCall(7), { 'mcp-protocol-version': LEGACY_PROTOCOL_VERSION });
      expect(response.status).toBe(400);
      const answer = await firstMessage(response);
      expect(answer).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32020, message: expect.any(String) } });
      expect(answer).not.toHaveProperty('result');
    });

    it('answers an unsupported version with 400 and -32022 listing the supported ones', async () => {
      const call = modernRequest(8, 'tools/call', { name: 'add', arguments: { a: 1, b: 2 }, _meta: modernMetaVersion('2099-01-01') });
      const response = await modernPost(server.url, call, { 'mcp-protocol-version': '2099-01-01' });
      expect(response.status).toBe(400);
      const answer = (await firstMessage(response)) as { error: { code: number; message: string; data: { supported: string[] } } };
      expect(answer).toMatchObject({ jsonrpc: '2.0', id: 8, error: { code: -32022 } });
      expect(answer.error.data.supported).toEqual(expect.arrayContaining([MODERN_PROTOCOL_VERSION]));
      expect(answer.error.data.supported).not.toContain('2099-01-01');
    });

    it('streams list changes on a subscriptions/listen response, acknowledged first, without a session', async () => {
      const listen = modernRequest('listen', 'subscriptions/listen', { notifications: { toolsListChanged: true } });
      const stop = new AbortController();
      const response = await modernPost(server.url, listen, {}, { signal: stop.signal });
      try {
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
        expect(response.headers.get('mcp-session-id')).toBeNull();
        const stream = new SseReader(response.body!);
        expect((await stream.nextMessage())?.message).toMatchObject({
          method: 'notifications/subscriptions/acknowledged',
          params: { notifications: { toolsListChanged: true } },
        });
        app.disableTool('spare');
        expect((await stream.nextMessage())?.message).toMatchObject({ method: 'notifications/tools/list_changed' });
        const list = await firstMessage(await modernPost(server.url, modernRequest('after', 'tools/list')));
        expect((list as { result: { tools: Array<{ name: string }> } }).result.tools.map((tool) => tool.name)).toEqual(['add']);
      } finally {
        app.enableTool('spare');
        stop.abort();
      }
    });

    it('still serves a 2025 initialize, statelessly, on the same endpoint', async () => {
      const response = await fetch(server.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
      expect(response.status).toBe(200);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      expect(await firstMessage(response)).toMatchObject({
        id: 0,
        result: { protocolVersion: LEGACY_PROTOCOL_VERSION, serverInfo: { name: 'wire', version: '3.1.4' } },
      });
      const legacyCall = await fetch(server.url, {
        method: 'POST',
        headers: POST_HEADERS,
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'add', arguments: { a: 5, b: 5 } } }),
      });
      expect(await firstMessage(legacyCall)).toMatchObject({ id: 9, result: { structuredContent: { result: 10 } } });
    });
  });

  describe('with legacy: sessions', () => {
    it('opens a session for a 2025 initialize, while a 2026-07-28 request stays sessionless', async () => {
      const server = await start('sessions');
      const init = await fetch(server.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
      expect(init.status).toBe(200);
      expect(init.headers.get('mcp-session-id')).toEqual(expect.any(String));
      await init.text();
      expect(server.sessionCount).toBe(1);

      const modern = await modernPost(server.url, addCall(10));
      expect(modern.status).toBe(200);
      expect(modern.headers.get('mcp-session-id')).toBeNull();
      expect(await firstMessage(modern)).toMatchObject({ id: 10, result: { structuredContent: { result: 5 } } });
      expect(server.sessionCount).toBe(1);
    });
  });

  describe('with legacy: reject', () => {
    let server: McpHttpServer;

    beforeAll(async () => {
      server = await start('reject');
    });

    it('refuses a 2025 initialize with the unsupported-version error naming 2026-07-28', async () => {
      const response = await fetch(server.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
      expect(response.status).toBe(400);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      const answer = (await firstMessage(response)) as { error: { code: number; data?: { supported?: string[] } } };
      expect(answer).toMatchObject({ jsonrpc: '2.0', error: { code: -32022 } });
      expect(answer.error.data?.supported).toEqual([MODERN_PROTOCOL_VERSION]);
    });

    it('refuses an envelope-less 2025 tools/call too, and runs nothing', async () => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: POST_HEADERS,
        body: JSON.stringify({ jsonrpc: '2.0', id: 11, method: 'tools/call', params: { name: 'add', arguments: { a: 1, b: 1 } } }),
      });
      expect(response.status).toBe(400);
      const answer = await firstMessage(response);
      expect(answer).toMatchObject({ error: { code: -32022 } });
      expect(answer).not.toHaveProperty('result');
    });

    it('serves 2026-07-28 requests', async () => {
      const response = await modernPost(server.url, addCall(12, 20, 22));
      expect(response.status).toBe(200);
      expect(await firstMessage(response)).toMatchObject({ id: 12, result: { structuredContent: { result: 42 } } });
    });
  });
});

/** An envelope naming `version`. */
function modernMetaVersion(version: string): Record<string, unknown> {
  return { 'io.modelcontextprotocol/protocolVersion': version };
}

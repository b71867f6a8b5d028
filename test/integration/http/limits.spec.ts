import { IsString } from 'class-validator';
import { createMcpApp, Prompt, Resource, Tool, type HealthStatus, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { captureLogger } from '../../support/capture-logger';
import { connectHttpClient, firstMessage, modernHeaders, modernPost, modernRequest, POST_HEADERS, rawInitialize, rawPost } from '../../support/http';

describe('streamable HTTP, bad requests and /health', () => {
  class EchoInput {
    @IsString() text!: string;
  }

  @injectable()
  class EchoTools {
    @Tool()
    echo({ text }: EchoInput): string {
      return text;
    }

    @Tool()
    length({ text }: EchoInput): number {
      return text.length;
    }

    @Resource('config://echo', { mimeType: 'application/json' })
    config(): object {
      return { echo: true };
    }

    @Resource('echo://{word}')
    word({ word }: { word: string }): string {
      return String(word);
    }

    @Prompt()
    shout({ text }: EchoInput): string {
      return text.toUpperCase();
    }
  }

  let app: McpApp;
  let server: McpHttpServer;
  let sessionId: string;
  const log = captureLogger('debug');

  beforeAll(async () => {
    app = await createMcpApp({ name: 'limits', version: '2.0.0', providers: [EchoTools], logger: log.logger });
    // 2025 sessions beside the 2026-07-28 wire: the limits hold for both.
    server = await app.listen({ transport: 'http', port: 0, legacy: 'sessions' });
    sessionId = await rawInitialize(server.url);
  });

  afterAll(async () => {
    await app.close();
  });

  /** The 2025 session and the 2026-07-28 wire still answer tools/call. */
  async function stillServing(): Promise<void> {
    const answer = await firstMessage(
      await rawPost(server.url, sessionId, { jsonrpc: '2.0', id: 99, method: 'tools/call', params: { name: 'echo', arguments: { text: 'alive' } } }),
    );
    expect(answer).toMatchObject({ id: 99, result: { content: [{ type: 'text', text: 'alive' }] } });
    const modern = await firstMessage(await modernPost(server.url, modernRequest(98, 'tools/call', { name: 'echo', arguments: { text: 'alive too' } })));
    expect(modern).toMatchObject({ id: 98, result: { content: [{ type: 'text', text: 'alive too' }] } });
  }

  it('answers a 10 MB body with 413 and a JSON-RPC error, and keeps serving', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x'.repeat(10 * 1024 * 1024) } } });
    const response = await fetch(server.url, { method: 'POST', headers: { ...POST_HEADERS, 'mcp-session-id': sessionId }, body: huge });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Payload Too Large: the request body must not exceed 4194304 bytes' },
      id: null,
    });
    await stillServing();
  });

  it('answers a 10 MB 2026-07-28 request with 413 too', async () => {
    const huge = modernRequest(1, 'tools/call', { name: 'echo', arguments: { text: 'x'.repeat(10 * 1024 * 1024) } });
    const response = await fetch(server.url, { method: 'POST', headers: modernHeaders(huge), body: JSON.stringify(huge) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { message: 'Payload Too Large: the request body must not exceed 4194304 bytes' } });
    await stillServing();
  });

  it('answers 413 for a chunked body that grows past the limit (no Content-Length to trust)', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(640 * 1024));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"'));
        for (let i = 0; i < 8; i += 1) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"}}'));
        controller.close();
      },
    });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { ...POST_HEADERS, 'mcp-session-id': sessionId },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    await response.text();
    await stillServing();
  });

  it('answers malformed JSON with 400 and a JSON-RPC parse error (-32700)', async () => {
    const modern = modernHeaders({ method: 'tools/list' });
    for (const [body, headers] of [
      ['{"jsonrpc": "2.0", "id": 1, "method": ', { ...POST_HEADERS, 'mcp-session-id': sessionId }],
      ['not json', { ...POST_HEADERS, 'mcp-session-id': sessionId }],
      ['', { ...POST_HEADERS, 'mcp-session-id': sessionId }],
      ['{"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": ', modern],
      ['', modern],
    ] as const) {
      const response = await fetch(server.url, { method: 'POST', headers, body });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: Invalid JSON' }, id: null });
    }
    await stillServing();
  });

  it('answers JSON that is not JSON-RPC with 400', async () => {
    const response = await rawPost(server.url, sessionId, { hello: 'world' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number) } });
    await stillServing();
  });

  it('answers a non-JSON content type with 415', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { ...POST_HEADERS, 'content-type': 'text/plain', 'mcp-session-id': sessionId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: -32000, message: expect.stringMatching(/Content-Type must be application\/json/) } });
    await stillServing();
  });

  it('answers unknown paths with 404 and other methods with 405, as JSON', async () => {
    const missing = await fetch(new URL('/nowhere', server.url));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ jsonrpc: '2.0', error: { message: 'Not Found: /nowhere' } });
    const put = await fetch(server.url, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET, DELETE');
    await put.text();
  });

  it('takes a smaller limit from maxBodyBytes', async () => {
    const small = await createMcpApp({ name: 'small', version: '1.0.0', providers: [EchoTools], logger: { level: 'error' } });
    try {
      const { url } = await small.listen({ transport: 'http', port: 0, maxBodyBytes: 1_000 });
      const body = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { pad: 'x'.repeat(2_000) } });
      const response = await fetch(url, { method: 'POST', headers: POST_HEADERS, body });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { message: 'Payload Too Large: the request body must not exceed 1000 bytes' } });
    } finally {
      await small.close();
    }
  });

  it('serves GET /health as JSON: identity, uptime, enabled definitions and open sessions', async () => {
    const { client } = await connectHttpClient(server.url);
    try {
      const response = await fetch(new URL('/health', server.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      const health = (await response.json()) as HealthStatus;
      expect(health).toEqual({
        status: 'ok',
        name: 'limits',
        version: '2.0.0',
        uptimeSeconds: expect.any(Number),
        tools: 2,
        resources: 2,
        prompts: 1,
        sessions: server.sessionCount,
      });
      expect(health.sessions).toBeGreaterThanOrEqual(2);

      app.setEnabled('tool', 'length', false);
      expect(((await (await fetch(new URL('/health', server.url))).json()) as HealthStatus).tools).toBe(1);
      app.setEnabled('tool', 'length', true);
    } finally {
      await client.close();
    }
  });

  it('logs rejections through the app logger, never on stdout', () => {
    const rejections = log.entries().filter((entry) => entry['event'] === 'http_request_rejected');
    expect(rejections.map((entry) => entry['status'])).toEqual(expect.arrayContaining([413, 400, 415, 404, 405]));
  });
});

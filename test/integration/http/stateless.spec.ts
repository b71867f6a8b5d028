import { IsInt, Max, Min } from 'class-validator';
import { injectable } from 'tsyringe';
import { createMcpApp, Tool, ToolContext, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { connectHttpClient, eventually, firstMessage, INITIALIZE, POST_HEADERS, rawPost } from '../../support/http';

describe('streamable HTTP, stateless mode', () => {
  class WaitInput {
    @IsInt() @Min(0) @Max(5_000) ms!: number;
    @IsInt() tag!: number;
  }

  @injectable()
  class StatelessTools {
    inFlight = 0;
    maxInFlight = 0;

    @Tool({ description: 'Waits, then echoes its tag and the session it saw' })
    async wait({ ms, tag }: WaitInput, ctx: ToolContext): Promise<{ tag: number; sessionId: string | null }> {
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      this.inFlight -= 1;
      return { tag, sessionId: ctx.sessionId ?? null };
    }
  }

  let app: McpApp;
  let server: McpHttpServer;

  beforeAll(async () => {
    app = await createMcpApp({ name: 'stateless', version: '1.0.0', providers: [StatelessTools], logger: { level: 'error' } });
    server = await app.listen({ transport: 'http', port: 0, stateless: true });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers initialize without issuing a session id', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(await firstMessage(response)).toMatchObject({ id: 0, result: { serverInfo: { name: 'stateless' } } });
  });

  it('answers any request without a session, even one never preceded by initialize', async () => {
    const list = await firstMessage(await rawPost(server.url, undefined, { jsonrpc: '2.0', id: 7, method: 'tools/list' }));
    expect(list).toMatchObject({ id: 7, result: { tools: [expect.objectContaining({ name: 'wait' })] } });
  });

  it('serves the SDK client, with two calls in parallel', async () => {
    const { client, transport } = await connectHttpClient(server.url);
    try {
      expect(transport.sessionId).toBeUndefined();
      const tools = app.container.resolve(StatelessTools);
      tools.maxInFlight = 0;
      const [one, two] = await Promise.all([
        client.callTool({ name: 'wait', arguments: { ms: 300, tag: 1 } }),
        client.callTool({ name: 'wait', arguments: { ms: 300, tag: 2 } }),
      ]);
      expect(one.structuredContent).toEqual({ tag: 1, sessionId: null });
      expect(two.structuredContent).toEqual({ tag: 2, sessionId: null });
      expect(tools.maxInFlight).toBe(2);
      expect(server.sessionCount).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('answers GET and DELETE with 405 and Allow: POST', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(server.url, { method, headers: { accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringMatching(/Method Not Allowed/) } });
    }
  });

  it('releases each request’s server once its response is done', async () => {
    await firstMessage(await rawPost(server.url, undefined, { jsonrpc: '2.0', id: 8, method: 'tools/list' }));
    const open = (app as unknown as { servers: Set<unknown> }).servers;
    await eventually(() => open.size === 0, 5_000, 'per-request servers closed');
    expect(open.size).toBe(0);
  });
});

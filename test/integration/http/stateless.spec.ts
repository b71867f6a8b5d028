import type { Server } from '@modelcontextprotocol/server';
import { IsInt, Max, Min } from 'class-validator';
import { createMcpApp, Tool, ToolContext, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { connectHttpClient, ERAS, eventually, firstMessage, INITIALIZE, modernPost, modernRequest, POST_HEADERS, rawPost } from '../../support/http';

describe('streamable HTTP, stateless (the default, for both eras)', () => {
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
    app = await createMcpApp({
      name: 'stateless',
      version: '1.0.0',
      providers: [StatelessTools],
      logger: { level: 'error' },
      configSource: { env: {}, envFile: false },
    });
    server = await app.listen({ transport: 'http', port: 0 });
  });

  afterAll(async () => {
    await app.close();
  });

  it('is the default posture', () => {
    expect(server.options.legacy).toBe('stateless');
  });

  it('answers a 2025 initialize without issuing a session id', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(await firstMessage(response)).toMatchObject({ id: 0, result: { serverInfo: { name: 'stateless' } } });
  });

  it('answers a 2025 request without a session, even one never preceded by initialize', async () => {
    const list = await firstMessage(await rawPost(server.url, undefined, { jsonrpc: '2.0', id: 7, method: 'tools/list' }));
    expect(list).toMatchObject({ id: 7, result: { tools: [expect.objectContaining({ name: 'wait' })] } });
  });

  it('answers a 2026-07-28 request, which never has a session', async () => {
    const response = await modernPost(server.url, modernRequest(8, 'tools/list'));
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(await firstMessage(response)).toMatchObject({ id: 8, result: { tools: [expect.objectContaining({ name: 'wait' })] } });
  });

  describe.each(ERAS)('the SDK client (%s era)', (era) => {
    it('is served without a session, with two calls in parallel', async () => {
      const { client, transport } = await connectHttpClient(server.url, { era });
      try {
        expect(client.getProtocolEra()).toBe(era);
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
  });

  it('answers GET and DELETE with 405, with a JSON-RPC error', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(server.url, { method, headers: { accept: 'text/event-stream' } });
      expect({ method, status: response.status }).toEqual({ method, status: 405 });
      expect(response.headers.get('allow')).toMatch(/POST/);
      expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number), message: expect.any(String) } });
    }
  });

  it('builds one server per request and closes it once its response is done', async () => {
    const created: Server[] = [];
    const connected = new Set<Server>();
    const create = app.createServer.bind(app);
    const spy = jest.spyOn(app, 'createServer').mockImplementation((era, track) => {
      const built = create(era, track);
      created.push(built);
      const connect = built.connect.bind(built);
      built.connect = async (transport) => {
        connected.add(built);
        await connect(transport);
      };
      return built;
    });
    try {
      await firstMessage(await rawPost(server.url, undefined, { jsonrpc: '2.0', id: 9, method: 'tools/list' }));
      await firstMessage(await modernPost(server.url, modernRequest(10, 'tools/list')));
      expect(created.length).toBeGreaterThanOrEqual(2);
      expect(spy.mock.calls.every(([, track]) => track === false)).toBe(true);
      // Each was connected to its exchange's transport, and let go of it once the response was done.
      expect(connected.size).toBe(created.length);
      await eventually(() => created.every((built) => built.transport === undefined), 5_000, 'per-request servers closed');
    } finally {
      spy.mockRestore();
    }
  });
});

import type { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { createMcpApp, Tool, ToolContext, type HttpListenOptions, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { randomUUID } from 'node:crypto';
import { injectable } from 'tsyringe';
import { connectHttpClient, eventually, firstMessage, INITIALIZE, modernPost, modernRequest, POST_HEADERS, rawInitialize, rawPost } from '../../support/http';

/*
 * The 2025-era sessions of `legacy: 'sessions'`: Mcp-Session-Id, DELETE, idle expiry, the cap.
 * 2025 clients only; 2026-07-28 clients are served statelessly beside them.
 */
describe('streamable HTTP, stateful sessions (legacy: sessions, 2025 clients)', () => {
  class NoteInput {
    @IsString() @MaxLength(100) value!: string;
  }

  class SlowInput {
    @IsInt() @Min(0) @Max(5_000) ms!: number;
  }

  @injectable()
  class SessionTools {
    private readonly notes = new Map<string, string>();

    @Tool({ description: 'Remembers a value for the calling session' })
    remember({ value }: NoteInput, ctx: ToolContext): string {
      this.notes.set(ctx.sessionId ?? 'none', value);
      return 'stored';
    }

    @Tool({ description: 'The value this session remembered' })
    recall(ctx: ToolContext): string {
      return this.notes.get(ctx.sessionId ?? 'none') ?? '(nothing)';
    }

    @Tool()
    whoami(ctx: ToolContext): string {
      return ctx.sessionId ?? '(none)';
    }

    @Tool({ description: 'Logs one info and one error line to the client' })
    async chatty(ctx: ToolContext): Promise<string> {
      await ctx.log.info('info-line');
      await ctx.log.error('error-line');
      return 'done';
    }

    @Tool()
    async slow({ ms }: SlowInput): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return ms;
    }
  }

  async function start(options: Partial<HttpListenOptions> = {}): Promise<{ app: McpApp; server: McpHttpServer }> {
    const app = await createMcpApp({ name: 'sessions', version: '1.2.3', providers: [SessionTools], logger: { level: 'error' } });
    const server = await app.listen({ transport: 'http', port: 0, legacy: 'sessions', ...options });
    return { app, server };
  }

  const text = (result: unknown): string => (result as { content: Array<{ text: string }> }).content[0]!.text;

  describe('two SDK clients', () => {
    let app: McpApp;
    let server: McpHttpServer;
    let a: { client: Client; transport: StreamableHTTPClientTransport };
    let b: { client: Client; transport: StreamableHTTPClientTransport };

    beforeAll(async () => {
      ({ app, server } = await start());
      a = await connectHttpClient(server.url);
      b = await connectHttpClient(server.url);
    });

    afterAll(async () => {
      await a.client.close();
      await b.client.close();
      await app.close();
    });

    it('get different, unguessable session ids, each seen by its own tools as ctx.sessionId', async () => {
      const idA = a.transport.sessionId!;
      const idB = b.transport.sessionId!;
      expect(idA).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(idB).not.toBe(idA);
      expect(text(await a.client.callTool({ name: 'whoami' }))).toBe(idA);
      expect(text(await b.client.callTool({ name: 'whoami' }))).toBe(idB);
      expect(server.sessionCount).toBe(2);
    });

    it('keep their state apart', async () => {
      await a.client.callTool({ name: 'remember', arguments: { value: 'alpha' } });
      await b.client.callTool({ name: 'remember', arguments: { value: 'beta' } });
      expect(text(await a.client.callTool({ name: 'recall' }))).toBe('alpha');
      expect(text(await b.client.callTool({ name: 'recall' }))).toBe('beta');
    });

    it('keep their log levels apart', async () => {
      const logs = { a: [] as unknown[], b: [] as unknown[] };
      a.client.setNotificationHandler('notifications/message', (n) => void logs.a.push(n.params.data));
      b.client.setNotificationHandler('notifications/message', (n) => void logs.b.push(n.params.data));
      await a.client.setLoggingLevel('error');
      await b.client.setLoggingLevel('debug');
      await a.client.callTool({ name: 'chatty' });
      await b.client.callTool({ name: 'chatty' });
      expect(logs.a).toEqual(['error-line']);
      expect(logs.b).toEqual(['info-line', 'error-line']);
    });

    it('answers a forged session id with 404 and a JSON-RPC error, and keeps serving', async () => {
      for (const forged of [randomUUID(), 'not-a-session', `${a.transport.sessionId!}x`]) {
        const response = await rawPost(server.url, forged, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ jsonrpc: '2.0', error: { code: -32001, message: expect.stringMatching(/Session not found/) }, id: null });
      }
      expect(text(await a.client.callTool({ name: 'recall' }))).toBe('alpha');
    });

    it('serves a 2026-07-28 request beside the sessions: no session, none issued, none counted', async () => {
      const response = await modernPost(server.url, modernRequest(1, 'tools/call', { name: 'whoami', arguments: {} }));
      expect(response.status).toBe(200);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      expect(await firstMessage(response)).toMatchObject({ id: 1, result: { content: [{ type: 'text', text: '(none)' }] } });
      expect(server.sessionCount).toBe(2);
    });

    it('refuses a request without a session id that is not an initialize (400)', async () => {
      const response = await rawPost(server.url, undefined, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: -32000, message: expect.stringMatching(/Mcp-Session-Id header is required/) } });
    });

    it('ends a session on DELETE: its id then gets 404, other sessions are untouched', async () => {
      const c = await connectHttpClient(server.url);
      const id = c.transport.sessionId!;
      expect(server.sessionCount).toBe(3);
      await c.transport.terminateSession();
      await c.client.close();
      expect(server.sessionCount).toBe(2);
      const response = await rawPost(server.url, id, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
      expect(response.status).toBe(404);
      expect(text(await b.client.callTool({ name: 'recall' }))).toBe('beta');
    });
  });

  describe('bounds', () => {
    it('closes a session idle for sessionIdleTimeoutMs; its id then gets 404 and new sessions work', async () => {
      const { app, server } = await start({ sessionIdleTimeoutMs: 200 });
      try {
        const id = await rawInitialize(server.url);
        expect(server.sessionCount).toBe(1);
        await eventually(() => server.sessionCount === 0, 5_000, 'idle session expiry');
        const response = await rawPost(server.url, id, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
        expect(response.status).toBe(404);
        const fresh = await rawInitialize(server.url);
        const list = await firstMessage(await rawPost(server.url, fresh, { jsonrpc: '2.0', id: 2, method: 'tools/list' }));
        expect(list).toMatchObject({ result: { tools: expect.arrayContaining([expect.objectContaining({ name: 'recall' })]) } });
      } finally {
        await app.close();
      }
    });

    it('does not expire a session while one of its requests is in progress', async () => {
      const { app, server } = await start({ sessionIdleTimeoutMs: 150 });
      try {
        const id = await rawInitialize(server.url);
        const slow = await firstMessage(
          await rawPost(server.url, id, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow', arguments: { ms: 600 } } }),
        );
        expect(slow).toMatchObject({ result: { content: [{ type: 'text', text: '600' }] } });
        const after = await rawPost(server.url, id, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
        expect(after.status).toBe(200);
        await after.text();
      } finally {
        await app.close();
      }
    });

    it('refuses sessions beyond maxSessions with 503 until one ends', async () => {
      const { app, server } = await start({ maxSessions: 2 });
      try {
        const first = await rawInitialize(server.url);
        await rawInitialize(server.url);
        const refused = await fetch(server.url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
        expect(refused.status).toBe(503);
        expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringMatching(/maximum of 2 sessions/) } });
        expect(server.sessionCount).toBe(2);

        const ended = await fetch(server.url, { method: 'DELETE', headers: { 'mcp-session-id': first } });
        expect(ended.status).toBe(200);
        await expect(rawInitialize(server.url)).resolves.toEqual(expect.any(String));
        expect(server.sessionCount).toBe(2);
      } finally {
        await app.close();
      }
    });
  });
});

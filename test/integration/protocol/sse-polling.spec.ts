import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpApp, Tool, ToolContext, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { connectHttpClient, ERAS } from '../../support/http';

/*
 * ctx.closeSSEStream() over real streamable HTTP (SEP-1699): in a 2025 session (`legacy:
 * 'sessions'`), the server closes the stream of a call in progress, the SDK client reconnects
 * with Last-Event-ID and still receives the progress and the result sent after the close.
 * Stateless serving (2026-07-28 always, 2025 by default) has no resumable streams.
 */
describe('ctx.closeSSEStream() over streamable HTTP', () => {
  @injectable()
  class PollingTools {
    @Tool({ description: 'Closes its stream, then keeps working' })
    async longJob(ctx: ToolContext): Promise<string> {
      await ctx.reportProgress(1, 3);
      const closed = ctx.closeSSEStream();
      await ctx.reportProgress(2, 3);
      await ctx.reportProgress(3, 3);
      return `done (stream closed: ${closed})`;
    }
  }

  let app: McpApp;
  let server: McpHttpServer;

  beforeAll(async () => {
    app = await createMcpApp({ name: 'polling', version: '1.0.0', providers: [PollingTools], logger: { level: 'error' } });
    server = await app.listen({ transport: 'http', port: 0, legacy: 'sessions' });
  });

  afterAll(async () => {
    await app.close();
  });

  async function connect(): Promise<{ client: Client; resumes: string[] }> {
    const resumes: string[] = [];
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      reconnectionOptions: { initialReconnectionDelay: 20, maxReconnectionDelay: 100, reconnectionDelayGrowFactor: 1, maxRetries: 5 },
      fetch: (url, init) => {
        const lastEventId = new Headers(init?.headers).get('last-event-id');
        if ((init?.method ?? 'GET') === 'GET' && lastEventId) resumes.push(lastEventId);
        return fetch(url, init);
      },
    });
    const client = new Client({ name: 'polling-client', version: '1.0.0' });
    await client.connect(transport);
    return { client, resumes };
  }

  it('delivers what follows the close after the client resumed with Last-Event-ID', async () => {
    const { client, resumes } = await connect();
    const progress: number[] = [];
    const result = await client.callTool({ name: 'longJob', arguments: {} }, { onprogress: (p) => progress.push(p.progress) });
    expect(client.getProtocolEra()).toBe('legacy');
    expect(result.content).toEqual([{ type: 'text', text: 'done (stream closed: true)' }]);
    expect(progress).toEqual([1, 2, 3]);
    expect(resumes).toHaveLength(1);
    await client.close();
  });

  it.each(ERAS)('returns false and changes nothing where the transport cannot resume (stateless, %s era)', async (era) => {
    const stateless = await app.listen({ transport: 'http', port: 0 });
    const { client } = await connectHttpClient(stateless.url, { era });
    const progress: number[] = [];
    const result = await client.callTool({ name: 'longJob', arguments: {} }, { onprogress: (p) => progress.push(p.progress) });
    expect(result.content).toEqual([{ type: 'text', text: 'done (stream closed: false)' }]);
    expect(progress).toEqual([1, 2, 3]);
    await client.close();
  });

  it('returns false for a 2026-07-28 client on the sessions endpoint too', async () => {
    const { client } = await connectHttpClient(server.url, { era: 'modern' });
    const result = await client.callTool({ name: 'longJob', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'done (stream closed: false)' }]);
    await client.close();
  });
});

import { Redis } from 'ioredis';
import { createMcpApp, Tool, ToolContext, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { randomBytes } from 'node:crypto';
import { injectable } from 'tsyringe';
import { eventually, POST_HEADERS, rawInitialize, rawPost, SseReader } from '../../support/http';
import { deleteKeysWithPrefix, describeRedis, TEST_REDIS_URL } from '../../support/redis';

/*
 * 2025 sessions (legacy: 'sessions') on an app whose store is Redis: the events of its SSE streams are
 * kept in Redis, and a client that lost its stream resumes it on a new connection.
 */
describeRedis('resumable streams kept in Redis', () => {
  const name = `resume-${randomBytes(4).toString('hex')}`;
  const apps: McpApp[] = [];
  let raw: Redis;

  @injectable()
  class StepTools {
    private release?: () => void;

    finish(): void {
      this.release?.();
    }

    @Tool({ description: 'Reports progress, then waits to be released' })
    async steps(ctx: ToolContext): Promise<string> {
      const released = new Promise<void>((resolve) => (this.release = resolve));
      await ctx.reportProgress(1, 2, 'first half');
      await released;
      await ctx.reportProgress(2, 2, 'second half');
      return 'finished';
    }
  }

  async function replica(): Promise<{ app: McpApp; server: McpHttpServer }> {
    const app = await createMcpApp({
      name,
      version: '1.0.0',
      providers: [StepTools],
      logger: { level: 'error' },
      redis: { url: TEST_REDIS_URL, commandTimeoutMs: 5_000 },
    });
    apps.push(app);
    return { app, server: await app.listen({ transport: 'http', port: 0, legacy: 'sessions' }) };
  }

  function resume(url: string, sessionId: string, lastEventId: string): Promise<Response> {
    return fetch(url, {
      headers: {
        accept: 'text/event-stream',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': POST_HEADERS['mcp-protocol-version'],
        'last-event-id': lastEventId,
      },
    });
  }

  /** Starts `steps` on a session, reads its first progress event, then drops the stream. */
  async function startAndDrop(url: string, sessionId: string): Promise<string> {
    const dropped = new AbortController();
    const call = await rawPost(
      url,
      sessionId,
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'steps', arguments: {}, _meta: { progressToken: 'p' } } },
      { signal: dropped.signal },
    );
    const first = await new SseReader(call.body!).nextMessage();
    expect(first?.message).toMatchObject({ method: 'notifications/progress', params: { progress: 1 } });
    dropped.abort();
    return first!.id!;
  }

  beforeAll(() => {
    raw = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await deleteKeysWithPrefix(`mcp:${name}:`);
    await raw.quit();
  });

  it('replays, on a new connection, what the dropped stream missed, from Redis', async () => {
    const { app, server } = await replica();
    const sessionId = await rawInitialize(server.url);
    const lastEventId = await startAndDrop(server.url, sessionId);
    app.container.resolve(StepTools).finish();

    let replay!: Response;
    await eventually(
      async () => {
        replay = await resume(server.url, sessionId, lastEventId);
        if (replay.status === 409) await replay.text();
        return replay.status !== 409;
      },
      5_000,
      'resume accepted',
    );
    expect(replay.status).toBe(200);
    const replayed = new SseReader(replay.body!);
    const missed = [await replayed.nextMessage(), await replayed.nextMessage()];
    await replayed.cancel();
    expect(missed.map((event) => event?.message)).toEqual([
      expect.objectContaining({ method: 'notifications/progress', params: expect.objectContaining({ progress: 2, message: 'second half' }) }),
      expect.objectContaining({ id: 5, result: expect.objectContaining({ content: [{ type: 'text', text: 'finished' }] }) }),
    ]);
    // The stream lives in Redis, under the app's prefix, with an expiry.
    const [, keys] = await raw.scan('0', 'MATCH', `mcp:${name}:events:${sessionId}/*`, 'COUNT', 10_000);
    expect(keys.length).toBeGreaterThan(0);
    expect(await raw.pttl(keys[0]!)).toBeGreaterThan(0);
  });

  it('does not move a stateful session to another replica: the session is unknown there (sticky routing needed)', async () => {
    const home = await replica();
    const other = await replica();
    const sessionId = await rawInitialize(home.server.url);
    const lastEventId = await startAndDrop(home.server.url, sessionId);
    home.app.container.resolve(StepTools).finish();
    const elsewhere = await resume(other.server.url, sessionId, lastEventId);
    expect(elsewhere.status).toBe(404);
    await elsewhere.text();
  });
});

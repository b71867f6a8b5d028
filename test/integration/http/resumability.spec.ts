import { createMcpApp, Tool, ToolContext, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { eventually, modernPost, modernRequest, POST_HEADERS, rawInitialize, rawPost, SseReader } from '../../support/http';

describe('streamable HTTP, resumability (Last-Event-ID) of 2025 sessions (legacy: sessions)', () => {
  @injectable()
  class StepTools {
    private release?: () => void;

    /** Lets the pending `steps` call finish. */
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

    @Tool()
    noop(): string {
      return 'ok';
    }
  }

  let app: McpApp;
  let server: McpHttpServer;
  let tools: StepTools;

  beforeAll(async () => {
    app = await createMcpApp({ name: 'resume', version: '1.0.0', providers: [StepTools], logger: { level: 'error' } });
    server = await app.listen({ transport: 'http', port: 0, legacy: 'sessions' });
    tools = app.container.resolve(StepTools);
  });

  afterAll(async () => {
    await app.close();
  });

  function resume(sessionId: string, lastEventId: string, signal?: AbortSignal): Promise<Response> {
    return fetch(server.url, {
      headers: {
        accept: 'text/event-stream',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': POST_HEADERS['mcp-protocol-version'],
        'last-event-id': lastEventId,
      },
      signal,
    });
  }

  it('replays what a request’s stream missed after the client dropped it: the rest of the progress and the result', async () => {
    const sessionId = await rawInitialize(server.url);
    const dropped = new AbortController();
    const call = await rawPost(
      server.url,
      sessionId,
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'steps', arguments: {}, _meta: { progressToken: 'p' } } },
      { signal: dropped.signal },
    );
    const reader = new SseReader(call.body!);
    const first = await reader.nextMessage();
    expect(first?.message).toMatchObject({ method: 'notifications/progress', params: { progress: 1 } });
    expect(first?.id).toEqual(expect.any(String));
    dropped.abort();

    tools.finish();
    // The replay is refused (409) while the server still holds the dropped stream.
    let replay!: Response;
    await eventually(
      async () => {
        replay = await resume(sessionId, first!.id!);
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
  });

  it('replays the session’s standalone stream: notifications sent while no GET stream was open', async () => {
    const sessionId = await rawInitialize(server.url);
    const first = new AbortController();
    const stream = await fetch(server.url, { headers: { accept: 'text/event-stream', 'mcp-session-id': sessionId }, signal: first.signal });
    expect(stream.status).toBe(200);
    const reader = new SseReader(stream.body!);
    app.setEnabled('tool', 'noop', false);
    const seen = await reader.nextMessage();
    expect(seen?.message).toMatchObject({ method: 'notifications/tools/list_changed' });
    first.abort();

    app.setEnabled('tool', 'noop', true);
    app.setEnabled('tool', 'noop', false);
    app.setEnabled('tool', 'noop', true);
    let replay!: Response;
    await eventually(
      async () => {
        replay = await resume(sessionId, seen!.id!);
        if (replay.status === 409) await replay.text();
        return replay.status !== 409;
      },
      5_000,
      'resume accepted',
    );
    expect(replay.status).toBe(200);
    const replayed = new SseReader(replay.body!);
    const missed = [await replayed.nextMessage(), await replayed.nextMessage(), await replayed.nextMessage()];
    await replayed.cancel();
    expect(missed.map((event) => event?.message['method'])).toEqual(Array(3).fill('notifications/tools/list_changed'));
    const ids = missed.map((event) => Number(event?.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });

  it('refuses to replay another session’s events (400), and unknown event ids', async () => {
    const owner = await rawInitialize(server.url);
    const other = await rawInitialize(server.url);
    const call = await rawPost(server.url, owner, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'noop', arguments: {} } });
    const reader = new SseReader(call.body!);
    const event = await reader.nextMessage();
    await reader.cancel();
    expect(event?.id).toEqual(expect.any(String));

    for (const [sessionId, lastEventId] of [
      [other, event!.id!],
      [owner, 'no-such-event'],
    ] as const) {
      const response = await resume(sessionId, lastEventId);
      expect(response.status).toBe(400);
      const body = await response.text();
      expect(body).not.toContain('"result"');
      expect(JSON.parse(body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    }
  });

  it('gives a 2026-07-28 call no resumable stream: its events carry no id, and a GET to resume is refused', async () => {
    const call = await modernPost(server.url, modernRequest(7, 'tools/call', { name: 'steps', arguments: {}, _meta: { progressToken: 'modern' } }));
    expect(call.headers.get('mcp-session-id')).toBeNull();
    const reader = new SseReader(call.body!);
    const progress = await reader.next();
    expect(progress?.data).toContain('notifications/progress');
    expect(progress?.id).toBeUndefined();
    tools.finish();
    const events = [progress];
    for (let event = await reader.next(); event; event = await reader.next()) events.push(event);
    expect(events.map((event) => event?.id)).toEqual(events.map(() => undefined));
    expect(events.at(-1)?.data).toContain('"finished"');
    const resume = await fetch(server.url, { headers: { accept: 'text/event-stream', 'mcp-protocol-version': '2026-07-28', 'last-event-id': '1' } });
    expect(resume.status).toBeGreaterThanOrEqual(400);
    expect(resume.status).toBeLessThan(500);
    await resume.text();
  });

  it('can be turned off with eventStore: false (no event ids on streams)', async () => {
    const plain = await createMcpApp({ name: 'plain', version: '1.0.0', providers: [StepTools], logger: { level: 'error' } });
    try {
      const { url } = await plain.listen({ transport: 'http', port: 0, legacy: 'sessions', eventStore: false });
      const sessionId = await rawInitialize(url);
      const call = await rawPost(url, sessionId, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'noop', arguments: {} } });
      const reader = new SseReader(call.body!);
      const events = [await reader.next(), await reader.next()];
      expect(events[0]).toMatchObject({ data: expect.stringContaining('"result"') });
      expect(events[0]?.id).toBeUndefined();
      expect(events[1]).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});

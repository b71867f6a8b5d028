import { LOG_LEVEL_META_KEY } from '@modelcontextprotocol/client';
import type { ServerNotification } from '@modelcontextprotocol/server';
import { IsInt } from 'class-validator';
import {
  createMcpApp,
  createTestClient,
  ErrorCategory,
  Resource,
  text,
  Tool,
  ToolCallError,
  ToolContext,
  ToolError,
  type McpApp,
  type TestClient,
  type TestClientOptions,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { captureLogger } from '../../support/capture-logger';

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';

class Pair {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

@injectable()
class Fixtures {
  @Tool()
  add({ a, b }: Pair): number {
    return a + b;
  }

  @Tool()
  isEven({ a }: Pair): boolean {
    return a % 2 === 0;
  }

  @Tool()
  point(): { x: number; y: number } {
    return { x: 1, y: 2 };
  }

  /** An object that merely looks like a wrapped result: it is not one. */
  @Tool()
  lookalike(): { result: number } {
    return { result: 7 };
  }

  @Tool()
  greet(): string {
    return 'hello';
  }

  @Tool()
  blocks() {
    return [text('one'), text('two')];
  }

  @Tool()
  nothing(): void {}

  @Tool()
  refuse(): string {
    throw new ToolError('Out of stock', { category: ErrorCategory.VALIDATION, details: { sku: 'A1' } });
  }

  @Tool()
  async chatty(ctx: ToolContext): Promise<string> {
    await ctx.log.info('first');
    await ctx.log.warning('second');
    return 'done';
  }

  @Tool()
  capabilities(ctx: ToolContext): string {
    return Object.keys(ctx.clientCapabilities ?? {})
      .sort()
      .join(',');
  }

  @Resource('data://json', { mimeType: 'application/json' })
  json() {
    return { ok: true, list: [1, 2] };
  }

  @Resource('data://text')
  plain(): string {
    return '{"not":"parsed"}';
  }

  @Resource('data://bytes', { mimeType: 'application/octet-stream' })
  bytes(): Uint8Array {
    return new Uint8Array([1, 2, 3]);
  }

  @Resource('data://two')
  two() {
    return {
      contents: [
        { uri: 'data://two', text: 'a' },
        { uri: 'data://two', text: 'b' },
      ],
    };
  }
}

describe.each([[MODERN], [LEGACY]])('createTestClient (%s)', (protocolVersion) => {
  const modern = protocolVersion === MODERN;
  let app: McpApp;
  let client: TestClient;
  const extra: TestClient[] = [];

  /** Another client of the same app, closed after the test. */
  async function connect(options: TestClientOptions = {}): Promise<TestClient> {
    const other = await createTestClient(app, { protocolVersion, ...options });
    extra.push(other);
    return other;
  }

  beforeEach(async () => {
    app = await createMcpApp({ name: 'fixtures', version: '1.0.0', providers: [Fixtures], logger: captureLogger('error').logger });
    client = await createTestClient(app, modern ? {} : { protocolVersion });
  });

  afterEach(async () => {
    for (const other of extra.splice(0)) await other.close();
    await client.close();
    await app.close();
  });

  it(`speaks the ${modern ? 'modern (the default)' : 'legacy'} era`, () => {
    expect(client.era).toBe(modern ? 'modern' : 'legacy');
    expect(client.sdk.getProtocolEra()).toBe(modern ? 'modern' : 'legacy');
  });

  describe('callTool unwraps results', () => {
    it('a primitive result travels as structuredContent.result and comes back as the value', async () => {
      expect(await client.callTool('add', { a: 2, b: 3 })).toBe(5);
      expect(await client.callTool('isEven', { a: 3, b: 0 })).toBe(false);
      const raw = await client.callToolRaw('add', { a: 2, b: 3 });
      expect(raw.structuredContent).toEqual({ result: 5 });
    });

    it('an object result comes back as the structured content, whole', async () => {
      expect(await client.callTool('point')).toEqual({ x: 1, y: 2 });
      // Not a wrapped tool: its `result` key is its own.
      expect(await client.callTool('lookalike')).toEqual({ result: 7 });
    });

    it('a single text block comes back as its text', async () => {
      expect(await client.callTool('greet')).toBe('hello');
    });

    it('several blocks, or none, come back as the content array', async () => {
      expect(await client.callTool('blocks')).toEqual([
        { type: 'text', text: 'one' },
        { type: 'text', text: 'two' },
      ]);
      expect(await client.callTool('nothing')).toEqual([]);
    });

    it('an isError result rejects with a ToolCallError carrying the message, category, details and result', async () => {
      const error = (await client.callTool('refuse').catch((e: unknown) => e)) as ToolCallError;
      expect(error).toBeInstanceOf(ToolCallError);
      expect(error.name).toBe('ToolCallError');
      expect(error.message).toBe('Out of stock');
      expect(error.category).toBe('validation');
      expect(error.details).toEqual({ sku: 'A1' });
      expect(error.result.isError).toBe(true);
    });

    it('bad arguments reject with a ToolCallError of category validation', async () => {
      const error = (await client.callTool('add', { a: 'x', b: 1 }).catch((e: unknown) => e)) as ToolCallError;
      expect(error).toBeInstanceOf(ToolCallError);
      expect(error.category).toBe('validation');
      expect(error.message).toMatch(/\ba\b/);
    });

    it('callToolRaw resolves error results rather than rejecting', async () => {
      const raw = await client.callToolRaw('refuse');
      expect(raw.isError).toBe(true);
      expect(raw.content).toEqual([{ type: 'text', text: 'Out of stock' }]);
    });
  });

  describe('readResource', () => {
    it('parses JSON text', async () => {
      expect(await client.readResource('data://json')).toEqual({ ok: true, list: [1, 2] });
    });

    it('gives other text as it is', async () => {
      expect(await client.readResource('data://text')).toBe('{"not":"parsed"}');
    });

    it('gives the raw result for binary or several contents', async () => {
      const bytes = (await client.readResource('data://bytes')) as { contents: unknown[] };
      expect(bytes.contents).toEqual([{ uri: 'data://bytes', mimeType: 'application/octet-stream', blob: Buffer.from([1, 2, 3]).toString('base64') }]);
      const two = (await client.readResource('data://two')) as { contents: Array<{ text: string }> };
      expect(two.contents.map((c) => c.text)).toEqual(['a', 'b']);
    });
  });

  describe('notifications', () => {
    /** Calls `chatty`, asking for its log lines: a 2026-07-28 request names the level it wants. */
    const chatty = () => client.sdk.callTool({ name: 'chatty', arguments: {}, ...(modern ? { _meta: { [LOG_LEVEL_META_KEY]: 'info' } } : {}) });

    it('records the notifications the server sends, in order', async () => {
      await chatty();
      const messages = client.notificationsOf('notifications/message');
      expect(messages.map((n) => [n.params.level, n.params.data])).toEqual([
        ['info', 'first'],
        ['warning', 'second'],
      ]);
      expect(client.notifications.filter((n) => n.method === 'notifications/message')).toEqual(messages);
    });

    it('clearNotifications forgets them', async () => {
      await chatty();
      expect(client.notifications.length).toBeGreaterThan(0);
      client.clearNotifications();
      expect(client.notifications).toEqual([]);
      expect(client.notificationsOf('notifications/message')).toEqual([]);
    });

    it('hears list changes (on 2026-07-28 through the listen stream it opens)', async () => {
      app.disableTool('greet');
      await expect(client.waitForNotification('notifications/tools/list_changed')).resolves.toMatchObject({
        method: 'notifications/tools/list_changed',
      });
      expect((await client.listTools()).map((t) => t.name)).not.toContain('greet');
    });

    it('waitForNotification resolves at once with one already received', async () => {
      await chatty();
      const found = await client.waitForNotification('notifications/message', { where: (n) => n.params.data === 'second' });
      expect(found.params.level).toBe('warning');
    });

    it('waitForNotification waits for the first matching one to arrive, skipping others', async () => {
      const waiting = client.waitForNotification('notifications/message', { where: (n) => n.params.level === 'warning' });
      await chatty();
      expect((await waiting).params.data).toBe('second');
    });

    it('waitForNotification rejects when none arrives in time', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      try {
        const waiting = client.waitForNotification('notifications/prompts/list_changed', { timeoutMs: 250 });
        const outcome = waiting.then(
          () => 'resolved',
          (error: Error) => error.message,
        );
        jest.advanceTimersByTime(249);
        client.record({ method: 'notifications/tools/list_changed' } as ServerNotification);
        jest.advanceTimersByTime(1);
        await expect(outcome).resolves.toBe('no notifications/prompts/list_changed notification within 250 ms');
      } finally {
        jest.useRealTimers();
      }
    });

    it('keeps the newest 10 000 notifications', () => {
      for (let i = 0; i < 10_001; i++) client.record({ method: 'notifications/message', params: { level: 'info', data: i } } as ServerNotification);
      const kept = client.notificationsOf('notifications/message');
      expect(kept).toHaveLength(10_000);
      expect(kept[0]!.params.data).toBe(1);
      expect(kept.at(-1)!.params.data).toBe(10_000);
    });
  });

  describe('resource subscriptions, in either era', () => {
    it('subscribeResource brings updates of that resource only; unsubscribeResource stops them', async () => {
      const bystander = await connect();
      await client.subscribeResource('data://json');
      await bystander.subscribeResource('data://text');

      await app.notifyResourceUpdated('data://json');
      const update = await client.waitForNotification('notifications/resources/updated');
      expect(update.params.uri).toBe('data://json');

      await client.unsubscribeResource('data://json');
      client.clearNotifications();
      await app.notifyResourceUpdated('data://json');
      // A later notification on the same channel proves the update would have arrived by now.
      app.disableTool('greet');
      await client.waitForNotification('notifications/tools/list_changed');
      expect(client.notificationsOf('notifications/resources/updated')).toEqual([]);

      await bystander.waitForNotification('notifications/tools/list_changed');
      expect(bystander.notificationsOf('notifications/resources/updated')).toEqual([]);
    });

    it(`notifyResourceUpdated counts ${modern ? 'no 2025 session (listen streams are not counted)' : 'the subscribed session'}`, async () => {
      await client.subscribeResource('data://json');
      expect(await app.notifyResourceUpdated('data://json')).toBe(modern ? 0 : 1);
    });
  });

  describe('capabilities', () => {
    it('announces none by default', async () => {
      expect(await client.callTool('capabilities')).toBe('');
    });

    it('onSampling and onElicitation declare sampling and elicitation; capabilities are merged over them', async () => {
      const other = await connect({
        onSampling: () => ({ role: 'assistant', content: { type: 'text', text: 'x' }, model: 'm' }),
        onElicitation: () => ({ action: 'decline' }),
        capabilities: { roots: {} },
      });
      expect(await other.callTool('capabilities')).toBe('elicitation,roots,sampling');
      expect(await client.callTool('capabilities')).toBe('');
    });
  });

  it('close ends the connection: later calls fail', async () => {
    const other = await connect();
    expect(await other.callTool('greet')).toBe('hello');
    await other.close();
    await expect(other.callTool('greet')).rejects.toThrow();
    // The app and its other clients are unaffected.
    expect(await client.callTool('greet')).toBe('hello');
  });
});

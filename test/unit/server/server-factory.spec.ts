import { IsString } from 'class-validator';
import {
  createMcpApp,
  createTestClient,
  ErrorCategory,
  Prompt,
  Resource,
  Tool,
  ToolCallError,
  ToolContext,
  ToolError,
  type McpApp,
  type TestClient,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { MAX_SUBSCRIPTIONS_PER_SESSION } from '../../../src/server/resource-subscriptions';
import { captureLogger } from '../../support/capture-logger';

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const INVALID_PARAMS = -32602;
const METHOD_NOT_FOUND = -32601;

class Topic {
  @IsString() topic!: string;
}

@injectable()
class OnlyTools {
  @Tool({ description: 'Says hello' })
  hello(): string {
    return 'hello';
  }

  @Tool()
  whoami(ctx: ToolContext): string {
    return `${ctx.auth?.clientId ?? 'nobody'} as ${ctx.principal}`;
  }

  @Tool()
  refuse(): string {
    throw new ToolError('No stock left', { category: ErrorCategory.VALIDATION, details: { sku: 'A1' } });
  }

  @Tool()
  crash(): string {
    throw new Error('db password hunter2 rejected');
  }

  @Prompt()
  brief({ topic }: Topic): string {
    return `Brief me on ${topic}`;
  }
}

@injectable()
class WithResources {
  @Resource('item://{id}')
  item({ id }: { id: string }): string {
    return `item ${id}`;
  }

  @Resource('config://settings')
  settings(): string {
    return 'settings';
  }
}

/** The JSON-RPC error a promise rejects with. */
async function rpcError(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: number; message: string } | undefined;
  if (error === undefined) throw new Error('expected the request to fail');
  return error;
}

describe.each([[MODERN], [LEGACY]])('the SDK seam (ServerSeam) as a client sees it (%s)', (protocolVersion) => {
  const modern = protocolVersion === MODERN;
  let log: ReturnType<typeof captureLogger>;
  const opened: Array<{ close(): Promise<void> }> = [];

  async function start(
    providers: Array<new (...args: never[]) => unknown>,
    extra: { instructions?: string } = {},
  ): Promise<{ app: McpApp; client: TestClient }> {
    log = captureLogger('debug');
    const app = await createMcpApp({ name: 'seam', version: '1.0.0', providers, logger: log.logger, ...extra });
    const client = await createTestClient(app, { protocolVersion });
    opened.push(app, client);
    return { app, client };
  }

  afterEach(async () => {
    // Clients before apps: the last opened first.
    for (const item of opened.splice(0).reverse()) await item.close();
  });

  it('declares tools, prompts, logging and completions; no resources capability without resources', async () => {
    const { client } = await start([OnlyTools]);
    const capabilities = client.sdk.getServerCapabilities();
    expect(capabilities?.tools).toEqual({ listChanged: true });
    expect(capabilities?.prompts).toEqual({ listChanged: true });
    expect(capabilities?.logging).toEqual({});
    expect(capabilities?.completions).toEqual({});
    expect(capabilities?.resources).toBeUndefined();
  });

  it('declares resources with subscribe and listChanged when there are resources', async () => {
    const { client } = await start([WithResources]);
    expect(client.sdk.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: true });
    expect((await client.listResources()).map((r) => r.uri)).toEqual(['config://settings']);
    expect((await client.listResourceTemplates()).map((t) => t.uriTemplate)).toEqual(['item://{id}']);
  });

  it('sends the instructions of the app', async () => {
    const { client } = await start([OnlyTools], { instructions: 'Call hello first.' });
    expect(client.sdk.getInstructions()).toBe('Call hello first.');
  });

  it('answers an unknown tool with a JSON-RPC invalid-params error, not a tool result', async () => {
    const { client } = await start([OnlyTools]);
    const error = await rpcError(client.sdk.callTool({ name: 'nope', arguments: {} }));
    expect(error.code).toBe(INVALID_PARAMS);
    expect(error.message).toContain('Unknown tool: nope');
  });

  it('answers an unknown prompt with a JSON-RPC invalid-params error', async () => {
    const { client } = await start([OnlyTools]);
    const error = await rpcError(client.getPrompt('nope'));
    expect(error.code).toBe(INVALID_PARAMS);
    expect(error.message).toContain('Unknown prompt: nope');
  });

  it('a ToolError becomes an isError result with its message and category', async () => {
    const { client } = await start([OnlyTools]);
    const error = (await client.callTool('refuse').catch((e: unknown) => e)) as ToolCallError;
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error.message).toBe('No stock left');
    expect(error.category).toBe('validation');
    expect(error.details).toEqual({ sku: 'A1' });
  });

  it('an unexpected error becomes an isError result naming only a correlation id, which the log line carries', async () => {
    const { client } = await start([OnlyTools]);
    const result = await client.callToolRaw('crash');
    expect(result.isError).toBe(true);
    const text = JSON.stringify(result);
    expect(text).not.toContain('hunter2');
    const logged = log.entries().find((entry) => entry['errorMessage'] === 'db password hunter2 rejected');
    expect(logged).toBeDefined();
    expect(text).toContain(String(logged!['correlationId']));
  });

  it('reads a resource matched by a template, and answers an unknown URI with an error', async () => {
    const { client } = await start([WithResources]);
    expect(await client.readResource('item://42')).toBe('item 42');
    await expect(client.readResource('other://x')).rejects.toThrow(/other:\/\/x/);
  });

  it('answers resources/list with method-not-found when the app has no resources', async () => {
    const { client } = await start([OnlyTools]);
    const error = await rpcError(client.sdk.request({ method: 'resources/list', params: {} }));
    expect(error.code).toBe(METHOD_NOT_FOUND);
  });

  it('a connection’s identity (app.connect authInfo) reaches every call', async () => {
    log = captureLogger('error');
    const app = await createMcpApp({ name: 'seam', version: '1.0.0', providers: [OnlyTools], logger: log.logger });
    const client = await createTestClient(app, { protocolVersion, auth: { token: 't', clientId: 'alice', scopes: [] } });
    opened.push(app, client);
    expect(await client.callTool('whoami')).toBe('alice as client:alice');
  });

  if (modern) return;

  describe('2025 resource subscriptions', () => {
    it('refuses to subscribe to a resource that does not exist', async () => {
      const { client } = await start([WithResources]);
      await expect(client.sdk.subscribeResource({ uri: 'nowhere://x' })).rejects.toThrow(/nowhere:\/\/x/);
      await expect(client.sdk.subscribeResource({ uri: 'item://7' })).resolves.toEqual({});
    });

    it(`refuses a session more than ${MAX_SUBSCRIPTIONS_PER_SESSION} subscriptions, with a message saying so`, async () => {
      const { app, client } = await start([WithResources]);
      for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_SESSION; i++) await client.sdk.subscribeResource({ uri: `item://${i}` });
      const error = await rpcError(client.sdk.subscribeResource({ uri: 'item://one-too-many' }));
      expect(error.code).toBe(INVALID_PARAMS);
      expect(error.message).toContain(`Too many subscriptions: a session may hold ${MAX_SUBSCRIPTIONS_PER_SESSION}`);
      expect(await app.notifyResourceUpdated('item://one-too-many')).toBe(0);
      // Unsubscribing makes room.
      await client.sdk.unsubscribeResource({ uri: 'item://0' });
      await expect(client.sdk.subscribeResource({ uri: 'item://one-too-many' })).resolves.toEqual({});
      expect(await app.notifyResourceUpdated('item://one-too-many')).toBe(1);
    });

    it('a session’s subscriptions end with it', async () => {
      const { app, client } = await start([WithResources]);
      const other = await createTestClient(app, { protocolVersion });
      await client.subscribeResource('config://settings');
      await other.subscribeResource('config://settings');
      expect(await app.notifyResourceUpdated('config://settings')).toBe(2);
      await other.close();
      expect(await app.notifyResourceUpdated('config://settings')).toBe(1);
    });
  });
});

import type { Client, McpSubscription } from '@modelcontextprotocol/client';
import {
  isJSONRPCNotification,
  type AuthInfo,
  type CallToolResult,
  type ClientCapabilities,
  type CreateMessageRequest,
  type CreateMessageResult,
  type CreateMessageResultWithTools,
  type ElicitRequest,
  type ElicitResult,
  type GetPromptResult,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplateType as ResourceTemplate,
  type ServerNotification,
  type Tool,
} from '@modelcontextprotocol/server';
import type { McpApp } from '../app/mcp-app';
import { WRAPPED_RESULT_META } from '../discovery/discover';
import { ERROR_META } from '../protocol/error-mapper';
import { MODERN_PROTOCOL_VERSIONS } from '../protocol/message-guard';

/** The protocol revision a test client speaks by default: the stateless 2026-07-28 one. */
const MODERN_PROTOCOL_VERSION = MODERN_PROTOCOL_VERSIONS[0];

/** Options of `createTestClient`. */
export interface TestClientOptions {
  /**
   * The protocol revision the client speaks (default `2026-07-28`). A 2025-era revision
   * (`2025-11-25`, `2025-06-18`, `2025-03-26`, `2024-11-05`) connects with `initialize`, as
   * clients of that era do, so a suite can run against both eras.
   */
  protocolVersion?: string;
  /** Identity attached to every request, as if the transport had authenticated it. */
  auth?: AuthInfo;
  /** Capabilities the client announces (sampling, elicitation, roots); merged over those the handlers imply. */
  capabilities?: ClientCapabilities;
  /** Answers the server's `sampling/createMessage` requests; declares the `sampling` capability. */
  onSampling?: (
    params: CreateMessageRequest['params'],
  ) => CreateMessageResult | CreateMessageResultWithTools | Promise<CreateMessageResult | CreateMessageResultWithTools>;
  /** Answers the server's `elicitation/create` requests; declares form and URL elicitation. */
  onElicitation?: (params: ElicitRequest['params']) => ElicitResult | Promise<ElicitResult>;
}

/** Notifications a test client keeps (the oldest are dropped beyond). */
const MAX_KEPT_NOTIFICATIONS = 10_000;

/** The error a test client's `callTool` rejects with when the tool answered `isError`. */
export class ToolCallError extends Error {
  constructor(
    message: string,
    /** The whole error result, as the server sent it. */
    readonly result: CallToolResult,
    /** The error category from the result's `_meta` (`validation`, `rate_limit`...), when the server gave one. */
    readonly category: string | undefined,
    /** The error's client-safe details from the result's `_meta`, when the server gave some. */
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
    this.name = 'ToolCallError';
  }
}

/**
 * A real SDK `Client` connected to `app` over in-memory transports, with results unwrapped for
 * assertions. `sdk` gives the underlying client for anything else.
 *
 * @example
 * const client = await createTestClient(app);
 * expect(await client.callTool('add', { a: 2, b: 3 })).toBe(5);
 * await expect(client.callTool('add', { a: 'x' })).rejects.toThrow(/a must be an integer/);
 * await client.close();
 */
export async function createTestClient(app: McpApp, options: TestClientOptions = {}): Promise<TestClient> {
  // Loaded here rather than at import: servers in production never load the SDK's client.
  const { Client, InMemoryTransport } = require('@modelcontextprotocol/client') as typeof import('@modelcontextprotocol/client');
  const protocolVersion = options.protocolVersion ?? MODERN_PROTOCOL_VERSION;
  const modern = protocolVersion >= MODERN_PROTOCOL_VERSION;
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const connection = await app.connect(serverTransport, { authInfo: options.auth });
  const capabilities: ClientCapabilities = {
    ...(options.onSampling ? { sampling: {} } : {}),
    ...(options.onElicitation ? { elicitation: { form: {}, url: {} } } : {}),
    ...options.capabilities,
  };
  const sdk = new Client(
    { name: 'mcp-decorators-test-client', version: '1.0.0' },
    {
      capabilities,
      versionNegotiation: { mode: modern ? { pin: protocolVersion } : 'legacy' },
      ...(modern ? {} : { supportedProtocolVersions: [protocolVersion] }),
    },
  );
  const { onSampling, onElicitation } = options;
  if (onSampling) sdk.setRequestHandler('sampling/createMessage', (request) => onSampling(request.params));
  if (onElicitation) sdk.setRequestHandler('elicitation/create', (request) => onElicitation(request.params));
  await sdk.connect(clientTransport);
  const client = new TestClient(sdk, connection);
  // Every notification is recorded before the SDK dispatches it (progress included).
  const dispatch = clientTransport.onmessage;
  clientTransport.onmessage = (message, extra) => {
    if (isJSONRPCNotification(message)) client.record(message as ServerNotification);
    dispatch?.(message, extra);
  };
  // A 2026-07-28 client hears of changes only on a stream it opens: open one for every kind.
  if (modern) await client.watch();
  return client;
}

/**
 * The test client's side of a connection: results unwrapped for assertions, every notification
 * the server sent recorded in order.
 */
export class TestClient {
  private wrapped?: Promise<Set<string>>;
  private readonly received: ServerNotification[] = [];
  private readonly waiters = new Set<(notification: ServerNotification) => void>();

  private subscription?: McpSubscription;
  private readonly watched = new Set<string>();

  constructor(
    /** The underlying SDK client, for anything the helpers do not cover. */
    readonly sdk: Client,
    private readonly connection: { close(): Promise<void> },
  ) {}

  /** The protocol era the connection speaks. */
  get era(): 'modern' | 'legacy' {
    return this.sdk.getProtocolEra() ?? 'legacy';
  }

  /**
   * Asks for `notifications/resources/updated` about `uri`, in either era: `resources/subscribe`
   * before 2026-07-28, a `subscriptions/listen` stream naming it since.
   */
  async subscribeResource(uri: string): Promise<void> {
    if (this.era === 'legacy') {
      await this.sdk.subscribeResource({ uri });
      return;
    }
    this.watched.add(uri);
    await this.watch();
  }

  /** Stops the updates about `uri`. */
  async unsubscribeResource(uri: string): Promise<void> {
    if (this.era === 'legacy') {
      await this.sdk.unsubscribeResource({ uri });
      return;
    }
    this.watched.delete(uri);
    await this.watch();
  }

  /**
   * (2026-07-28) Opens the listen stream for every list change and the watched resources,
   * replacing the previous one.
   * @internal
   */
  async watch(): Promise<void> {
    const previous = this.subscription;
    this.subscription = await this.sdk.listen({
      toolsListChanged: true,
      promptsListChanged: true,
      resourcesListChanged: true,
      ...(this.watched.size > 0 ? { resourceSubscriptions: [...this.watched] } : {}),
    });
    await previous?.close();
  }

  /** Notifications received so far (logs, progress, list changes, resource updates...), oldest first. */
  get notifications(): readonly ServerNotification[] {
    return this.received;
  }

  /** Received notifications of one method, e.g. `'notifications/message'`. */
  notificationsOf<M extends ServerNotification['method']>(method: M): Extract<ServerNotification, { method: M }>[] {
    return this.received.filter((n): n is Extract<ServerNotification, { method: M }> => n.method === method);
  }

  /** Forgets the notifications received so far. */
  clearNotifications(): void {
    this.received.length = 0;
  }

  /**
   * Resolves to the first notification of `method` (matching `where`) already received or
   * arriving within `timeoutMs` (default 5 s); rejects after that.
   *
   * @example
   * app.disableTool('deploy');
   * await client.waitForNotification('notifications/tools/list_changed');
   */
  waitForNotification<M extends ServerNotification['method']>(
    method: M,
    options: { where?: (notification: Extract<ServerNotification, { method: M }>) => boolean; timeoutMs?: number } = {},
  ): Promise<Extract<ServerNotification, { method: M }>> {
    type N = Extract<ServerNotification, { method: M }>;
    const matches = (n: ServerNotification): n is N => n.method === method && (options.where?.(n as N) ?? true);
    const already = this.received.find(matches);
    if (already) return Promise.resolve(already);
    return new Promise<N>((resolve, reject) => {
      const waiter = (n: ServerNotification): void => {
        if (!matches(n)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(n);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${method} notification within ${options.timeoutMs ?? 5000} ms`));
      }, options.timeoutMs ?? 5000);
      this.waiters.add(waiter);
    });
  }

  /** @internal Called by the transport hook of `createTestClient`. */
  record(notification: ServerNotification): void {
    this.received.push(notification);
    if (this.received.length > MAX_KEPT_NOTIFICATIONS) this.received.shift();
    for (const waiter of [...this.waiters]) waiter(notification);
  }

  /**
   * Calls a tool and resolves to its value: structured content (unwrapped for primitive
   * results), else the text of a single text block, else the content array. Rejects with a
   * `ToolCallError` when the tool answered `isError`.
   */
  async callTool(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const result = await this.sdk.callTool({ name, arguments: args });
    return this.unwrap(name, result);
  }

  /** Calls a tool and resolves to the raw `CallToolResult`, error results included. */
  async callToolRaw(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    return await this.sdk.callTool({ name, arguments: args });
  }

  /** The tools listed to this client (`tools/list`). */
  async listTools(): Promise<Tool[]> {
    return (await this.sdk.listTools()).tools;
  }

  /** The static resources listed to this client (`resources/list`). */
  async listResources(): Promise<Resource[]> {
    return (await this.sdk.listResources()).resources;
  }

  /** The resource templates listed to this client (`resources/templates/list`). */
  async listResourceTemplates(): Promise<ResourceTemplate[]> {
    return (await this.sdk.listResourceTemplates()).resourceTemplates;
  }

  /** Reads a resource: its text (JSON parsed when the MIME type is JSON), else the raw result. */
  async readResource(uri: string): Promise<unknown> {
    const result: ReadResourceResult = await this.sdk.readResource({ uri });
    const [first] = result.contents;
    if (result.contents.length === 1 && first && 'text' in first) {
      return first.mimeType === 'application/json' ? JSON.parse(first.text) : first.text;
    }
    return result;
  }

  /** The prompts listed to this client (`prompts/list`). */
  async listPrompts(): Promise<Prompt[]> {
    return (await this.sdk.listPrompts()).prompts;
  }

  /** Gets a prompt with its arguments and resolves to the raw `GetPromptResult`. */
  async getPrompt(name: string, args: Record<string, string> = {}): Promise<GetPromptResult> {
    return this.sdk.getPrompt({ name, arguments: args });
  }

  /** Closes the listen stream, the client and its connection to the app. */
  async close(): Promise<void> {
    await this.subscription?.close().catch(() => undefined);
    await this.sdk.close();
    await this.connection.close();
  }

  private async unwrap(name: string, result: CallToolResult): Promise<unknown> {
    const texts = result.content.filter((block) => block.type === 'text').map((block) => (block as { text: string }).text);
    if (result.isError) {
      const meta = result._meta?.[ERROR_META] as { category?: string; details?: Record<string, unknown> } | undefined;
      throw new ToolCallError(texts.join('\n') || `tool ${name} failed`, result, meta?.category, meta?.details);
    }
    if (result.structuredContent !== undefined && result.structuredContent !== null) {
      const structured = result.structuredContent as Record<string, unknown>;
      return (await this.wrappedTools()).has(name) ? structured['result'] : structured;
    }
    if (result.content.length === 1 && texts.length === 1) return texts[0];
    return result.content;
  }

  /** Tools whose primitive result travels as `structuredContent.result`, read once. */
  private wrappedTools(): Promise<Set<string>> {
    this.wrapped ??= this.listTools().then((tools) => new Set(tools.filter((tool) => tool._meta?.[WRAPPED_RESULT_META] === true).map((tool) => tool.name)));
    return this.wrapped;
  }
}

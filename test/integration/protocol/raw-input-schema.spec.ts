import { IsString } from 'class-validator';
import { createMcpApp, McpDefinitionError, Tool, ToolContext, type TestClient } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';

const SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    greeting: { type: 'string', default: 'Hello' },
  },
  required: ['name'],
  additionalProperties: false,
} as const;

interface Person {
  name: string;
  address?: { street?: string; city?: string };
  greeting: string;
}

describe.each([['2026-07-28'], ['2025-11-25']])('a tool with a raw JSON Schema as its input schema (%s)', (protocolVersion) => {
  @injectable()
  class RawTools {
    @Tool({ description: 'Greets a person', inputSchema: SCHEMA })
    greet({ name, address, greeting }: Person, ctx: ToolContext): string {
      return `${greeting}, ${name}${address?.city ? ` from ${address.city}` : ''} (${typeof ctx.requestId})`;
    }
  }

  const apps = useApps('all');
  let client: TestClient;

  beforeAll(async () => {
    ({ client } = await apps.start({ name: 'raw', version: '1.0.0', providers: [RawTools], logger: { level: 'error' } }, { protocolVersion }));
  });

  it('advertises the schema exactly as written ($schema, $defs, $ref, additionalProperties)', async () => {
    const [tool] = await client.listTools();
    expect(tool!.inputSchema).toEqual(SCHEMA);
  });

  it('validates calls against it, resolving $ref and filling defaults', async () => {
    expect(await client.callTool('greet', { name: 'Ada', address: { city: 'London' } })).toBe('Hello, Ada from London (number)');
    expect(await client.callTool('greet', { name: 'Bo', greeting: 'Hi' })).toBe('Hi, Bo (number)');
  });

  it('rejects bad arguments with every reason, and keeps serving', async () => {
    await expect(client.callTool('greet', { address: { city: 7 }, extra: 1 })).rejects.toThrow(
      'Invalid arguments for tool greet: name is required; property extra should not exist; address.city must be string',
    );
    expect(await client.callTool('greet', { name: 'Cy' })).toBe('Hello, Cy (number)');
  });

  it('fails at creation for an invalid schema, a non-object schema, or a DTO given too', async () => {
    class Dto {
      @IsString() a!: string;
    }
    @injectable()
    class Invalid {
      @Tool({ inputSchema: { type: 'object', properties: { a: { type: 'text' } } } })
      bad(input: object): object {
        return input;
      }
    }
    @injectable()
    class NotObject {
      @Tool({ inputSchema: { type: 'array' } as never })
      bad(input: object): object {
        return input;
      }
    }
    @injectable()
    class Both {
      @Tool({ input: Dto, inputSchema: { type: 'object' } })
      bad(input: object): object {
        return input;
      }
    }
    const create = (provider: new (...args: never[]) => object) => createMcpApp({ name: 'x', version: '1', providers: [provider], logger: { level: 'error' } });
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(create(Invalid)).rejects.toThrow(McpDefinitionError);
      await expect(create(Invalid)).rejects.toThrow(
        /^Invalid.bad: inputSchema is not a valid JSON Schema: schema is invalid: data\/properties\/a\/type must be/,
      );
    }
    await expect(create(NotObject)).rejects.toThrow(/NotObject.bad: inputSchema must be a JSON Schema with type "object"/);
    await expect(create(Both)).rejects.toThrow(/Both.bad: give either input \(a DTO\) or inputSchema/);
  });
});

import { type TestClient, ToolCallError } from 'mcp-decorators';
import { MathTools } from '../../examples/quickstart/math.tools';
import { useApps } from '../support/app-harness';

describe.each([['2026-07-28'], ['2025-11-25']])('quickstart server through a real SDK client (the seed’s unit-testing pattern) (%s)', (protocolVersion) => {
  const apps = useApps('all');
  let client: TestClient;

  beforeAll(async () => {
    ({ client } = await apps.start({ name: 'test', version: '1.0.0', providers: [MathTools], logger: { level: 'error' } }, { protocolVersion }));
  });

  it('test_tool_functionality: add works, divide by zero rejects', async () => {
    expect(await client.callTool('add', { a: 2, b: 3 })).toBe(5);
    await expect(client.callTool('divide', { a: 10, b: 0 })).rejects.toThrow(/Division by zero/);
    await expect(client.callTool('divide', { a: 10, b: 0 })).rejects.toMatchObject({ category: 'validation' });
    expect(await client.callTool('divide', { a: 10, b: 4 })).toBe(2.5);
  });

  it('test_resource_access: the config resource is listed and readable', async () => {
    const resources = await client.listResources();
    expect(resources).toContainEqual(expect.objectContaining({ uri: 'config://test', mimeType: 'application/json' }));
    expect(await client.readResource('config://test')).toEqual({ test: true, env: 'testing' });
  });

  it('advertises the tools with their DTO schemas and annotations', async () => {
    const tools = await client.listTools();
    const add = tools.find((t) => t.name === 'add')!;
    expect(add.description).toBe('Add two integers');
    expect(add.annotations).toEqual({ readOnlyHint: true, idempotentHint: true });
    expect(add.inputSchema).toMatchObject({
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'integer' } },
      required: ['a', 'b'],
      additionalProperties: false,
    });
    expect(add.outputSchema).toEqual({ type: 'object', properties: { result: { type: 'number' } }, required: ['result'] });
  });

  it('serves the prompt with its arguments', async () => {
    const prompts = await client.listPrompts();
    expect(prompts).toContainEqual(expect.objectContaining({ name: 'review', arguments: [{ name: 'code', required: true }] }));
    const result = await client.getPrompt('review', { code: 'let x = 1' });
    expect(result.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Please review this code:\n\nlet x = 1' } }]);
  });

  it('rejects with a ToolCallError that keeps the raw result', async () => {
    const error = await client.callTool('add', { a: 'x', b: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallError);
    expect((error as ToolCallError).result.isError).toBe(true);
  });
});

import { InMemoryTransport, type Client } from '@modelcontextprotocol/client';
import { assertEra, ERAS, newClient, type Era } from '../../bench/harness/era';
import { createStack as createDecoratorsStack } from '../../bench/stacks/decorators.stack';
import { createStack as createSdkClassValidatorStack } from '../../bench/stacks/sdk-class-validator.stack';
import { createStack as createSdkStack } from '../../bench/stacks/sdk.stack';
import type { CreateStack, StackParams } from '../../bench/stacks/stack';

/** The benchmark compares like with like only if both stacks answer the same calls the same way. */
async function session(create: CreateStack, params: StackParams, era: Era): Promise<{ client: Client; close: () => Promise<void> }> {
  const server = await create(params);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = newClient(era);
  await client.connect(clientTransport);
  assertEra(client, era);
  return { client, close: async () => (await client.close(), await server.close()) };
}

describe.each(ERAS)('bench stacks (%s era)', (era) => {
  const params: StackParams = { tools: 5, echo: true };

  it('serve the same tools and answer the same results', async () => {
    const sdk = await session(createSdkStack, params, era);
    const decorators = await session(createDecoratorsStack, params, era);
    try {
      const names = async (client: Client): Promise<string[]> => (await client.listTools()).tools.map((t) => t.name).sort();
      expect(await names(decorators.client)).toEqual(await names(sdk.client));
      expect(await names(sdk.client)).toEqual(['add', 'echo', 'tool_1', 'tool_2', 'tool_3', 'tool_4']);
      const calls = [
        { name: 'add', arguments: { a: 20, b: 22 } },
        { name: 'tool_3', arguments: { a: 20, b: 22 } },
        { name: 'echo', arguments: { text: 'x'.repeat(1024) } },
      ];
      for (const call of calls) {
        const expected = await sdk.client.callTool(call);
        expect(await decorators.client.callTool(call)).toEqual(expected);
        expect(expected.isError).toBeFalsy();
      }
    } finally {
      await sdk.close();
      await decorators.close();
    }
  });

  it('answer add alike, the class-validator reference included', async () => {
    const results = [];
    for (const create of [createSdkStack, createDecoratorsStack, createSdkClassValidatorStack]) {
      const { client, close } = await session(create, {}, era);
      try {
        results.push(await client.callTool({ name: 'add', arguments: { a: 20, b: 22 } }));
      } finally {
        await close();
      }
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('all reject an invalid add', async () => {
    for (const create of [createSdkStack, createDecoratorsStack, createSdkClassValidatorStack]) {
      const { client, close } = await session(create, {}, era);
      try {
        expect(await client.callTool({ name: 'add', arguments: { a: 1.5, b: 2 } })).toMatchObject({ isError: true });
      } finally {
        await close();
      }
    }
  });
});

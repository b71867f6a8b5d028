import 'reflect-metadata';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { plainToInstance } from 'class-transformer';
import { IsInt, validateSync } from 'class-validator';
import * as z from 'zod/v4';
import type { CreateStack } from './stack';

/*
 * A reference, not a contender: the raw SDK with the same class-validator DTO checked by hand in
 * the handler (zod still describes the input). It shows what class-validator itself costs, at
 * start-up and per call, before any framework.
 */

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

function buildServer(): McpServer {
  const server = new McpServer({ name: 'bench', version: '1.0.0' });
  server.registerTool(
    'add',
    { description: 'Add two integers', inputSchema: { a: z.number().int(), b: z.number().int() }, outputSchema: { result: z.number() } },
    (args) => {
      const input = plainToInstance(AddInput, args);
      const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0) {
        return { isError: true, content: [{ type: 'text', text: errors.map((e) => Object.values(e.constraints ?? {}).join('; ')).join('; ') }] };
      }
      const result = input.a + input.b;
      return { content: [{ type: 'text', text: String(result) }], structuredContent: { result } };
    },
  );
  return server;
}

export const createStack: CreateStack = async () => {
  const servers = new Set<McpServer>();
  return {
    async connect(transport) {
      const server = buildServer();
      servers.add(server);
      await server.connect(transport);
    },
    async close() {
      await Promise.allSettled([...servers].map((s) => s.close()));
    },
  };
};

import 'reflect-metadata';

import { McpServer, type CallToolResult } from '@modelcontextprotocol/server';
import { serveStdio, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';
import { plainToInstance } from 'class-transformer';
import { IsInt, validateSync } from 'class-validator';
import * as z from 'zod/v4';
import type { CreateStack } from './stack';

/*
 * A reference, not a contender: the raw SDK v2 with the same class-validator DTO checked by hand
 * in the handler (zod still describes the input). It shows what class-validator itself costs, at
 * start-up and per call, before any framework. Served on stdio and in-process only.
 */

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

const addInput = z.object({ a: z.number().int(), b: z.number().int() });
const output = z.object({ result: z.number() });

function add(args: z.infer<typeof addInput>): CallToolResult {
  const input = plainToInstance(AddInput, args);
  const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    return { isError: true, content: [{ type: 'text', text: errors.map((e) => Object.values(e.constraints ?? {}).join('; ')).join('; ') }] };
  }
  const result = input.a + input.b;
  return { content: [{ type: 'text', text: String(result) }], structuredContent: { result } };
}

function buildServer(): McpServer {
  const server = new McpServer({ name: 'bench', version: '1.0.0' });
  server.registerTool('add', { description: 'Add two integers', inputSchema: addInput, outputSchema: output }, add);
  return server;
}

export const createStack: CreateStack = async () => {
  const connections = new Set<StdioServerHandle>();
  return {
    async connect(transport) {
      connections.add(serveStdio(buildServer, { transport }));
    },
    async listenStdio() {
      connections.add(serveStdio(buildServer));
    },
    async close() {
      await Promise.allSettled([...connections].map((c) => c.close()));
    },
  };
};

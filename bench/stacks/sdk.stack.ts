import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod/v4';
import { fillerToolNames, type CreateStack, type StackParams } from './stack';

/*
 * The baseline: what a user writes with the SDK alone. The `add` tool answers exactly what
 * mcp-decorators answers for `add({ a, b }: AddInput): number` (text block + structuredContent
 * `{ result }`, advertised output schema), so both stacks put the same bytes on the wire.
 */

function buildServer(params: StackParams): McpServer {
  const server = new McpServer({ name: 'bench', version: '1.0.0' });
  const addShape = { a: z.number().int(), b: z.number().int() };
  const output = { result: z.number() };
  server.registerTool('add', { description: 'Add two integers', inputSchema: addShape, outputSchema: output }, ({ a, b }) => {
    const result = a + b;
    return { content: [{ type: 'text', text: String(result) }], structuredContent: { result } };
  });
  for (const name of fillerToolNames(params)) {
    server.registerTool(name, { description: `Filler ${name}`, inputSchema: addShape, outputSchema: output }, ({ a, b }) => {
      const result = a - b;
      return { content: [{ type: 'text', text: String(result) }], structuredContent: { result } };
    });
  }
  if (params.echo) {
    server.registerTool(
      'echo',
      { description: 'Length of a text', inputSchema: { text: z.string().max(200_000) }, outputSchema: output },
      ({ text }) => ({ content: [{ type: 'text', text: String(text.length) }], structuredContent: { result: text.length } }),
    );
  }
  return server;
}

export const createStack: CreateStack = async (params) => {
  const servers = new Set<McpServer>();
  let httpServer: ReturnType<typeof createServer> | undefined;
  return {
    async connect(transport) {
      const server = buildServer(params);
      servers.add(server);
      await server.connect(transport);
    },
    async listenHttp(port) {
      // The stateful pattern of the SDK's documentation: one transport and one server per session.
      const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
      const sessions = new Map<string, InstanceType<typeof StreamableHTTPServerTransport>>();
      const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
        if (!req.url?.startsWith('/mcp')) {
          res.writeHead(404).end();
          return;
        }
        const sessionId = req.headers['mcp-session-id'];
        const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
        if (existing) return existing.handleRequest(req, res);
        if (sessionId !== undefined || req.method !== 'POST') {
          res.writeHead(404, { 'content-type': 'application/json' }).end(
            JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }),
          );
          return;
        }
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => void sessions.set(id, transport),
        });
        transport.onclose = () => {
          if (transport.sessionId) sessions.delete(transport.sessionId);
        };
        const server = buildServer(params);
        servers.add(server);
        await server.connect(transport);
        await transport.handleRequest(req, res);
      };
      httpServer = createServer((req, res) => {
        handle(req, res).catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
        });
      });
      await new Promise<void>((resolve) => httpServer!.listen(port, '127.0.0.1', resolve));
      return (httpServer.address() as AddressInfo).port;
    },
    async close() {
      await Promise.allSettled([...servers].map((s) => s.close()));
      await new Promise<void>((resolve) => (httpServer ? httpServer.close(() => resolve()) : resolve()));
    },
  };
};

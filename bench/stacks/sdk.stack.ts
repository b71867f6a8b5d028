import { McpServer, type CallToolResult, type McpHttpHandler } from '@modelcontextprotocol/server';
import { serveStdio, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod/v4';
import { fillerToolNames, type CreateStack, type StackParams } from './stack';

/*
 * The baseline: what a user writes with SDK v2 alone. One factory builds an `McpServer` with
 * `registerTool`; `serveStdio(factory)` serves it on stdio (one instance per connection, either
 * era) and `createMcpHandler(factory)` + `toNodeHandler` on HTTP (one instance per request, both
 * eras stateless: the SDK's default posture), behind the documented localhost Host/Origin guards.
 * The `add` tool answers exactly what mcp-decorators answers for `add({ a, b }: AddInput): number`
 * (text block + structuredContent `{ result }`, advertised output schema), so both stacks put
 * the same bytes on the wire. Schemas and handlers are built once, at module scope, as the SDK's
 * documentation asks ("keep the factory cheap"); the factory only registers them.
 */

const addInput = z.object({ a: z.number().int(), b: z.number().int() });
const echoInput = z.object({ text: z.string().max(200_000) });
const output = z.object({ result: z.number() });

const answer = (result: number): CallToolResult => ({ content: [{ type: 'text', text: String(result) }], structuredContent: { result } });
const add = ({ a, b }: z.infer<typeof addInput>): CallToolResult => answer(a + b);
const subtract = ({ a, b }: z.infer<typeof addInput>): CallToolResult => answer(a - b);
const echo = ({ text }: z.infer<typeof echoInput>): CallToolResult => answer(text.length);

function factoryFor(params: StackParams): () => McpServer {
  const fillers = fillerToolNames(params);
  return () => {
    const server = new McpServer({ name: 'bench', version: '1.0.0' });
    server.registerTool('add', { description: 'Add two integers', inputSchema: addInput, outputSchema: output }, add);
    for (const name of fillers) {
      server.registerTool(name, { description: `Filler ${name}`, inputSchema: addInput, outputSchema: output }, subtract);
    }
    if (params.echo) server.registerTool('echo', { description: 'Length of a text', inputSchema: echoInput, outputSchema: output }, echo);
    return server;
  };
}

export const createStack: CreateStack = async (params) => {
  const factory = factoryFor(params);
  const connections = new Set<StdioServerHandle>();
  let handler: McpHttpHandler | undefined;
  let httpServer: HttpServer | undefined;
  return {
    async connect(transport) {
      connections.add(serveStdio(factory, { transport }));
    },
    async listenStdio() {
      connections.add(serveStdio(factory));
    },
    async listenHttp(port) {
      // The documented node:http mount (docs/serving/http.md). `require`, not `import()`: a
      // CommonJS process must not load the packages' ESM builds beside their CommonJS ones.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createMcpHandler } = require('@modelcontextprotocol/server') as typeof import('@modelcontextprotocol/server');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { toNodeHandler, localhostHostValidation, localhostOriginValidation } =
        require('@modelcontextprotocol/node') as typeof import('@modelcontextprotocol/node');
      handler = createMcpHandler(factory);
      const nodeHandler = toNodeHandler(handler);
      const validateHost = localhostHostValidation();
      const validateOrigin = localhostOriginValidation();
      httpServer = createServer((req, res) => {
        if (!req.url?.startsWith('/mcp')) {
          res.writeHead(404).end();
          return;
        }
        if (!validateHost(req, res) || !validateOrigin(req, res)) return;
        void nodeHandler(req, res);
      });
      await new Promise<void>((resolve) => httpServer!.listen(port, '127.0.0.1', resolve));
      return (httpServer.address() as AddressInfo).port;
    },
    async close() {
      await Promise.allSettled([...connections].map((c) => c.close()));
      await handler?.close();
      await new Promise<void>((resolve) => (httpServer ? httpServer.close(() => resolve()) : resolve()));
    },
  };
};

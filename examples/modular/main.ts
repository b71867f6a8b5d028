import 'reflect-metadata';

import { createMcpApp, type McpApp } from 'mcp-decorators';
import { AuthTools } from './modules/auth.tools';
import { DataTools } from './modules/data.tools';
import { FileTools } from './modules/file.tools';
import { UserDirectory } from './modules/user-directory.service';

/** The seed's modular design: one server composed of several provider classes. */
export function createServer(): Promise<McpApp> {
  return createMcpApp({
    name: 'Modular MCP Server',
    version: '1.0.0',
    instructions: 'User directory, sessions and notes.',
    providers: [AuthTools, DataTools, FileTools],
    services: [UserDirectory],
  });
}

if (require.main === module) {
  createServer()
    .then((app) => app.listen({ transport: 'stdio' }))
    .catch((error: unknown) => {
      process.stderr.write(`modular example failed to start: ${(error as Error).message}\n`);
      process.exit(1);
    });
}

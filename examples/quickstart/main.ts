import 'reflect-metadata';

import { createMcpApp } from 'mcp-decorators';
import { MathTools } from './math.tools';

/**
 * Serves the quickstart tools: `node dist-examples/examples/quickstart/main.js`. The transport,
 * host and port come from the MCP_* variables (stdio unless MCP_TRANSPORT=http); SIGTERM and
 * SIGINT drain the calls in progress and exit 0 (`listen()` installs the hooks by default).
 */
async function main(): Promise<void> {
  const app = await createMcpApp({ name: 'quickstart', version: '1.0.0', providers: [MathTools] });
  await app.listen();
}

main().catch((error: unknown) => {
  process.stderr.write(`quickstart failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});

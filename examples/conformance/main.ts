import 'reflect-metadata';
import { createConformanceApp } from './conformance.app';

/**
 * Serves the conformance fixtures: `MCP_TRANSPORT=http MCP_PORT=3000 node
 * dist-examples/examples/conformance/main.js`, then point the suite at http://localhost:3000/mcp
 * (`npm run conformance` does both). Transport, host and port come from the MCP_* variables.
 */
async function main(): Promise<void> {
  const app = await createConformanceApp();
  await app.listen();
}

main().catch((error: unknown) => {
  process.stderr.write(`conformance server failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});

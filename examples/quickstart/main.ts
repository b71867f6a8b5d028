import 'reflect-metadata';
import { createMcpApp } from 'mcp-decorators';
import { MathTools } from './math.tools';

/** Serves the quickstart tools over stdio: `npm start`, or `node dist-examples/examples/quickstart/main.js`. */
async function main(): Promise<void> {
  const app = await createMcpApp({ name: 'quickstart', version: '1.0.0', providers: [MathTools] });
  await app.listen({ transport: 'stdio' });
}

main().catch((error: unknown) => {
  process.stderr.write(`quickstart failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});

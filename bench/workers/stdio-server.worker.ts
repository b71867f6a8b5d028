import { loadStack, type StackRef } from '../stacks/stack';

/*
 * A stack served on stdio, started by the client (`node stdio-server.worker.js '<StackRef JSON>'`),
 * through the entry a user's stdio server uses (`serveStdio(factory)`, `app.listen({ transport:
 * 'stdio' })`). Nothing else runs here, so its CPU time and memory are the server's.
 */

async function main(): Promise<void> {
  const ref = JSON.parse(process.argv[2] ?? '') as StackRef;
  const server = await loadStack(ref);
  await server.listenStdio();
}

main().catch((error: unknown) => {
  process.stderr.write(`stdio server failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

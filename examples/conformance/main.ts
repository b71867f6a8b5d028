import 'reflect-metadata';
import { createConformanceApp } from './conformance.app';

/**
 * Serves the conformance fixtures: `MCP_TRANSPORT=http MCP_PORT=3000 node
 * dist-examples/examples/conformance/main.js`, then point the suite at http://localhost:3000/mcp
 * (`npm run conformance` does both). Transport, host and port come from the MCP_* variables.
 *
 * `legacy: 'sessions'`: the official suite speaks the 2025 revisions, and the server's own
 * requests to a 2025 client over HTTP (elicitation, sampling: `tools-call-elicitation`,
 * `tools-call-sampling`, `elicitation-sep1034-defaults`, `elicitation-sep1330-enums`) need a
 * session, which the stateless default does not keep; sessions also give `logging/setLevel`,
 * resource subscriptions and SSE resumption their 2025 meaning. 2026-07-28 clients are served
 * statelessly either way. On stdio (`MCP_TRANSPORT=stdio`) the option does not apply.
 */
async function main(): Promise<void> {
  const app = await createConformanceApp();
  await app.listen({ legacy: 'sessions' });
}

main().catch((error: unknown) => {
  process.stderr.write(`conformance server failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});

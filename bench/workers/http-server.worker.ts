import { loadStack, type StackRef } from '../stacks/stack';

/*
 * A stack served on streamable HTTP (stateless, both eras) on a free port. Started with an IPC
 * channel: it receives its StackRef and answers `{ port }`, then serves until it is killed.
 */

process.once('message', (ref) => {
  (async () => {
    const server = await loadStack(ref as StackRef);
    if (!server.listenHttp) throw new Error('this stack does not serve HTTP');
    const port = await server.listenHttp(0);
    process.send!({ ok: true, port });
  })().catch((error: unknown) => {
    process.send!({ ok: false, error: (error as Error).stack ?? String(error) }, () => process.exit(1));
  });
});

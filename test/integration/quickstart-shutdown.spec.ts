import path from 'node:path';
import { callToolWithProgress, connectHttpClient } from '../support/http';
import { startHttpChild } from '../support/http-child';
import { EXAMPLES_DIST } from '../support/stdio-child';

/** What `npm start` runs (after building). */
const QUICKSTART = path.join(EXAMPLES_DIST, 'quickstart/main.js');

describe('the quickstart, as `npm start` serves it over HTTP, on SIGTERM', () => {
  it('finishes the call in progress and exits 0, with no shutdown code of its own', async () => {
    const server = await startHttpChild(QUICKSTART);
    const { client } = await connectHttpClient(server.url);
    try {
      const call = callToolWithProgress(client, 'wait', { ms: 1_500 });
      await call.started;
      server.process.kill('SIGTERM');
      await server.waitForStderr(/"event":"shutdown_started"/);
      expect(await call.result).toMatchObject({ content: [{ type: 'text', text: 'waited 1500 ms' }] });
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.stderr()).toMatch(/"drained":true/);
    } finally {
      await client.close().catch(() => undefined);
      server.process.kill('SIGKILL');
    }
  });

  it('dies by the signal when listen() is told shutdownHooks: false', async () => {
    const script = path.resolve(__dirname, '../fixtures/no-hooks-server.js');
    const server = await startHttpChild(script);
    server.process.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGTERM' });
  });
});

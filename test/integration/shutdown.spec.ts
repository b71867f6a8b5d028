import { InMemoryTransport } from '@modelcontextprotocol/client';
import { createMcpApp, createTestClient, Tool } from 'mcp-decorators';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { injectable } from 'tsyringe';
import {
  connectHttpClient,
  ERAS,
  INITIALIZE,
  LEGACY_PROTOCOL_VERSION,
  MODERN_PROTOCOL_VERSION,
  modernPost,
  modernRequest,
  POST_HEADERS,
} from '../support/http';
import { RawStdioChild, STDIO_ENVELOPE } from '../support/stdio-child';

const SLOW_SERVER = path.resolve(__dirname, '../fixtures/slow-server.js');

function waitForStderr(child: RawStdioChild, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms:\n${child.stderr}`)), timeoutMs);
    const check = (): void => {
      if (pattern.test(child.stderr)) {
        clearTimeout(timer);
        child.process.stderr.off('data', check);
        resolve();
      }
    };
    child.process.stderr.on('data', check);
    check();
  });
}

describe.each(ERAS)('graceful shutdown (stdio child process, %s era)', (era) => {
  it('on SIGTERM mid-call, finishes the call, refuses new ones, then exits 0', async () => {
    const child = new RawStdioChild(SLOW_SERVER, { SLOW_MS: '1500', MCP_TRANSPORT: 'stdio', MCP_LOG_LEVEL: 'info' }, era);
    const exited = once(child.process, 'exit');
    await child.open();
    const slow = child.request(1, 'tools/call', { name: 'slow', arguments: {} });
    await waitForStderr(child, /slow-started/);
    child.process.kill('SIGTERM');
    await waitForStderr(child, /"event":"shutdown_started"/);
    const late = await child.request(2, 'tools/call', { name: 'slow', arguments: {} });
    expect(late).toMatchObject({ result: { isError: true, content: [{ text: expect.stringMatching(/shutting down/) }] } });
    expect(await slow).toMatchObject({ result: { content: [{ type: 'text', text: 'slow done' }] } });
    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(child.stderr).toMatch(/"event":"shutdown_complete".*"drained":true|"drained":true.*"event":"shutdown_complete"/);
  });

  it('cuts calls that outlast MCP_SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const child = new RawStdioChild(SLOW_SERVER, { SLOW_MS: '60000', MCP_SHUTDOWN_TIMEOUT_MS: '200', MCP_LOG_LEVEL: 'info' }, era);
    const exited = once(child.process, 'exit');
    await child.open();
    // Written raw: its answer never comes, and no timer should wait for it.
    const params = era === 'modern' ? { name: 'slow', arguments: {}, _meta: STDIO_ENVELOPE } : { name: 'slow', arguments: {} };
    child.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params })}\n`);
    await waitForStderr(child, /slow-started/);
    child.process.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(child.stderr).toMatch(/"event":"shutdown_timeout"/);
  });
});

describe.each([MODERN_PROTOCOL_VERSION, LEGACY_PROTOCOL_VERSION])('app.shutdown() in process (protocol %s)', (protocolVersion) => {
  it('waits for the call in progress, refuses new ones meanwhile, then closes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));

    @injectable()
    class Gated {
      @Tool()
      async gated(): Promise<string> {
        started();
        await gate;
        return 'finished';
      }
    }

    const app = await createMcpApp({
      name: 'gated',
      version: '1.0.0',
      providers: [Gated],
      logger: { level: 'error' },
      configSource: { env: {}, envFile: false },
    });
    const first = await createTestClient(app, { protocolVersion });
    const second = await createTestClient(app, { protocolVersion });
    const call = first.callTool('gated');
    await running;
    const shutdown = app.shutdown({ timeoutMs: 10_000 });
    await expect(second.callTool('gated')).rejects.toThrow(/shutting down/);
    let closed = false;
    void shutdown.then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release();
    await expect(call).resolves.toBe('finished');
    await expect(shutdown).resolves.toEqual({ drained: true });
    await expect(app.connect(InMemoryTransport.createLinkedPair()[1])).rejects.toThrow(/closed/);
  });
});

describe('graceful shutdown (HTTP child process)', () => {
  function startSlow(env: Record<string, string> = {}): {
    child: ReturnType<typeof spawn>;
    exited: Promise<unknown[]>;
    waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
    output: () => string;
  } {
    const child = spawn(process.execPath, [SLOW_SERVER], {
      env: { ...process.env, SLOW_MS: '1500', MCP_TRANSPORT: 'http', MCP_PORT: '0', MCP_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
      for (let waited = 0; waited < 10_000; waited += 20) {
        const match = pattern.exec(stderr);
        if (match) return match;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no ${pattern} on stderr:\n${stderr}`);
    };
    return { child, exited, waitFor, output: () => stderr };
  }

  it('on SIGTERM mid-call from a 2026-07-28 client, the call completes, new requests get 503, the process exits 0', async () => {
    const { child, exited, waitFor, output } = startSlow();
    const url = (await waitFor(/"url":"(http:\/\/[^"]+)"/))[1]!;
    const { client } = await connectHttpClient(url, { era: 'modern' });
    const call = client.callTool({ name: 'slow', arguments: {} });
    await waitFor(/slow-started/);
    child.kill('SIGTERM');
    await waitFor(/"event":"shutdown_started"/);
    const refused = await modernPost(url, modernRequest(2, 'tools/call', { name: 'slow', arguments: {} }));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringMatching(/shutting down/) } });
    const legacy = await fetch(url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(legacy.status).toBe(503);
    const ready = await fetch(new URL('/ready', url));
    expect({ status: ready.status, body: await ready.json() }).toMatchObject({ status: 503, body: { status: 'stopping' } });
    expect(await call).toMatchObject({ content: [{ type: 'text', text: 'slow done' }] });
    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output()).toMatch(/"drained":true/);
    await client.close().catch(() => undefined);
  });

  it('on SIGTERM mid-call in a 2025 session (MCP_LEGACY=sessions), the call completes, new sessions get 503, the open session is answered, the process exits 0', async () => {
    const child = spawn(process.execPath, [SLOW_SERVER], {
      env: { ...process.env, SLOW_MS: '1500', MCP_TRANSPORT: 'http', MCP_PORT: '0', MCP_LOG_LEVEL: 'info', MCP_LEGACY: 'sessions' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
      for (let waited = 0; waited < 10_000; waited += 20) {
        const match = pattern.exec(stderr);
        if (match) return match;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no ${pattern} on stderr:\n${stderr}`);
    };
    const url = (await waitFor(/"url":"(http:\/\/[^"]+)"/))[1]!;
    const { client } = await connectHttpClient(url);
    const call = client.callTool({ name: 'slow', arguments: {} });
    await waitFor(/slow-started/);
    child.kill('SIGTERM');
    await waitFor(/"event":"shutdown_started"/);
    const refused = await fetch(url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(refused.status).toBe(503);
    // Probes still answer, and say the replica is stopping.
    const ready = await fetch(new URL('/ready', url));
    expect({ status: ready.status, body: await ready.json() }).toMatchObject({ status: 503, body: { status: 'stopping' } });
    // The open session can still reach the server (a running call may await its reply to an
    // elicitation); a new call in it is refused by the server, not cut at the HTTP layer.
    const late = await client.callTool({ name: 'slow', arguments: {} });
    expect(late).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/shutting down/i) }] });
    expect(await call).toMatchObject({ content: [{ type: 'text', text: 'slow done' }] });
    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stderr).toMatch(/"drained":true/);
    await client.close().catch(() => undefined);
  });
});

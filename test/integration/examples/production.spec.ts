import type { Client } from '@modelcontextprotocol/client';
import { SignJWT } from 'jose';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { connectHttpClient, ERAS, type Era } from '../../support/http';
import { sampleValue } from '../../support/prometheus';
import { EXAMPLES_DIST } from '../../support/stdio-child';

const MAIN = path.join(EXAMPLES_DIST, 'production/main.js');
const SECRET = 'production-example-secret-32-bytes!!';
const AUDIENCE = 'notes-api';

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly origin: string;
  stderr(): string;
}

async function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, MCP_TRANSPORT: 'http', MCP_PORT: '0', MCP_LOG_LEVEL: 'info', ...env },
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let waited = 0; waited < 15_000; waited += 25) {
    const match = /"url":"(http:\/\/[^"]+)"/.exec(stderr);
    if (match) return { child, url: match[1]!, origin: new URL(match[1]!).origin, stderr: () => stderr };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`the production example did not start:\n${stderr}`);
}

async function stop(running: Running): Promise<number | null> {
  const exited = once(running.child, 'exit');
  running.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

function token(sub: string, scope: string): Promise<string> {
  return new SignJWT({ sub, scope, aud: AUDIENCE }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
}

async function clientWith(url: string, bearer: string, era: Era): Promise<Client> {
  return (await connectHttpClient(url, { era, headers: { authorization: `Bearer ${bearer}` } })).client;
}

describe('examples/production as a process, configured by its environment', () => {
  it.each(ERAS)('serves MCP with auth (%s era), /health, /ready, /metrics and /status; stops gracefully', async (era) => {
    const running = await start({ MCP_AUTH_JWT_SECRET: SECRET, MCP_AUTH_AUDIENCE: AUDIENCE, NOTES_MOTD: 'hello from env' });
    try {
      expect(running.stderr()).toMatch(/"MCP_AUTH_JWT_SECRET":"\*\*\*"/);
      expect(running.stderr()).not.toContain(SECRET);
      expect((await fetch(`${running.origin}/health`)).status).toBe(200);
      expect(await (await fetch(`${running.origin}/ready`)).json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
      expect(await (await fetch(`${running.origin}/status`)).json()).toEqual({ motd: 'hello from env', notes: 0, maxNotes: 1000 });
      // ping is @Public(): callers without a token get in, and see only it.
      const { client: anonymous } = await connectHttpClient(running.url, { era });
      expect((await anonymous.listTools()).tools.map((t) => t.name)).toEqual(['ping']);
      await anonymous.close();
      const forged = await fetch(running.url, { method: 'POST', headers: { authorization: 'Bearer forged', 'content-type': 'application/json' }, body: '{}' });
      expect(forged.status).toBe(401);

      const reader = await clientWith(running.url, await token('reader', 'notes:read'), era);
      expect((await reader.listTools()).tools.map((t) => t.name).sort()).toEqual(['list_notes', 'ping']);
      await reader.close();

      const writer = await clientWith(running.url, await token('writer', 'notes:read notes:write'), era);
      expect(await writer.callTool({ name: 'add_note', arguments: { text: 'ship it' } })).toMatchObject({ structuredContent: { id: 1, author: 'sub:writer' } });
      expect(await writer.callTool({ name: 'list_notes', arguments: {} })).toMatchObject({ structuredContent: { notes: [{ text: 'ship it' }] } });
      await writer.close();

      expect(await (await fetch(`${running.origin}/status`)).json()).toMatchObject({ notes: 1 });
      const metrics = await (await fetch(`${running.origin}/metrics`)).text();
      expect(sampleValue(metrics, 'mcp_calls_total', { name: 'add_note', status: 'success' })).toBe(1);
      expect(sampleValue(metrics, 'mcp_cache_misses_total', { name: 'list_notes' })).toBe(1);
    } finally {
      expect(await stop(running)).toBe(0);
    }
    expect(running.stderr()).toMatch(/"event":"shutdown_complete"/);
  });

  it('uses Redis when MCP_REDIS_URL is set (here unreachable: /ready says so)', async () => {
    const running = await start({ MCP_REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const ready = await fetch(`${running.origin}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'degraded', checks: { store: 'unavailable' } });
      expect(running.stderr()).toMatch(/"MCP_REDIS_URL":"\*\*\*"/);
    } finally {
      expect(await stop(running)).toBe(0);
    }
  });

  it('refuses to start on invalid settings, listing all of them, secrets hidden', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, MCP_TRANSPORT: 'http', MCP_PORT: 'http', NOTES_MAX: '0', MCP_AUTH_JWT_SECRET: 'tiny-secret' },
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toMatch(/Invalid configuration \(4 problems\)/);
    for (const name of ['MCP_PORT', 'MCP_AUTH_JWT_SECRET', 'MCP_AUTH_AUDIENCE', 'NOTES_MAX']) expect(stderr).toContain(`- ${name}:`);
    expect(stderr).not.toContain('tiny-secret');
  });
});

describe('npm start (the quickstart) honours MCP_*', () => {
  it.each(ERAS)('MCP_TRANSPORT=http serves /mcp (%s era), /health and /metrics on the configured port, and exits 0 on SIGTERM', async (era) => {
    const child = spawn(process.execPath, [path.join(EXAMPLES_DIST, 'quickstart/main.js')], {
      env: { ...process.env, MCP_TRANSPORT: 'http', MCP_PORT: '0', MCP_LOG_LEVEL: 'info' },
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let url: string | undefined;
    for (let waited = 0; waited < 15_000 && !url; waited += 25) {
      url = /"url":"(http:\/\/[^"]+)"/.exec(stderr)?.[1];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const origin = new URL(url!).origin;
    try {
      const { client } = await connectHttpClient(url!, { era });
      expect(await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } })).toMatchObject({ structuredContent: { result: 5 } });
      await client.close();
      expect((await fetch(`${origin}/health`)).status).toBe(200);
      expect(sampleValue(await (await fetch(`${origin}/metrics`)).text(), 'mcp_calls_total', { name: 'add', status: 'success' })).toBe(1);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect(((await exited) as [number | null])[0]).toBe(0);
    }
  });
});

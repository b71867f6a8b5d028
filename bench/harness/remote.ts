import { StreamableHTTPClientTransport, type Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { fork } from 'node:child_process';
import path from 'node:path';
import type { StackRef } from '../stacks/stack';
import { WORKERS_DIR } from './child';
import { assertEra, newClient, type Era } from './era';

/* Servers in their own process, reached the way real clients reach them. */

const nowMicros = (): number => Number(process.hrtime.bigint()) / 1000;

/**
 * The SDK's stdio client transport, probing in place. On the exact `StdioClientTransport` class a
 * negotiating client (`mode: { pin }` or `'auto'`) sends `server/discover` to a disposable
 * sibling process spawned from the same parameters, then spawns the real server: two cold starts
 * per connection, and a session whose wire never carried the probe. Subclasses probe on the
 * caller's process (documented in the SDK: protocol-versions.md, "Understand the probe"), which
 * is what a 2026-07-28 host that knows its server speaks that revision pays.
 */
class InPlaceStdioClientTransport extends StdioClientTransport {}

export interface StdioSession {
  readonly client: Client;
  readonly pid: number;
  /** From spawning the server to the opening result (`server/discover` or `initialize`), in µs. */
  readonly startMicros: number;
  close(): Promise<void>;
}

/** Spawns the stack on stdio and opens a session of `era`. */
export async function startStdio(ref: StackRef, era: Era): Promise<StdioSession> {
  const transport = new InPlaceStdioClientTransport({
    command: process.execPath,
    args: [path.join(WORKERS_DIR, 'stdio-server.worker.js'), JSON.stringify(ref)],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const client = newClient(era);
  const start = nowMicros();
  try {
    await client.connect(transport);
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw new Error(`stdio server did not open a ${era} session: ${(error as Error).message}\n${stderr}`);
  }
  const startMicros = nowMicros() - start;
  assertEra(client, era);
  const pid = transport.pid;
  if (pid === null) throw new Error('stdio server has no pid');
  return { client, pid, startMicros, close: () => client.close() };
}

export interface HttpServerProcess {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the stack's streamable HTTP server in a child process. Resolves to `undefined` when
 * the stack does not serve HTTP.
 */
export async function startHttpServer(ref: StackRef): Promise<HttpServerProcess | undefined> {
  const child = fork(path.join(WORKERS_DIR, 'http-server.worker.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const reply = await new Promise<{ ok: boolean; port?: number; error?: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { ok: boolean; port?: number; error?: string }));
    child.once('exit', (code) => reject(new Error(`HTTP server exited (${code}) before listening\n${stderr}`)));
    child.send(ref);
  });
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await exited;
  };
  if (!reply.ok) {
    await stop();
    if (/does not serve HTTP/.test(reply.error ?? '')) return undefined;
    throw new Error(`HTTP server failed: ${reply.error}\n${stderr}`);
  }
  return { port: reply.port!, pid: child.pid!, stop };
}

/**
 * A client of `era` on a server started above. Both eras are served statelessly: the modern
 * client probes with `server/discover`, the 2025 one sends `initialize`; every call after that
 * is one POST answered by a fresh server instance, without `Mcp-Session-Id`.
 */
export async function connectHttp(port: number, era: Era): Promise<Client> {
  const client = newClient(era);
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  assertEra(client, era);
  return client;
}

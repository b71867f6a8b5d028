import { fork } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { StackRef } from '../stacks/stack';
import { WORKERS_DIR } from './child';

/* Servers in their own process, reached the way real clients reach them. */

const nowMicros = (): number => Number(process.hrtime.bigint()) / 1000;

export interface StdioSession {
  readonly client: Client;
  readonly pid: number;
  /** From spawning the server to the `initialize` result, in µs. */
  readonly startMicros: number;
  close(): Promise<void>;
}

/** Spawns the stack on stdio with the SDK's `StdioClientTransport` and initializes a session. */
export async function startStdio(ref: StackRef): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(WORKERS_DIR, 'stdio-server.worker.js'), JSON.stringify(ref)],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const start = nowMicros();
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`stdio server did not initialize: ${(error as Error).message}\n${stderr}`);
  }
  const startMicros = nowMicros() - start;
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
    if (/does not serve HTTP yet/.test(reply.error ?? '')) return undefined;
    throw new Error(`HTTP server failed: ${reply.error}\n${stderr}`);
  }
  return { port: reply.port!, pid: child.pid!, stop };
}

/** A new session (`initialize` over streamable HTTP) on a server started above. */
export async function connectHttp(port: number): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  return client;
}

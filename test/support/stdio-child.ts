import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { Era } from './http';

/** The stateless revision a modern raw child speaks. */
const MODERN = '2026-07-28';

/** The 2026-07-28 `_meta` envelope of a raw request. */
export const STDIO_ENVELOPE = Object.freeze({
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'raw-test', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
});

/** Compiled examples live here after `npm run build` (run by `pretest`). */
export const EXAMPLES_DIST = path.resolve(__dirname, '../../dist-examples/examples');

/**
 * A server child process spoken to with raw JSON lines, keeping every stdout byte so tests can
 * prove nothing but protocol frames was written there. In the `modern` era every request
 * carries the 2026-07-28 `_meta` envelope and `open()` sends `server/discover`; in the
 * `legacy` era (default) `open()` is the 2025 `initialize` handshake.
 */
export class RawStdioChild {
  readonly stdoutChunks: Buffer[] = [];
  readonly stderrChunks: Buffer[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private pending = '';
  private readonly waiters = new Map<number | string, (message: Record<string, unknown>) => void>();

  constructor(
    script: string,
    env: Record<string, string> = {},
    readonly era: Era = 'legacy',
  ) {
    this.child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.stdoutChunks.push(chunk);
      this.pending += chunk.toString('utf8');
      let newline: number;
      while ((newline = this.pending.indexOf('\n')) >= 0) {
        const line = this.pending.slice(0, newline);
        this.pending = this.pending.slice(newline + 1);
        try {
          const message = JSON.parse(line) as Record<string, unknown>;
          const waiter = this.waiters.get(message['id'] as number);
          if (waiter && ('result' in message || 'error' in message)) {
            this.waiters.delete(message['id'] as number);
            waiter(message);
          }
        } catch {
          // Not JSON: `stdoutLines()` reports it; the test decides.
        }
      }
    });
    this.child.stderr.on('data', (chunk: Buffer) => this.stderrChunks.push(chunk));
  }

  /** Writes raw bytes to the server's stdin. */
  write(raw: string | Buffer): void {
    this.child.stdin.write(raw);
  }

  /** Sends a request and resolves with its response (or rejects after `timeoutMs`). */
  request(id: number | string, method: string, params: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to ${method} (id ${id}) within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      const sent = this.era === 'modern' ? { ...params, _meta: { ...STDIO_ENVELOPE, ...(params['_meta'] as object | undefined) } } : params;
      this.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params: sent })}\n`);
    });
  }

  /** Writes `body` (one JSON-RPC request, as text) and resolves with the first answer carrying `id`. */
  requestRaw(id: string, body: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to request ${id} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.write(`${body.replace(/\n/g, ' ')}\n`);
    });
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  }

  /** Opens the connection as the era does: `server/discover` (2026-07-28) or the `initialize` handshake. */
  async open(): Promise<Record<string, unknown>> {
    if (this.era === 'legacy') return this.initialize();
    const discovered = await this.request('discover', 'server/discover');
    if (!('result' in discovered)) throw new Error(`server/discover failed: ${JSON.stringify(discovered)}`);
    return discovered;
  }

  /** Performs the 2025 MCP handshake. */
  async initialize(): Promise<Record<string, unknown>> {
    const response = await this.request(0, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'raw-test', version: '1' },
    });
    this.notify('notifications/initialized');
    return response;
  }

  /** Every complete stdout line. */
  stdoutLines(): string[] {
    return Buffer.concat(this.stdoutChunks)
      .toString('utf8')
      .split('\n')
      .filter((line) => line.length > 0);
  }

  get stderr(): string {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }

  get process(): ChildProcessWithoutNullStreams {
    return this.child;
  }

  /** Closes stdin and waits for the process to exit; returns its exit code. */
  async end(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = once(this.child, 'exit');
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    const [code] = (await exited) as [number | null];
    clearTimeout(timer);
    return code;
  }
}

/** True when `line` is one JSON-RPC 2.0 message. */
export function isJsonRpcFrame(line: string): boolean {
  try {
    const message = JSON.parse(line) as Record<string, unknown>;
    return message['jsonrpc'] === '2.0' && ('method' in message || 'result' in message || 'error' in message);
  } catch {
    return false;
  }
}

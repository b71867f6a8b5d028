import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

/** Compiled examples live here after `npm run build` (run by `pretest`). */
export const EXAMPLES_DIST = path.resolve(__dirname, '../../dist-examples/examples');

/**
 * A server child process spoken to with raw JSON lines, keeping every stdout byte so tests can
 * prove nothing but protocol frames was written there.
 */
export class RawStdioChild {
  readonly stdoutChunks: Buffer[] = [];
  readonly stderrChunks: Buffer[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private pending = '';
  private readonly waiters = new Map<number | string, (message: Record<string, unknown>) => void>();

  constructor(script: string, env: Record<string, string> = {}) {
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
      this.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  }

  /** Performs the MCP handshake. */
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
    return Buffer.concat(this.stdoutChunks).toString('utf8').split('\n').filter((line) => line.length > 0);
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

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

/**
 * A server child process serving streamable HTTP on a port of its choosing (`MCP_PORT=0`): the
 * URL is read from its `http_listening` log line on stderr.
 */
export interface HttpChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly url: string;
  stderr(): string;
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `pattern` appears on stderr (rejects after `timeoutMs`). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Starts `node <script>` with `MCP_TRANSPORT=http MCP_PORT=0` (plus `env`) and waits for its URL. */
export async function startHttpChild(script: string, env: Record<string, string> = {}): Promise<HttpChild> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, MCP_TRANSPORT: 'http', MCP_PORT: '0', MCP_HOST: '127.0.0.1', MCP_LOG_LEVEL: 'info', ...env },
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const waitForStderr = async (pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(stderr);
      if (match) return match;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} on stderr (exit code ${child.exitCode}):\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const url = (await waitForStderr(/"url":"(http:\/\/[^"]+)"/))[1]!;
  return { process: child, url, stderr: () => stderr, exited, waitForStderr };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CliError, parseOneArgument, type CliCommand, type CliIo } from './cli-error';
import { compiledEntry, projectTypeScript } from './typescript-project';

const HELP = `Usage: mcp-decorators dev <entry> [--project <tsconfig>] [--port <port>]

Compiles the project with its own TypeScript (tsc --watch, so decorator metadata is emitted
as in a build), starts the compiled <entry> with node, and restarts it after each successful
compilation. The server is started with MCP_TRANSPORT=http (unless set) and MCP_PORT=<port>;
dev prints the URL it serves on. Ctrl-C stops both.

  <entry>                 the server's entry point, e.g. src/main.ts
  -p, --project <file>    the tsconfig.json to compile with (default ./tsconfig.json)
  --port <port>           the port the server listens on (default MCP_PORT, else 3000)
  -h, --help              this help

Example:
  mcp-decorators dev src/main.ts`;

/**
 * `mcp-decorators dev`: watch, compile, restart.
 *
 * @example
 * await devCommand.run(['src/main.ts'], PROCESS_IO);   // runs until SIGINT or SIGTERM
 */
export const devCommand: CliCommand = {
  name: 'dev',
  summary: 'compile in watch mode with tsc and restart the server on change',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const parsed = parseOneArgument(
      argv,
      { project: { type: 'string', short: 'p' }, port: { type: 'string' } },
      HELP,
      io,
      'missing <entry>: mcp-decorators dev src/main.ts',
    );
    if (!parsed) return 0;
    const entry = parsed.argument;
    const entryPath = path.resolve(entry);
    if (!existsSync(entryPath)) throw new CliError(`entry not found: ${entryPath}`);
    const tsconfig = path.resolve(parsed.values.project ?? 'tsconfig.json');
    if (!existsSync(tsconfig)) throw new CliError(`tsconfig not found: ${tsconfig} (give --project <tsconfig>)`);
    const port = parsed.values.port ?? (process.env['MCP_PORT'] || '3000');
    if (!/^\d+$/.test(port)) throw new CliError(`invalid --port ${JSON.stringify(port)}`);

    const ts = projectTypeScript(path.dirname(tsconfig));
    const output = compiledEntry(ts, tsconfig, entryPath);
    for (const warning of output.warnings) io.err(`mcp-decorators dev: warning: ${warning}`);
    return watch({
      io,
      tscBin: ts.bin,
      tsconfig,
      output: output.file,
      env: { ...process.env, MCP_TRANSPORT: process.env['MCP_TRANSPORT'] || 'http', MCP_PORT: port },
    });
  },
};

interface WatchOptions {
  io: CliIo;
  tscBin: string;
  tsconfig: string;
  output: string;
  env: NodeJS.ProcessEnv;
}

/** Runs `tsc --watch` and (re)starts the server after each clean compilation, until a signal. */
function watch({ io, tscBin, tsconfig, output, env }: WatchOptions): Promise<number> {
  return new Promise((resolve) => {
    let server: ChildProcess | undefined;
    let restarting: Promise<void> = Promise.resolve();
    let stopping = false;
    const tsc = spawn(process.execPath, [tscBin, '-p', tsconfig, '--watch', '--preserveWatchOutput', '--pretty', 'false'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Decoded by the streams, so that a character split across two chunks stays whole.
    tsc.stdout.setEncoding('utf8');
    tsc.stderr.setEncoding('utf8');
    let pending = '';
    tsc.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trimEnd();
        pending = pending.slice(newline + 1);
        onTscLine(line);
      }
    });
    tsc.stderr.on('data', (chunk: string) => io.err(chunk));
    tsc.on('exit', (code) => {
      if (stopping) return;
      io.err(`mcp-decorators dev: tsc exited with status ${code}`);
      void stop(1);
    });

    function onTscLine(line: string): void {
      const done = /Found (\d+) errors?\. Watching for file changes/.exec(line);
      if (!done) {
        if (line && !/Starting compilation in watch mode|File change detected/.test(line)) io.err(line);
        return;
      }
      if (done[1] !== '0') {
        io.err(`mcp-decorators dev: ${done[1]} compilation error(s); the server keeps running the last good build`);
        return;
      }
      restarting = restarting.then(restart);
    }

    async function restart(): Promise<void> {
      if (stopping) return;
      const wasRunning = await stopServer();
      if (!existsSync(output)) {
        io.err(`mcp-decorators dev: the compiled entry ${output} does not exist (is the entry in the tsconfig's files?)`);
        return;
      }
      io.out(`mcp-decorators dev: ${wasRunning ? 'restarting' : 'starting'} node ${path.relative(process.cwd(), output) || output}`);
      const child = spawn(process.execPath, ['--enable-source-maps', output], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      server = child;
      let announced = false;
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => io.out(chunk));
      child.stderr.on('data', (text: string) => {
        io.err(text);
        const url = /"url":"(https?:\/\/[^"]+)"/.exec(text);
        if (url && !announced) {
          announced = true;
          io.out(`mcp-decorators dev: serving on ${url[1]}`);
        }
      });
      child.on('exit', (code, signal) => {
        if (server === child && !stopping) io.err(`mcp-decorators dev: the server exited (${signal ?? `status ${code}`}); waiting for a change`);
        if (server === child) server = undefined;
      });
    }

    /** Stops the running server (SIGTERM: it drains; SIGKILL after 5 s). Resolves true if one ran. */
    async function stopServer(): Promise<boolean> {
      const child = server;
      if (!child || child.exitCode !== null || child.signalCode !== null) return false;
      server = undefined;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      return true;
    }

    async function stop(code: number): Promise<void> {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      tsc.kill('SIGTERM');
      await restarting.catch(() => undefined);
      await stopServer();
      resolve(code);
    }

    const onSignal = (): void => void stop(0);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

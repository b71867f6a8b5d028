import { readFileSync } from 'node:fs';
import path from 'node:path';
import { callCommand } from './call.command';
import { CliError, type CliCommand, type CliIo } from './cli-error';
import { devCommand } from './dev.command';
import { initCommand } from './init.command';
import { inspectCommand } from './inspect.command';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = Object.freeze([initCommand, devCommand, inspectCommand, callCommand]);

/** This package's version, read from its package.json (two folders above `dist/cli` or `src/cli`). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `Usage: mcp-decorators <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Run mcp-decorators <command> --help for a command's options.
  -h, --help     this help
  -v, --version  the version of mcp-decorators`;
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and resolves to the exit status.
 * Errors become one line on stderr; nothing here calls `process.exit`.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), PROCESS_IO);
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 1 : 0;
  }
  if (name === '-v' || name === '--version') {
    io.out(packageVersion());
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`mcp-decorators: unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')} (see --help)`);
    return 1;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`mcp-decorators ${command.name}: ${error.message}`);
      return error.exitCode;
    }
    // Protocol errors (an unknown tool, a refused request) are the server's answer, not a crash
    // of the CLI: their message is what the user needs. MCP_CLI_DEBUG=1 adds the stack.
    const detail = process.env['MCP_CLI_DEBUG'] ? (error as Error)?.stack : (error as Error)?.message;
    io.err(`mcp-decorators ${command.name}: ${detail ?? String(error)}`);
    return 1;
  }
}

#!/usr/bin/env node
import { PROCESS_IO } from './cli-error';
import { runCli } from './run-cli';

// The `mcp-decorators` command (package.json `bin`). Sets the exit code rather than exiting, so
// that stdout is flushed before the process ends.
runCli(process.argv.slice(2), PROCESS_IO).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mcp-decorators: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

/**
 * A failure the CLI reports as one line on stderr, then exits with `exitCode` (default 1).
 *
 * @example
 * throw new CliError('invalid JSON arguments: Unexpected token }');
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Where a command writes: stdout for its output, stderr for errors and progress. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** The process's own streams. */
export const PROCESS_IO: CliIo = Object.freeze({
  out: (text: string) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text: string) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
});

/** One CLI command: its name, one-line summary, `--help` text and its run function. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  /** Resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

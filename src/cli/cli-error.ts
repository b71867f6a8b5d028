import { parseArgs } from 'node:util';

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

/** The values of options declared as `{ type: 'string' | 'boolean' }`. */
export type OptionValues<O extends Record<string, { type: 'string' | 'boolean' }>> = {
  readonly [K in keyof O]?: O[K]['type'] extends 'string' ? string : boolean;
};

/** What `parseOneArgument` reads: the one positional argument and the options. */
export interface OneArgument<O extends Record<string, { type: 'string' | 'boolean' }>> {
  readonly argument: string;
  readonly values: OptionValues<O>;
}

/**
 * Parses the arguments of a command that takes exactly one positional argument (`init <dir>`,
 * `dev <entry>`) plus `options` and `--help`; undefined once `--help` was printed.
 *
 * @example
 * const parsed = parseOneArgument(argv, { port: { type: 'string' } }, HELP, io, 'missing <entry>: mcp-decorators dev src/main.ts');
 * if (!parsed) return 0;
 */
export function parseOneArgument<const O extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(
  argv: string[],
  options: O,
  help: string,
  io: CliIo,
  missing: string,
): OneArgument<O> | undefined {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (parsed.values['help']) {
    io.out(help);
    return undefined;
  }
  const [argument, ...extra] = parsed.positionals;
  if (!argument) throw new CliError(missing);
  if (extra.length) throw new CliError(`unexpected argument ${JSON.stringify(extra[0])}`);
  return { argument, values: parsed.values as OptionValues<O> };
}

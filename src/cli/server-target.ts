import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isPositiveInteger } from '../errors/invalid-option';
import { CliError } from './cli-error';

/** The server a client command talks to: an HTTP URL, or a command started on stdio. */
export type ServerTarget = { readonly url: URL } | { readonly command: string; readonly args: readonly string[] };

/** Options every client command (`inspect`, `call`) accepts. */
export const TARGET_OPTIONS = {
  url: { type: 'string' },
  protocol: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** How the client negotiates the protocol: `legacy` (initialize) or `auto` (probe `server/discover` first). */
export type ProtocolMode = 'legacy' | 'auto';

/** What a client command was asked: the target, the negotiation mode, the time allowed to connect. */
export interface ClientCommandArgs {
  readonly target: ServerTarget;
  readonly protocol: ProtocolMode;
  readonly timeoutMs: number;
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
}

/**
 * Parses `[positionals] [--flags] (--url <url> | -- <command...>)`. Everything after `--` is
 * the server's command line, never parsed as our flags. `--protocol` defaults to `auto` for a
 * URL and `legacy` for a spawned command.
 *
 * @example
 * parseClientArgs(['add', '{"a":1}', '--', 'node', 'server.js'], {});
 */
export function parseClientArgs(argv: readonly string[], extra: ParseArgsConfig['options'] = {}): ClientCommandArgs & { help: boolean } {
  const dashDash = argv.indexOf('--');
  const own = dashDash < 0 ? [...argv] : argv.slice(0, dashDash);
  const command = dashDash < 0 ? [] : argv.slice(dashDash + 1);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: own, options: { ...TARGET_OPTIONS, ...extra }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const help = values['help'] === true;
  const url = values['url'] as string | undefined;
  let target: ServerTarget | undefined;
  if (url !== undefined && command.length > 0) throw new CliError('give either --url <url> or -- <command...>, not both');
  if (url !== undefined) {
    try {
      target = { url: new URL(url) };
    } catch {
      throw new CliError(`invalid --url: ${JSON.stringify(url)} is not a URL (e.g. http://127.0.0.1:3000/mcp)`);
    }
  } else if (command.length > 0) {
    target = { command: command[0], args: command.slice(1) };
  } else if (!help) {
    throw new CliError('no server: give --url <url> or -- <command...> (e.g. -- node dist/main.js)');
  }
  const protocol = (values['protocol'] as string | undefined) ?? (url ? 'auto' : 'legacy');
  if (protocol !== 'auto' && protocol !== 'legacy') throw new CliError(`invalid --protocol ${JSON.stringify(protocol)}: use auto or legacy`);
  const timeoutText = (values['timeout'] as string | undefined) ?? '10000';
  const timeoutMs = Number(timeoutText);
  if (!isPositiveInteger(timeoutMs)) throw new CliError(`invalid --timeout ${JSON.stringify(timeoutText)}: a number of milliseconds`);
  return { target: target!, protocol, timeoutMs, positionals: parsed.positionals, flags: values, help };
}

/** The help lines every client command shares. */
export const TARGET_HELP = `Server (one of):
  --url <url>             a streamable HTTP endpoint, e.g. http://127.0.0.1:3000/mcp
  -- <command...>         a command that serves MCP on stdio, e.g. -- node dist/main.js

Options:
  --protocol auto|legacy  protocol negotiation (default: auto for --url, legacy for a command)
  --timeout <ms>          time allowed to connect and for each request (default 10000)
  -h, --help              this help`;

import type { CliCommand, CliIo } from './cli-error';
import { CliError } from './cli-error';
import { parseClientArgs, TARGET_HELP } from './server-target';

const HELP = `Usage: mcp-decorators call <tool> [json-args] (--url <url> | -- <command...>)

Calls one tool and prints its structured content as JSON, else its text. An error result, an
unknown tool or invalid arguments exit with status 1 and the message on stderr.

  <tool>                  the tool's name
  [json-args]             its arguments as one JSON object (default {})

${TARGET_HELP}

Examples:
  mcp-decorators call add '{"a":2,"b":3}' -- node dist/main.js
  mcp-decorators call add '{"a":2,"b":3}' --url http://127.0.0.1:3000/mcp`;

/**
 * `mcp-decorators call`: one tool call from the shell.
 *
 * @example
 * const status = await callCommand.run(['add', '{"a":2,"b":3}', '--', 'node', 'dist/main.js'], PROCESS_IO);
 */
export const callCommand: CliCommand = {
  name: 'call',
  summary: 'call one tool and print its result',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseClientArgs(argv);
    if (args.help) {
      io.out(HELP);
      return 0;
    }
    const [name, json, ...rest] = args.positionals;
    if (!name) throw new CliError('missing <tool>: mcp-decorators call <tool> [json-args] (--url <url> | -- <command...>)');
    if (rest.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(rest[0])}: the arguments are one JSON object, quoted`);
    const toolArgs = parseToolArguments(json);
    // Loaded on use: the SDK client is most of the CLI's start-up time, and `--help` or `init` need none of it.
    const { connectClient } = require('./mcp-client') as typeof import('./mcp-client');
    const { client, close } = await connectClient(args);
    try {
      const result = await client.callTool({ name, arguments: toolArgs }, { timeout: args.timeoutMs });
      const text = (result.content ?? []).map((block) => (block.type === 'text' ? block.text : JSON.stringify(block))).join('\n');
      if (result.isError) {
        io.err(text || `tool ${name} failed`);
        return 1;
      }
      io.out(result.structuredContent !== undefined ? JSON.stringify(result.structuredContent, null, 2) : text);
      return 0;
    } finally {
      await close();
    }
  },
};

/**
 * The `[json-args]` of `call`: a JSON object, `{}` when absent.
 *
 * @example
 * parseToolArguments('{"a":1}'); // { a: 1 }
 */
export function parseToolArguments(json: string | undefined): Record<string, unknown> {
  if (json === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new CliError(`invalid JSON arguments ${JSON.stringify(json)}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`invalid JSON arguments ${JSON.stringify(json)}: expected a JSON object, like '{"a":1}'`);
  }
  return value as Record<string, unknown>;
}

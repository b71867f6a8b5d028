import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { CliError } from './cli-error';
import type { ClientCommandArgs, ServerTarget } from './server-target';

/** A connected client, and how to end it (and the spawned server, if any). */
export interface ConnectedClient {
  readonly client: Client;
  readonly close: () => Promise<void>;
}

/** The most stderr of a spawned server kept for an error message. */
const STDERR_KEPT = 4_000;

/**
 * Connects an MCP client (SDK v2) to `--url` (streamable HTTP) or to a command it starts on
 * stdio. Failures become a `CliError` that says what was tried and, for a command, what it
 * printed on stderr before it failed.
 *
 * @example
 * const { client, close } = await connectClient({ target: { url: new URL('http://127.0.0.1:3000/mcp') }, protocol: 'auto', timeoutMs: 10_000 });
 * const { tools } = await client.listTools();
 * await close();
 */
export async function connectClient(args: Pick<ClientCommandArgs, 'target' | 'protocol' | 'timeoutMs'>): Promise<ConnectedClient> {
  const client = new Client({ name: 'mcp-decorators-cli', version: '1' }, { versionNegotiation: { mode: args.protocol } });
  let stderr = '';
  let transport: StdioClientTransport | StreamableHTTPClientTransport;
  if ('url' in args.target) {
    transport = new StreamableHTTPClientTransport(args.target.url);
  } else {
    const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const stdio = new StdioClientTransport({ command: args.target.command, args: [...args.target.args], env, stderr: 'pipe' });
    stdio.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT)));
    transport = stdio;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${args.timeoutMs} ms`)), args.timeoutMs);
  });
  try {
    await Promise.race([client.connect(transport, { timeout: args.timeoutMs }), timedOut]);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new CliError(
      `could not connect to ${describeTarget(args.target)}: ${(error as Error).message}${stderr ? `\nserver stderr:\n${stderr.trimEnd()}` : ''}`,
    );
  } finally {
    clearTimeout(timer);
  }
  return { client, close: () => client.close().catch(() => undefined) };
}

/** `http://...` or the command line, for messages. */
export function describeTarget(target: ServerTarget): string {
  return 'url' in target ? target.url.href : `the server started with \`${[target.command, ...target.args].join(' ')}\``;
}

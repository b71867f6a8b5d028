import type { Client } from '@modelcontextprotocol/client';
import type { CliCommand, CliIo } from './cli-error';
import { parseClientArgs, TARGET_HELP } from './server-target';

/** Everything a server offers, as `inspect --json` prints it. */
export interface ServerListing {
  tools: Array<Record<string, unknown>>;
  resources: Array<Record<string, unknown>>;
  resourceTemplates: Array<Record<string, unknown>>;
  prompts: Array<Record<string, unknown>>;
}

const HELP = `Usage: mcp-decorators inspect [--json] (--url <url> | -- <command...>)

Connects as an MCP client and prints the server's tools (with their input and output
schemas), resources, resource templates and prompts (with their arguments).

  --json                  print { tools, resources, resourceTemplates, prompts } as JSON

${TARGET_HELP}

Examples:
  mcp-decorators inspect -- node dist/main.js
  mcp-decorators inspect --json --url http://127.0.0.1:3000/mcp`;

/**
 * `mcp-decorators inspect`: lists what a server offers.
 *
 * @example
 * await inspectCommand.run(['--json', '--', 'node', 'dist/main.js'], PROCESS_IO);
 */
export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'list a server’s tools, resources, templates and prompts with their schemas',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseClientArgs(argv, { json: { type: 'boolean' } });
    if (args.help) {
      io.out(HELP);
      return 0;
    }
    // Loaded on use: the SDK client is most of the CLI's start-up time, and `--help` or `init` need none of it.
    const { connectClient } = require('./mcp-client') as typeof import('./mcp-client');
    const { client, close } = await connectClient(args);
    try {
      const listing = await listEverything(client, args.timeoutMs);
      io.out(args.flags['json'] ? JSON.stringify(listing, null, 2) : formatListing(client, listing));
      return 0;
    } finally {
      await close();
    }
  },
};

/** Every page of every list the server advertises a capability for. */
export async function listEverything(client: Client, timeoutMs: number): Promise<ServerListing> {
  const capabilities = client.getServerCapabilities() ?? {};
  const options = { timeout: timeoutMs };
  const pages = async <T>(list: (cursor: string | undefined) => Promise<{ nextCursor?: string } & Record<string, unknown>>, key: string): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(cursor);
      items.push(...((page[key] as T[] | undefined) ?? []));
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const cursorParams = (cursor: string | undefined) => (cursor ? { cursor } : undefined);
  return {
    tools: capabilities.tools ? await pages((c) => client.listTools(cursorParams(c), options), 'tools') : [],
    resources: capabilities.resources ? await pages((c) => client.listResources(cursorParams(c), options), 'resources') : [],
    resourceTemplates: capabilities.resources ? await pages((c) => client.listResourceTemplates(cursorParams(c), options), 'resourceTemplates') : [],
    prompts: capabilities.prompts ? await pages((c) => client.listPrompts(cursorParams(c), options), 'prompts') : [],
  };
}

/** The listing for a human: one section per kind, schemas as compact JSON. */
export function formatListing(client: Pick<Client, 'getServerVersion' | 'getNegotiatedProtocolVersion'>, listing: ServerListing): string {
  const server = client.getServerVersion();
  const lines = [
    `${server?.name ?? 'server'} ${server?.version ?? ''} (protocol ${client.getNegotiatedProtocolVersion() ?? 'unknown'})`.replace(/\s+\(/, ' ('),
  ];
  const section = (title: string, items: Array<Record<string, unknown>>, render: (item: Record<string, unknown>) => string[]): void => {
    lines.push('', `${title} (${items.length})`);
    for (const item of items) lines.push(...render(item).map((line, index) => (index === 0 ? `  ${line}` : `      ${line}`)));
  };
  const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
  const described = (head: string, item: Record<string, unknown>): string => (item['description'] ? `${head}: ${text(item['description'])}` : head);
  section('Tools', listing.tools, (tool) => [
    described(String(tool['name']), tool),
    `input: ${JSON.stringify(tool['inputSchema'])}`,
    ...(tool['outputSchema'] ? [`output: ${JSON.stringify(tool['outputSchema'])}`] : []),
  ]);
  section('Resources', listing.resources, (resource) => [
    described(`${text(resource['uri'])}${resource['mimeType'] ? ` (${text(resource['mimeType'])})` : ''}`, resource),
  ]);
  section('Resource templates', listing.resourceTemplates, (template) => [described(String(template['uriTemplate']), template)]);
  section('Prompts', listing.prompts, (prompt) => {
    const args = (prompt['arguments'] as Array<{ name: string; required?: boolean }> | undefined) ?? [];
    return [
      described(String(prompt['name']), prompt),
      ...(args.length ? [`arguments: ${args.map((a) => `${a.name}${a.required ? '' : '?'}`).join(', ')}`] : []),
    ];
  });
  return lines.join('\n');
}

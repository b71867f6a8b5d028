import path from 'node:path';
import { runCli } from '../../support/cli';
import { startHttpChild, type HttpChild } from '../../support/http-child';
import { EXAMPLES_DIST } from '../../support/stdio-child';

const QUICKSTART = path.join(EXAMPLES_DIST, 'quickstart/main.js');
const SERVE = ['--', process.execPath, QUICKSTART];

describe('mcp-decorators inspect and call, against the quickstart on stdio', () => {
  it('inspect --json prints { tools, resources, resourceTemplates, prompts } with the schemas', async () => {
    const run = await runCli(['inspect', '--json', ...SERVE]);
    expect(run.status).toBe(0);
    const listing = JSON.parse(run.stdout) as Record<string, Array<Record<string, unknown>>>;
    expect(Object.keys(listing)).toEqual(['tools', 'resources', 'resourceTemplates', 'prompts']);
    expect(listing['tools']!.map((tool) => tool['name'])).toEqual(['add', 'divide', 'wait']);
    expect(listing['tools']![0]).toMatchObject({
      inputSchema: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a', 'b'] },
      outputSchema: { properties: { result: { type: 'number' } } },
    });
    expect(listing['resources']).toEqual([expect.objectContaining({ uri: 'config://test', mimeType: 'application/json' })]);
    expect(listing['resourceTemplates']).toEqual([]);
    expect(listing['prompts']).toEqual([expect.objectContaining({ name: 'review', arguments: [expect.objectContaining({ name: 'code', required: true })] })]);
  });

  it('inspect prints a readable listing', async () => {
    const run = await runCli(['inspect', ...SERVE]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^quickstart 1\.0\.0 \(protocol [\d-]+\)/);
    expect(run.stdout).toMatch(/Tools \(3\)\n  add: Add two integers\n +input: \{"type":"object"/);
    expect(run.stdout).toMatch(/Resources \(1\)\n  config:\/\/test \(application\/json\)/);
    expect(run.stdout).toMatch(/Prompts \(1\)\n  review: Ask for a code review\n +arguments: code/);
  });

  it('call prints the structured content as JSON', async () => {
    const run = await runCli(['call', 'add', '{"a":2,"b":3}', ...SERVE]);
    expect({ status: run.status, result: JSON.parse(run.stdout) as unknown, stderr: run.stderr }).toEqual({ status: 0, result: { result: 5 }, stderr: '' });
  });

  it('call exits 1 with the message on stderr for an error result', async () => {
    const run = await runCli(['call', 'divide', '{"a":1,"b":0}', ...SERVE]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: '' });
    expect(run.stderr).toMatch(/Division by zero/);
  });

  it('call exits 1 for arguments the DTO rejects, an unknown tool, invalid JSON, no server', async () => {
    const invalid = await runCli(['call', 'add', '{"a":"x","b":1}', ...SERVE]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/a must be an integer/);
    const unknown = await runCli(['call', 'nope', ...SERVE]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^mcp-decorators call: .*Unknown tool: nope\n$/);
    const json = await runCli(['call', 'add', '{"a":2,', ...SERVE]);
    expect(json.status).toBe(1);
    expect(json.stderr).toMatch(/^mcp-decorators call: invalid JSON arguments "\{\\"a\\":2,": /);
    const array = await runCli(['call', 'add', '[1,2]', ...SERVE]);
    expect(array.stderr).toMatch(/expected a JSON object/);
    const none = await runCli(['call', 'add']);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no server: give --url <url> or -- <command\.\.\.>/);
  });

  it('says when the server does not start, with what it printed', async () => {
    const missing = await runCli(['inspect', '--', process.execPath, path.join(__dirname, 'no-such-server.js')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(
      /^mcp-decorators inspect: could not connect to the server started with `.*no-such-server\.js`: .*\nserver stderr:\n[\s\S]*Cannot find module/,
    );
    const noCommand = await runCli(['inspect', '--', 'no-such-command-mcp-decorators']);
    expect(noCommand.status).toBe(1);
    expect(noCommand.stderr).toMatch(/could not connect to the server started with `no-such-command-mcp-decorators`: .*ENOENT/);
  });
});

describe('mcp-decorators inspect and call over HTTP', () => {
  let server: HttpChild;
  beforeAll(async () => {
    server = await startHttpChild(QUICKSTART);
  });
  afterAll(async () => {
    server.process.kill('SIGTERM');
    await server.exited;
  });

  it('inspects and calls the quickstart at --url (protocol negotiation: auto)', async () => {
    const listing = await runCli(['inspect', '--json', '--url', server.url]);
    expect(listing.status).toBe(0);
    expect((JSON.parse(listing.stdout) as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name)).toEqual(['add', 'divide', 'wait']);
    const call = await runCli(['call', 'add', '{"a":20,"b":22}', '--url', server.url]);
    expect({ status: call.status, result: JSON.parse(call.stdout) as unknown }).toEqual({ status: 0, result: { result: 42 } });
  });

  it('exits 1 with a clear message when nothing answers at the URL, or the URL is invalid', async () => {
    const closed = await runCli(['call', 'add', '{}', '--url', 'http://127.0.0.1:9/mcp']);
    expect(closed.status).toBe(1);
    expect(closed.stderr).toMatch(/^mcp-decorators call: could not connect to http:\/\/127\.0\.0\.1:9\/mcp: /);
    const invalid = await runCli(['inspect', '--url', 'not a url']);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/invalid --url: "not a url" is not a URL/);
  });
});

describe('mcp-decorators --help', () => {
  it.each(['init', 'dev', 'inspect', 'call'])('%s --help prints its usage and exits 0', async (command) => {
    const run = await runCli([command, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: mcp-decorators ${command} `));
  });

  it('lists the commands; an unknown command exits 1', async () => {
    const help = await runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Commands:\n  init +create a new project[\s\S]*  call +call one tool/);
    const unknown = await runCli(['serve']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command "serve"/);
  });
});

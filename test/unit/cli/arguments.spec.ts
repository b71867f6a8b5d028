import { parseToolArguments } from '../../../src/cli/call.command';
import { CliError } from '../../../src/cli/cli-error';
import { packageName } from '../../../src/cli/init.command';
import { parseClientArgs } from '../../../src/cli/server-target';

describe('parseClientArgs', () => {
  it('keeps everything after -- as the server command, never as our flags', () => {
    const parsed = parseClientArgs(['add', '{"a":1}', '--', 'node', 'server.js', '--url', 'x', '--help']);
    expect(parsed).toMatchObject({
      target: { command: 'node', args: ['server.js', '--url', 'x', '--help'] },
      positionals: ['add', '{"a":1}'],
      protocol: 'legacy',
      help: false,
    });
  });

  it('negotiates auto for a URL, unless told; rejects both targets, neither, bad values', () => {
    expect(parseClientArgs(['--url', 'http://127.0.0.1:3000/mcp']).protocol).toBe('auto');
    expect(parseClientArgs(['--protocol', 'legacy', '--url', 'http://h/mcp']).protocol).toBe('legacy');
    expect(() => parseClientArgs(['--url', 'http://h/mcp', '--', 'node'])).toThrow(/either --url <url> or -- <command...>, not both/);
    expect(() => parseClientArgs([])).toThrow(/no server/);
    expect(() => parseClientArgs(['--protocol', 'modern', '--url', 'http://h/mcp'])).toThrow(/invalid --protocol "modern"/);
    expect(() => parseClientArgs(['--timeout', 'soon', '--url', 'http://h/mcp'])).toThrow(/invalid --timeout "soon"/);
    expect(() => parseClientArgs(['--bogus', '--url', 'http://h/mcp'])).toThrow(CliError);
  });

  it('needs no server for --help', () => {
    expect(parseClientArgs(['--help']).help).toBe(true);
  });
});

describe('parseToolArguments', () => {
  it('is {} when absent, the object when given, a CliError otherwise', () => {
    expect(parseToolArguments(undefined)).toEqual({});
    expect(parseToolArguments('{"a":1}')).toEqual({ a: 1 });
    expect(() => parseToolArguments('{"a":')).toThrow(/invalid JSON arguments/);
    expect(() => parseToolArguments('42')).toThrow(/expected a JSON object/);
    expect(() => parseToolArguments('null')).toThrow(/expected a JSON object/);
  });
});

describe('packageName', () => {
  it('makes an npm name of a folder name', () => {
    expect(packageName('My Server')).toBe('my-server');
    expect(packageName('.hidden_tool')).toBe('hidden_tool');
    expect(packageName('---')).toBe('mcp-server');
  });
});

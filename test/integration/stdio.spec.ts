import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { EXAMPLES_DIST, RawStdioChild, isJsonRpcFrame } from '../support/stdio-child';

const QUICKSTART = path.join(EXAMPLES_DIST, 'quickstart/main.js');

describe('stdio: the quickstart example as a child process', () => {
  it('lists and calls tools through the SDK’s StdioClientTransport', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [QUICKSTART], stderr: 'pipe' });
    const errors: Error[] = [];
    const client = new Client({ name: 'stdio-test', version: '1' });
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['add', 'divide', 'wait']);
      const sum = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
      expect(sum).toMatchObject({ content: [{ type: 'text', text: '5' }], structuredContent: { result: 5 } });
      const bad = await client.callTool({ name: 'divide', arguments: { a: 1, b: 0 } });
      expect(bad).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/Division by zero/) }] });
      expect(errors).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('writes nothing but JSON-RPC frames on stdout, even when logging at debug level', async () => {
    const child = new RawStdioChild(QUICKSTART, { MCP_LOG_LEVEL: 'debug' });
    try {
      await child.initialize();
      await child.request(1, 'tools/list');
      await child.request(2, 'tools/call', { name: 'add', arguments: { a: 2, b: 3 } });
      await child.request(3, 'tools/call', { name: 'add', arguments: { a: 'x' } });
      await child.request(4, 'tools/call', { name: 'missing' });
      child.write('this is not json\n');
      const after = await child.request(5, 'tools/call', { name: 'add', arguments: { a: 40, b: 2 } });
      expect(after).toMatchObject({ result: { content: [{ type: 'text', text: '42' }] } });
    } finally {
      expect(await child.end()).toBe(0);
    }
    const lines = child.stdoutLines();
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines.filter((line) => !isJsonRpcFrame(line))).toEqual([]);
    // The debug log lines exist, and went to stderr.
    expect(child.stderr).toMatch(/"event":"connection_opened"/);
  });
});

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import path from 'node:path';
import { ERAS, MODERN_PROTOCOL_VERSION, newClient } from '../support/http';
import { EXAMPLES_DIST, RawStdioChild, isJsonRpcFrame } from '../support/stdio-child';

const QUICKSTART = path.join(EXAMPLES_DIST, 'quickstart/main.js');

describe.each(ERAS)('stdio: the quickstart example as a child process (%s era)', (era) => {
  it('lists and calls tools through the SDK’s StdioClientTransport', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [QUICKSTART], stderr: 'pipe' });
    const errors: Error[] = [];
    const client: Client = newClient(era, {}, 'stdio-test');
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    try {
      expect(client.getProtocolEra()).toBe(era);
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
    const child = new RawStdioChild(QUICKSTART, { MCP_LOG_LEVEL: 'debug' }, era);
    try {
      const opened = await child.open();
      if (era === 'modern') expect(opened).toMatchObject({ result: { supportedVersions: expect.arrayContaining([MODERN_PROTOCOL_VERSION]) } });
      else expect(opened).toMatchObject({ result: { protocolVersion: expect.any(String), serverInfo: expect.any(Object) } });
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

import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { PassThrough } from 'node:stream';
import { GuardedStdioServerTransport } from '../../../../src/transports/stdio/guarded-stdio.transport';

async function open(): Promise<{ stdin: PassThrough; stdout: PassThrough; received: JSONRPCMessage[]; transport: GuardedStdioServerTransport }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new GuardedStdioServerTransport(stdin, stdout);
  const received: JSONRPCMessage[] = [];
  transport.onmessage = (message) => received.push(message);
  await transport.start();
  return { stdin, stdout, received, transport };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('GuardedStdioServerTransport', () => {
  it('keeps a character whole when a pipe splits its bytes across two chunks', async () => {
    const { stdin, received, transport } = await open();
    const text = 'café ☕ 𝄞 naïve';
    const bytes = Buffer.from(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text } } })}\n`, 'utf8');
    const splits = [bytes.indexOf(Buffer.from('é')) + 1, bytes.indexOf(Buffer.from('☕')) + 2, bytes.indexOf(Buffer.from('𝄞')) + 3];
    let from = 0;
    for (const at of splits) {
      stdin.write(bytes.subarray(from, at));
      await settle();
      from = at;
    }
    stdin.write(bytes.subarray(from));
    await settle();
    expect(received).toEqual([{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text } } }]);
    await transport.close();
  });

  it('passes several messages of one chunk in order, and answers one the guard refuses without passing it on', async () => {
    const { stdin, stdout, received, transport } = await open();
    const answers: string[] = [];
    stdout.on('data', (chunk: Buffer) => answers.push(chunk.toString('utf8')));
    const ping = (id: number): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });
    const refused = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping', params: { _meta: 'not an object' } });
    stdin.write(`${ping(1)}\n${refused}\n${ping(3)}\n`);
    await settle();
    expect(received.map((message) => (message as { id: number }).id)).toEqual([1, 3]);
    const answer = JSON.parse(answers.join('')) as { id: number; error: { code: number } };
    expect(answer).toMatchObject({ id: 2, error: { code: -32602 } });
    await transport.close();
  });

  it('skips a line that is not JSON and reports one that is not a JSON-RPC message, as the SDK reader does', async () => {
    const { stdin, received, transport } = await open();
    const errors: Error[] = [];
    transport.onerror = (error) => errors.push(error);
    stdin.write(`not json\n${JSON.stringify({ jsonrpc: '2.0', id: 1 })}\n${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' })}\r\n`);
    await settle();
    expect(received).toEqual([{ jsonrpc: '2.0', id: 2, method: 'ping' }]);
    expect(errors).toHaveLength(1);
    await transport.close();
  });
});

import path from 'node:path';
import { RawStdioChild, isJsonRpcFrame } from '../support/stdio-child';
import { FUZZ_MESSAGES, fuzzMessages, STACK_TRACE } from '../support/protocol-fuzz';

const FUZZ_SERVER = path.resolve(__dirname, '../fixtures/fuzz-server.js');
/** Logged so that a failure can be replayed with the same messages (FUZZ_SEED=...). */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

describe(`protocol fuzz over stdio (${FUZZ_MESSAGES} messages, seed ${SEED})`, () => {
  let child: RawStdioChild;
  let checks = 0;
  const call = (name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
    child.request(`check-${++checks}`, 'tools/call', { name, arguments: args }, 30_000);

  beforeAll(async () => {
    child = new RawStdioChild(FUZZ_SERVER, { MCP_LOG_LEVEL: 'error', MCP_METRICS: 'false' });
    await child.initialize();
  });

  afterAll(async () => {
    await child?.end();
  });

  it('survives the fuzz: still answers, writes only protocol frames, leaks no stack, pollutes no prototype', async () => {
    const before = await call('prototypes');
    expect(before).toMatchObject({ result: { structuredContent: { probe: ['undefined', 'undefined', 'undefined', 'function'] } } });

    const stdin = child.process.stdin;
    for (const message of fuzzMessages(SEED)) {
      if (!stdin.write(message)) await new Promise((resolve) => stdin.once('drain', resolve));
    }

    // stdio is processed in order: once this answers, every fuzz message has been read.
    expect(await call('add', { a: 2, b: 3 })).toMatchObject({ result: { content: [{ type: 'text', text: '5' }] } });
    expect(await call('echo', { text: 'still <b>here</b>' })).toMatchObject({ result: { content: [{ type: 'text', text: 'still <b>here</b>' }] } });
    const masked = await call('explode');
    expect(JSON.stringify(masked)).toMatch(/Internal error in tool explode\. Correlation id/);
    const after = await call('prototypes');
    expect(after).toEqual({ ...before, id: after['id'] });
    expect(child.process.exitCode).toBeNull();

    const lines = child.stdoutLines();
    expect(lines.filter((line) => !isJsonRpcFrame(line))).toEqual([]);
    expect(lines.filter((line) => STACK_TRACE.test(line) || /secret internals|db\.js/.test(line))).toEqual([]);
    // The fuzz drew answers of every kind: protocol errors, error results, and successful results.
    const answers = lines.map((line) => JSON.parse(line) as { error?: unknown; result?: { isError?: boolean } });
    const kinds = { protocolErrors: 0, errorResults: 0, results: 0 };
    for (const answer of answers) {
      if (answer.error) kinds.protocolErrors++;
      else if (answer.result?.isError) kinds.errorResults++;
      else if (answer.result) kinds.results++;
    }
    expect(kinds.protocolErrors).toBeGreaterThan(500);
    expect(kinds.errorResults).toBeGreaterThan(500);
    expect(kinds.results).toBeGreaterThan(200);
  }, 90_000);
});


import path from 'node:path';
import { ERAS, type Era } from '../support/http';
import {
  envelopeFuzz,
  envelopeProblems,
  FUZZ_MESSAGES,
  fuzzMessages,
  leaksInternals,
  modernFuzzMessages,
  type EnvelopeKind,
  type EnvelopeRequest,
} from '../support/protocol-fuzz';
import { isJsonRpcFrame, RawStdioChild } from '../support/stdio-child';

const FUZZ_SERVER = path.resolve(__dirname, '../fixtures/fuzz-server.js');
const ROOT = path.resolve(__dirname, '../..');
/** Logged so that a failure can be replayed with the same messages (FUZZ_SEED=...). */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Tracked requests with hostile 2026-07-28 envelopes, each of which must get exactly one answer. */
const ENVELOPES = 1_000;

describe.each(ERAS)(`protocol fuzz over stdio, %s era (${FUZZ_MESSAGES} + ${ENVELOPES} messages, seed ${SEED})`, (era: Era) => {
  let child: RawStdioChild;
  let checks = 0;
  const call = (name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
    child.request(`check-${++checks}`, 'tools/call', { name, arguments: args }, 30_000);
  let before: Record<string, unknown>;

  beforeAll(async () => {
    child = new RawStdioChild(FUZZ_SERVER, { MCP_LOG_LEVEL: 'error', MCP_METRICS: 'false' }, era);
    await child.open();
    before = await call('prototypes');
  });

  afterAll(async () => {
    await child?.end();
  });

  /** Still serving, correctly, with no prototype changed. */
  async function stillServing(): Promise<void> {
    expect(await call('add', { a: 2, b: 3 })).toMatchObject({ result: { content: [{ type: 'text', text: '5' }] } });
    expect(await call('echo', { text: 'still <b>here</b>' })).toMatchObject({ result: { content: [{ type: 'text', text: 'still <b>here</b>' }] } });
    const masked = await call('explode');
    expect(JSON.stringify(masked)).toMatch(/Internal error in tool explode\. Correlation id/);
    const after = await call('prototypes');
    expect(after).toEqual({ ...before, id: after['id'] });
    expect(child.process.exitCode).toBeNull();
    const lines = child.stdoutLines();
    expect(lines.filter((line) => !isJsonRpcFrame(line))).toEqual([]);
    expect(lines.filter((line) => leaksInternals(line, ROOT))).toEqual([]);
  }

  /** Sends the tracked requests one after another, then counts every answer each got. */
  async function sendTracked(requests: readonly EnvelopeRequest[]): Promise<Map<string, unknown[]>> {
    for (const request of requests) await child.requestRaw(request.id, request.body).catch(() => undefined);
    const answers = new Map<string, unknown[]>();
    const ids = new Set(requests.map((request) => request.id));
    for (const line of child.stdoutLines()) {
      const message = JSON.parse(line) as { id?: unknown };
      if (typeof message.id === 'string' && ids.has(message.id) && ('result' in message || 'error' in message)) {
        answers.set(message.id, [...(answers.get(message.id) ?? []), message]);
      }
    }
    return answers;
  }

  it('survives the fuzz: still answers, writes only protocol frames, leaks no stack, pollutes no prototype', async () => {
    expect(before).toMatchObject({ result: { structuredContent: { probe: ['undefined', 'undefined', 'undefined', 'function'] } } });
    const stdin = child.process.stdin;
    for (const message of era === 'modern' ? modernFuzzMessages(SEED) : fuzzMessages(SEED)) {
      if (!stdin.write(message)) await new Promise((resolve) => stdin.once('drain', resolve));
    }
    // stdio is read in order: once this answers, every fuzz message has been read.
    await stillServing();
    // The fuzz drew answers of every kind: protocol errors, error results, and successful results.
    const kinds = { protocolErrors: 0, errorResults: 0, results: 0 };
    for (const line of child.stdoutLines()) {
      const answer = JSON.parse(line) as { error?: unknown; result?: { isError?: boolean } };
      if (answer.error) kinds.protocolErrors++;
      else if (answer.result?.isError) kinds.errorResults++;
      else if (answer.result) kinds.results++;
    }
    expect(kinds.protocolErrors).toBeGreaterThan(500);
    expect(kinds.errorResults).toBeGreaterThan(500);
    // Fewer succeed on 2026-07-28, where a request without an object for params has no envelope and is refused.
    expect(kinds.results).toBeGreaterThan(era === 'modern' ? 100 : 200);
  }, 120_000);

  it('answers every request with a hostile 2026-07-28 envelope exactly once, refusing bad ones clearly, and keeps serving', async () => {
    const requests = envelopeFuzz(SEED, ENVELOPES);
    const kinds = new Set<EnvelopeKind>(requests.map((request) => request.kind));
    expect([...kinds].sort()).toEqual([
      'deep-capabilities',
      'envelope-proto',
      'input-responses',
      'meta-not-object',
      'meta-proto',
      'request-state',
      'unsupported-version',
      'valid',
    ]);
    const answers = await sendTracked(requests);
    expect(envelopeProblems(requests, answers, era)).toEqual([]);
    await stillServing();
  }, 120_000);
});

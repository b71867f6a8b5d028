import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { firstMessage, POST_HEADERS, rawInitialize, rawPost } from '../support/http';
import { fuzzMessages, STACK_TRACE } from '../support/protocol-fuzz';

const FUZZ_SERVER = path.resolve(__dirname, '../fixtures/fuzz-server.js');
const ROOT = path.resolve(__dirname, '../..');
/** Logged so that a failure can be replayed with the same messages (FUZZ_SEED=...). */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Messages per kind of request; with the stdio fuzz the total is well over 10 000. */
const IN_SESSION = 4_000;
const WITHOUT_SESSION = 600;
const FORGED_SESSION = 600;
const WRONG_HEADERS = 300;
const OVERSIZED = 8;
/** Requests in flight; each lane has its own session so that ids never collide inside one. */
const LANES = 16;

/** A frame of the stdio generator as an HTTP body: same bytes, without the newline. */
const asBody = (frame: string | Buffer): string | Buffer => (typeof frame === 'string' ? frame.replace(/\n$/, '') : frame.subarray(0, frame.length - 1));

/** Session ids a client might forge: unknown, malformed, huge, path-like, injection-like. */
const FORGED = [
  () => randomUUID(),
  () => '',
  () => ' ',
  () => 'x'.repeat(8_000),
  () => '../../../etc/passwd',
  () => '__proto__',
  () => "' OR 1=1 --",
  () => `${randomUUID()}, ${randomUUID()}`,
  () => '%00%0d%0aSet-Cookie: a=b',
];

/** Header sets a client should not send: wrong or missing content type, wrong accept. */
const WRONG = [
  { 'content-type': 'text/plain' },
  { 'content-type': 'application/x-www-form-urlencoded' },
  { 'content-type': 'multipart/form-data; boundary=x' },
  { 'content-type': 'application/jsonx' },
  { accept: 'text/html' },
  { accept: 'application/json' },
  { 'mcp-protocol-version': '1999-01-01' },
];

interface Answer {
  readonly kind: string;
  readonly status: number;
  readonly body: string;
}

describe(`protocol fuzz over HTTP (${IN_SESSION + WITHOUT_SESSION + FORGED_SESSION + WRONG_HEADERS + OVERSIZED} requests, seed ${SEED})`, () => {
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  const stderr: Buffer[] = [];

  beforeAll(async () => {
    child = spawn(process.execPath, [FUZZ_SERVER], {
      env: { ...process.env, FUZZ_TRANSPORT: 'http', MCP_LOG_LEVEL: 'error', MCP_METRICS: 'false' },
      stdio: 'pipe',
    });
    url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr.push(chunk);
        const found = /FUZZ_URL (\S+)/.exec(Buffer.concat(stderr).toString('utf8'));
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`fuzz server exited with ${code}: ${Buffer.concat(stderr).toString('utf8')}`)));
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  const call = async (sessionId: string, id: string, name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
    firstMessage(await rawPost(url, sessionId, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }));

  /** Sends one request and keeps its status and whole body; a request that never ends fails the test. */
  async function send(kind: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
    if (kind === 'oversized') return sendOversized(body, headers);
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) });
      return { kind, status: response.status, body: await response.text() };
    } catch (error) {
      throw new Error(`${kind} request of ${body.length} bytes failed: ${String((error as Error).cause ?? error)}`);
    }
  }

  /**
   * Declares a body over the limit and waits: the server must refuse the declared length with
   * 413 before reading a byte (sending the body would only race the server's close with EPIPE).
   */
  function sendOversized(body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ kind: 'oversized', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.flushHeaders();
      req.write(typeof body === 'string' ? body.slice(0, 1024) : body.subarray(0, 1024));
    });
  }

  it('survives the fuzz: still answers, never 5xx, leaks no stack or path, pollutes no prototype, does not crash', async () => {
    const probeSession = await rawInitialize(url);
    const before = await call(probeSession, 'before', 'prototypes');
    expect(before).toMatchObject({ result: { structuredContent: { probe: ['undefined', 'undefined', 'undefined', 'function'] } } });

    // Work list: [kind, body, headers]. Lane i sends every LANES-th item of its own kinds in order.
    const frames = fuzzMessages(SEED, IN_SESSION + WITHOUT_SESSION + FORGED_SESSION + WRONG_HEADERS).map(asBody);
    const sessions = await Promise.all(Array.from({ length: LANES }, () => rawInitialize(url)));
    type Job = { kind: string; body: string | Buffer; headers: (lane: number) => Record<string, string> };
    const jobs: Job[] = [];
    let next = 0;
    for (let i = 0; i < IN_SESSION; i++) {
      jobs.push({ kind: 'session', body: frames[next++]!, headers: (lane) => ({ ...POST_HEADERS, 'mcp-session-id': sessions[lane]! }) });
    }
    for (let i = 0; i < WITHOUT_SESSION; i++) jobs.push({ kind: 'no-session', body: frames[next++]!, headers: () => ({ ...POST_HEADERS }) });
    for (let i = 0; i < FORGED_SESSION; i++) {
      const forged = FORGED[i % FORGED.length]!();
      jobs.push({ kind: 'forged-session', body: frames[next++]!, headers: () => ({ ...POST_HEADERS, 'mcp-session-id': forged }) });
    }
    for (let i = 0; i < WRONG_HEADERS; i++) {
      const wrong = WRONG[i % WRONG.length]!;
      const frame = frames[next++]!;
      // A refused content type is answered before the body is read: a large upload would race the close.
      const body = 'content-type' in wrong && frame.length > 32_768 ? '{"jsonrpc":"2.0","id":1,"method":"ping"}' : frame;
      jobs.push({ kind: `wrong-headers ${JSON.stringify(wrong)}`, body, headers: (lane) => ({ ...POST_HEADERS, 'mcp-session-id': sessions[lane]!, ...wrong }) });
    }
    // Over the default 4 MiB limit: refused with 413 without reading it all.
    const huge = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"${'x'.repeat(5 * 1024 * 1024)}"}}}`;
    for (let i = 0; i < OVERSIZED; i++) jobs.push({ kind: 'oversized', body: huge, headers: (lane) => ({ ...POST_HEADERS, 'mcp-session-id': sessions[lane]! }) });

    const answers: Answer[] = [];
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        for (let j = lane; j < jobs.length; j += LANES) {
          const job = jobs[j]!;
          answers.push(await send(job.kind, job.body, job.headers(lane)));
        }
      }),
    );
    expect(answers).toHaveLength(jobs.length);

    // Still serving, correctly, in an old session and in a new one.
    expect(await call(probeSession, 'add', 'add', { a: 2, b: 3 })).toMatchObject({ result: { content: [{ type: 'text', text: '5' }] } });
    const fresh = await rawInitialize(url);
    expect(await call(fresh, 'echo', 'echo', { text: 'still <b>here</b>' })).toMatchObject({ result: { content: [{ type: 'text', text: 'still <b>here</b>' }] } });
    expect(JSON.stringify(await call(fresh, 'explode', 'explode'))).toMatch(/Internal error in tool explode\. Correlation id/);
    const after = await call(probeSession, 'after', 'prototypes');
    expect(after).toEqual({ ...before, id: 'after' });
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();

    // No server error, no stack frame, no internal path in any answer.
    expect(answers.filter((a) => a.status >= 500).map((a) => `${a.kind} ${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);
    const leaks = answers.filter((a) => STACK_TRACE.test(a.body) || /(?:\\n|\n)\s+at \S/.test(a.body) || a.body.includes(ROOT) || /node_modules|secret internals|db\.js/.test(a.body));
    expect(leaks.map((a) => `${a.kind} ${a.status} ${a.body.slice(0, 300)}`)).toEqual([]);

    // Each kind was answered as it should be, and the in-session fuzz reached the tools.
    const statuses = (kind: string): Set<number> => new Set(answers.filter((a) => a.kind === kind).map((a) => a.status));
    expect(statuses('oversized')).toEqual(new Set([413]));
    expect([...statuses('forged-session')].every((s) => s === 400 || s === 404)).toBe(true);
    for (const wrong of WRONG) {
      const seen = [...statuses(`wrong-headers ${JSON.stringify(wrong)}`)];
      // A non-JSON content type is refused before the body is read; other headers after it is parsed.
      const allowed = 'content-type' in wrong ? [415] : [400, 406];
      expect({ wrong, seen: seen.filter((s) => !allowed.includes(s)) }).toEqual({ wrong, seen: [] });
    }
    const inSession = answers.filter((a) => a.kind === 'session');
    const toolResults = inSession.filter((a) => a.status === 200 && a.body.includes('"result"'));
    const errorResults = inSession.filter((a) => a.body.includes('"isError":true'));
    const protocolErrors = inSession.filter((a) => a.body.includes('"error":{'));
    expect(toolResults.length).toBeGreaterThan(100);
    expect(errorResults.length).toBeGreaterThan(100);
    expect(protocolErrors.length).toBeGreaterThan(100);
  }, 120_000);
});

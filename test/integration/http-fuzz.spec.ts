import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { firstMessage, MODERN_PROTOCOL_VERSION, modernHeaders, modernPost, modernRequest, POST_HEADERS, rawInitialize, rawPost } from '../support/http';
import { envelopeFuzz, envelopeProblems, fuzzMessages, leaksInternals, modernFuzzMessages } from '../support/protocol-fuzz';

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
/** 2026-07-28 requests: the generic fuzz enveloped, tracked hostile envelopes, valid ones with wrong standard headers. */
const MODERN = 2_000;
const ENVELOPES = 1_000;
const MODERN_WRONG_HEADERS = 300;
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

/** Standard 2026-07-28 headers that disagree with the body, or are missing. */
const MODERN_WRONG: ReadonlyArray<{ readonly what: string; readonly headers: (good: Record<string, string>) => Record<string, string> }> = [
  { what: 'protocol version of 2025', headers: (good) => ({ ...good, 'mcp-protocol-version': '2025-11-25' }) },
  { what: 'unknown protocol version', headers: (good) => ({ ...good, 'mcp-protocol-version': '1999-01-01' }) },
  { what: 'garbage protocol version', headers: (good) => ({ ...good, 'mcp-protocol-version': '__proto__' }) },
  { what: 'another method', headers: (good) => ({ ...good, 'mcp-method': 'tools/list' }) },
  { what: 'a method of another case', headers: (good) => ({ ...good, 'mcp-method': 'TOOLS/CALL' }) },
  { what: 'another name', headers: (good) => ({ ...good, 'mcp-name': 'explode' }) },
  { what: 'a bad Base64 name', headers: (good) => ({ ...good, 'mcp-name': '=?base64?%%%?=' }) },
  { what: 'no method', headers: ({ 'mcp-method': _method, ...rest }) => rest },
  { what: 'no name', headers: ({ 'mcp-name': _name, ...rest }) => rest },
];

interface Answer {
  readonly kind: string;
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  /** The start of what was sent, to tell which request a failure is about. */
  readonly sent?: string;
}

/** The JSON-RPC messages of a response body, JSON or SSE. */
function messagesOf(answer: Answer): unknown[] {
  if (answer.body.trim() === '') return [];
  if (answer.contentType?.includes('text/event-stream')) {
    return answer.body
      .split(/\n\n/)
      .map((block) =>
        block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''))
          .join('\n'),
      )
      .filter((data) => data.trim() !== '')
      .map((data) => JSON.parse(data) as unknown);
  }
  const parsed = JSON.parse(answer.body) as unknown;
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** The standard headers of a frame, read from it when it is a request; bare 2026-07-28 ones otherwise. */
function modernHeadersOf(body: string | Buffer): Record<string, string> {
  try {
    const message = JSON.parse(body.toString()) as unknown;
    if (typeof message === 'object' && message !== null && !Array.isArray(message)) {
      const headers = modernHeaders(message as { method?: unknown; params?: unknown });
      // Header values must be sendable: a method with control characters stays out.
      if (headers['mcp-method'] !== undefined && !/^[\x20-\x7e]*$/.test(headers['mcp-method'])) delete headers['mcp-method'];
      return headers;
    }
  } catch {
    // Not JSON: the server answers before looking at headers beyond the version.
  }
  return { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': MODERN_PROTOCOL_VERSION };
}

/** How deep a JSON text nests (objects and arrays), read without parsing it. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return deepest;
}

/** Whether a frame carries a request id JSON-RPC does not allow (an object, an array, null, a boolean). */
function hasInvalidId(text: string): boolean {
  try {
    const message = JSON.parse(text) as unknown;
    const messages = Array.isArray(message) ? message : [message];
    return messages.some(
      (m) => typeof m === 'object' && m !== null && 'id' in m && typeof (m as { id: unknown }).id !== 'string' && typeof (m as { id: unknown }).id !== 'number',
    );
  } catch {
    return false;
  }
}

/**
 * Frames that once got a 500, kept as regressions: on every posture, a message nested past the
 * guard's limit whose id is not a string or number (it used to reach the SDK, whose parsers
 * overflowed the stack); with `legacy: 'sessions'`, any message nested past ~1 000 levels (the
 * era of a request was classified by re-serializing it before the guard ran).
 */
function deepFrame(frame: string | Buffer, legacy: 'stateless' | 'sessions'): boolean {
  const text = frame.toString();
  const depth = nestingDepth(text);
  if (legacy === 'sessions' && depth >= 1_000) return true;
  return depth > 64 && hasInvalidId(text);
}

/** A fuzz server child on a free port, in a `legacy` posture. */
function fuzzServer(legacy: 'stateless' | 'sessions'): { url: () => string; child: () => ChildProcessWithoutNullStreams } {
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  const stderr: Buffer[] = [];
  beforeAll(async () => {
    child = spawn(process.execPath, [FUZZ_SERVER], {
      env: { ...process.env, FUZZ_TRANSPORT: 'http', MCP_LOG_LEVEL: 'error', MCP_METRICS: 'false', MCP_LEGACY: legacy },
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
  return { url: () => url, child: () => child };
}

type Job = { kind: string; body: string | Buffer; headers: (lane: number) => Record<string, string> };

/** Sends one request and keeps its status and whole body; a request that never ends fails the test. */
async function send(url: string, kind: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
  if (kind === 'oversized') return sendOversized(url, body, headers);
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) });
    const sent = `${JSON.stringify(headers)} ${body.toString().slice(0, 300)}`;
    return { kind, status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? undefined, sent };
  } catch (error) {
    throw new Error(`${kind} request of ${body.length} bytes failed: ${String((error as Error).cause ?? error)}`);
  }
}

/**
 * Declares a body over the limit and waits: the server must refuse the declared length with
 * 413 before reading a byte (sending the body would only race the server's close with EPIPE).
 */
function sendOversized(url: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
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

/** Runs the jobs in LANES concurrent lanes; lane i sends every LANES-th job in order. */
async function runJobs(url: string, jobs: readonly Job[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let j = lane; j < jobs.length; j += LANES) {
        const job = jobs[j]!;
        answers.push(await send(url, job.kind, job.body, job.headers(lane)));
      }
    }),
  );
  return answers;
}

/** Over the default 4 MiB limit: refused with 413 without reading it all. */
const HUGE = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"${'x'.repeat(5 * 1024 * 1024)}"}}}`;

/** The 2026-07-28 jobs, the same on every posture: enveloped fuzz, tracked envelopes, wrong standard headers. */
function modernJobs(legacy: 'stateless' | 'sessions'): { jobs: Job[]; envelopes: ReturnType<typeof envelopeFuzz>; deep: Job[] } {
  const jobs: Job[] = [];
  for (const frame of modernFuzzMessages(SEED + 1, MODERN).map(asBody)) jobs.push({ kind: 'modern', body: frame, headers: () => modernHeadersOf(frame) });
  const envelopes = envelopeFuzz(SEED, ENVELOPES);
  for (const request of envelopes) jobs.push({ kind: `envelope ${request.kind}`, body: request.body, headers: () => modernHeadersOf(request.body) });
  const validCalls = envelopes.filter((request) => request.kind === 'valid' && request.method === 'tools/call');
  for (let i = 0; i < MODERN_WRONG_HEADERS; i++) {
    const wrong = MODERN_WRONG[i % MODERN_WRONG.length]!;
    const call = validCalls[i % validCalls.length]!;
    jobs.push({ kind: `modern-wrong-headers ${wrong.what}`, body: call.body, headers: () => wrong.headers(modernHeadersOf(call.body)) });
  }
  return { jobs, envelopes, deep: jobs.filter((job) => job.kind === 'modern' && deepFrame(job.body, legacy)) };
}

/** What every answer of any fuzz must satisfy: no server error, no stack frame, no internal path. */
function expectNoServerErrorNorLeak(answers: readonly Answer[]): void {
  expect(answers.filter((a) => a.status >= 500).map((a) => `${a.kind} ${a.status} ${a.body.slice(0, 200)} <- ${a.sent}`)).toEqual([]);
  expect(answers.filter((a) => leaksInternals(a.body, ROOT)).map((a) => `${a.kind} ${a.status} ${a.body.slice(0, 300)}`)).toEqual([]);
}

/** The 2026-07-28 answers: tools reached, every tracked envelope answered once and clearly, header mismatches refused. */
function expectModernAnswers(answers: readonly Answer[], envelopes: ReturnType<typeof envelopeFuzz>): void {
  const modern = answers.filter((a) => a.kind === 'modern');
  expect(modern).toHaveLength(MODERN);
  expect(modern.filter((a) => a.status === 200 && a.body.includes('"result"')).length).toBeGreaterThan(50);
  expect(modern.filter((a) => a.body.includes('"isError":true')).length).toBeGreaterThan(50);
  expect(modern.filter((a) => a.body.includes('"error":{')).length).toBeGreaterThan(50);

  const envelopeAnswers = new Map<string, unknown[]>();
  for (const answer of answers.filter((a) => a.kind.startsWith('envelope '))) {
    for (const message of messagesOf(answer)) {
      const id = (message as { id?: unknown }).id;
      if (typeof id === 'string' && ('result' in (message as object) || 'error' in (message as object)))
        envelopeAnswers.set(id, [...(envelopeAnswers.get(id) ?? []), message]);
    }
  }
  expect(envelopeProblems(envelopes, envelopeAnswers, 'modern')).toEqual([]);
  // The envelope checks the server makes before dispatch answer 400; the others answer in-band.
  const early = answers.filter((a) => /^envelope (meta-not-object|meta-proto|envelope-proto|deep-capabilities|unsupported-version)$/.test(a.kind));
  expect(early.filter((a) => a.status !== 400).map((a) => `${a.kind} ${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);

  const mismatches = answers.filter((a) => a.kind.startsWith('modern-wrong-headers '));
  expect(mismatches).toHaveLength(MODERN_WRONG_HEADERS);
  const badMismatch = mismatches.filter((a) => {
    if (a.status !== 400) return true;
    const messages = messagesOf(a) as Array<{ id?: unknown; error?: { code?: unknown } }>;
    return messages.length !== 1 || typeof messages[0]!.id !== 'string' || ![-32020, -32022].includes(messages[0]!.error?.code as number);
  });
  expect(badMismatch.map((a) => `${a.kind} ${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);
}

describe(`protocol fuzz over HTTP, default posture: both eras stateless (seed ${SEED})`, () => {
  const server = fuzzServer('stateless');
  const call = async (id: string, name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
    firstMessage(await rawPost(server.url(), undefined, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }));
  const modernCall = async (id: string, name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
    firstMessage(await modernPost(server.url(), modernRequest(id, 'tools/call', { name, arguments: args })));

  /** The jobs of this posture, and among them the deep ones that once got a 500. */
  function statelessJobs(): { jobs: Job[]; modern: ReturnType<typeof modernJobs>; deep: Job[] } {
    const frames = fuzzMessages(SEED, IN_SESSION + WRONG_HEADERS).map(asBody);
    const all: Job[] = [];
    let next = 0;
    for (let i = 0; i < IN_SESSION; i++) all.push({ kind: 'legacy', body: frames[next++]!, headers: () => ({ ...POST_HEADERS }) });
    for (let i = 0; i < WRONG_HEADERS; i++) {
      const wrong = WRONG[i % WRONG.length]!;
      const frame = frames[next++]!;
      // A refused content type is answered before the body is read: a large upload would race the close.
      const body = 'content-type' in wrong && frame.length > 32_768 ? '{"jsonrpc":"2.0","id":1,"method":"ping"}' : frame;
      all.push({ kind: `wrong-headers ${JSON.stringify(wrong)}`, body, headers: () => ({ ...POST_HEADERS, ...wrong }) });
    }
    const jobs = [...all];
    for (let i = 0; i < OVERSIZED; i++) jobs.push({ kind: 'oversized', body: HUGE, headers: () => ({ ...POST_HEADERS }) });
    const modern = modernJobs('stateless');
    jobs.push(...modern.jobs);
    return { jobs, modern, deep: [...all.filter((job) => deepFrame(job.body, 'stateless')), ...modern.deep] };
  }

  it('answers a message nested past the depth limit whose id is not a string or number with 400 and -32600, not a 500', async () => {
    const { deep } = statelessJobs();
    const sendable = deep.filter((job) => !job.kind.startsWith('wrong-headers'));
    expect(sendable.length).toBeGreaterThan(0);
    const answers = await runJobs(server.url(), sendable);
    expectNoServerErrorNorLeak(answers);
    const wrong = answers.filter((a) => a.status !== 400 || (messagesOf(a)[0] as { error?: { code?: unknown } }).error?.code !== -32600);
    expect(wrong.map((a) => `${a.kind} ${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);
  }, 120_000);

  it('survives 2025 and 2026-07-28 fuzz: never 5xx, leaks nothing, pollutes no prototype; each tracked envelope answered once and clearly', async () => {
    const url = server.url();
    const before = await call('before', 'prototypes');
    expect(before).toMatchObject({ result: { structuredContent: { probe: ['undefined', 'undefined', 'undefined', 'function'] } } });

    const { jobs, modern } = statelessJobs();

    const answers = await runJobs(url, jobs);
    expect(answers).toHaveLength(jobs.length);

    // Still serving, correctly, in both eras.
    expect(await call('add', 'add', { a: 2, b: 3 })).toMatchObject({ result: { content: [{ type: 'text', text: '5' }] } });
    expect(await modernCall('echo', 'echo', { text: 'still <b>here</b>' })).toMatchObject({
      result: { content: [{ type: 'text', text: 'still <b>here</b>' }] },
    });
    expect(JSON.stringify(await modernCall('explode', 'explode'))).toMatch(/Internal error in tool explode\. Correlation id/);
    const after = await call('after', 'prototypes');
    expect(after).toEqual({ ...before, id: 'after' });
    expect(server.child().exitCode).toBeNull();
    expect(server.child().signalCode).toBeNull();

    expectNoServerErrorNorLeak(answers);
    const statuses = (kind: string): Set<number> => new Set(answers.filter((a) => a.kind === kind).map((a) => a.status));
    expect(statuses('oversized')).toEqual(new Set([413]));
    for (const wrong of WRONG) {
      const seen = [...statuses(`wrong-headers ${JSON.stringify(wrong)}`)];
      // A non-JSON content type is refused before the body is read; other headers after it is parsed.
      const allowed = 'content-type' in wrong ? [415] : [400, 406];
      expect({ wrong, seen: seen.filter((s) => !allowed.includes(s)) }).toEqual({ wrong, seen: [] });
    }
    const legacy = answers.filter((a) => a.kind === 'legacy');
    expect(legacy.filter((a) => a.status === 200 && a.body.includes('"result"')).length).toBeGreaterThan(100);
    expect(legacy.filter((a) => a.body.includes('"isError":true')).length).toBeGreaterThan(100);
    expect(legacy.filter((a) => a.body.includes('"error":{')).length).toBeGreaterThan(100);
    expectModernAnswers(answers, modern.envelopes);
  }, 180_000);
});

describe(`protocol fuzz over HTTP, legacy: sessions: 2025 sessions beside the 2026-07-28 wire (seed ${SEED})`, () => {
  const server = fuzzServer('sessions');
  const call = async (sessionId: string, id: string, name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
    firstMessage(await rawPost(server.url(), sessionId, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }));

  /** The jobs of this posture, and among them the deep ones that once got a 500. */
  function sessionJobs(sessions: readonly string[]): { jobs: Job[]; modern: ReturnType<typeof modernJobs>; deep: Job[] } {
    const frames = fuzzMessages(SEED, IN_SESSION + WITHOUT_SESSION + FORGED_SESSION + WRONG_HEADERS).map(asBody);
    const all: Job[] = [];
    let next = 0;
    for (let i = 0; i < IN_SESSION; i++)
      all.push({ kind: 'session', body: frames[next++]!, headers: (lane) => ({ ...POST_HEADERS, 'mcp-session-id': sessions[lane]! }) });
    for (let i = 0; i < WITHOUT_SESSION; i++) all.push({ kind: 'no-session', body: frames[next++]!, headers: () => ({ ...POST_HEADERS }) });
    for (let i = 0; i < FORGED_SESSION; i++) {
      const forged = FORGED[i % FORGED.length]!();
      all.push({ kind: 'forged-session', body: frames[next++]!, headers: () => ({ ...POST_HEADERS, 'mcp-session-id': forged }) });
    }
    for (let i = 0; i < WRONG_HEADERS; i++) {
      const wrong = WRONG[i % WRONG.length]!;
      const frame = frames[next++]!;
      const body = 'content-type' in wrong && frame.length > 32_768 ? '{"jsonrpc":"2.0","id":1,"method":"ping"}' : frame;
      all.push({ kind: `wrong-headers ${JSON.stringify(wrong)}`, body, headers: (lane) => ({ ...POST_HEADERS, 'mcp-session-id': sessions[lane]!, ...wrong }) });
    }
    const jobs = [...all];
    for (let i = 0; i < OVERSIZED; i++)
      jobs.push({ kind: 'oversized', body: HUGE, headers: (lane) => ({ ...POST_HEADERS, 'mcp-session-id': sessions[lane]! }) });
    const modern = modernJobs('sessions');
    jobs.push(...modern.jobs);
    return { jobs, modern, deep: [...all.filter((job) => deepFrame(job.body, 'sessions')), ...modern.deep] };
  }

  it('answers messages nested 1 000+ levels deep with a 4xx JSON-RPC error, not a 500, in sessions and on the 2026-07-28 wire', async () => {
    const sessions = await Promise.all(Array.from({ length: LANES }, () => rawInitialize(server.url())));
    const { deep } = sessionJobs(sessions);
    expect(deep.length).toBeGreaterThan(0);
    const answers = await runJobs(server.url(), deep);
    expectNoServerErrorNorLeak(answers);
    const unclear = answers.filter((a) => a.status < 400 || (messagesOf(a)[0] as { error?: { code?: unknown } } | undefined)?.error === undefined);
    expect(unclear.map((a) => `${a.kind} ${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);
  }, 120_000);

  it('answers a 2026-07-28 request nested 5 000 levels deep with 400 -32600, not a 500', async () => {
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const body = `{"jsonrpc":"2.0","id":"deep","method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"${MODERN_PROTOCOL_VERSION}","io.modelcontextprotocol/clientInfo":{"name":"f","version":"1"},"io.modelcontextprotocol/clientCapabilities":${deep}}}}`;
    const response = await fetch(server.url(), { method: 'POST', headers: modernHeaders({ method: 'tools/list' }), body });
    expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 400, body: { id: 'deep', error: { code: -32600 } } });
  });

  it('survives the fuzz in sessions, forged sessions and on the 2026-07-28 wire: never 5xx, leaks nothing, pollutes no prototype', async () => {
    const url = server.url();
    const probeSession = await rawInitialize(url);
    const before = await call(probeSession, 'before', 'prototypes');
    expect(before).toMatchObject({ result: { structuredContent: { probe: ['undefined', 'undefined', 'undefined', 'function'] } } });

    const sessions = await Promise.all(Array.from({ length: LANES }, () => rawInitialize(url)));
    const { jobs, modern } = sessionJobs(sessions);

    const answers = await runJobs(url, jobs);
    expect(answers).toHaveLength(jobs.length);

    // Still serving, correctly, in an old session and in a new one.
    expect(await call(probeSession, 'add', 'add', { a: 2, b: 3 })).toMatchObject({ result: { content: [{ type: 'text', text: '5' }] } });
    const fresh = await rawInitialize(url);
    expect(await call(fresh, 'echo', 'echo', { text: 'still <b>here</b>' })).toMatchObject({
      result: { content: [{ type: 'text', text: 'still <b>here</b>' }] },
    });
    expect(JSON.stringify(await call(fresh, 'explode', 'explode'))).toMatch(/Internal error in tool explode\. Correlation id/);
    const modernAdd = await firstMessage(await modernPost(url, modernRequest('modern-add', 'tools/call', { name: 'add', arguments: { a: 40, b: 2 } })));
    expect(modernAdd).toMatchObject({ id: 'modern-add', result: { content: [{ type: 'text', text: '42' }] } });
    const after = await call(probeSession, 'after', 'prototypes');
    expect(after).toEqual({ ...before, id: 'after' });
    expect(server.child().exitCode).toBeNull();
    expect(server.child().signalCode).toBeNull();

    expectNoServerErrorNorLeak(answers);
    const statuses = (kind: string): Set<number> => new Set(answers.filter((a) => a.kind === kind).map((a) => a.status));
    expect(statuses('oversized')).toEqual(new Set([413]));
    expect([...statuses('forged-session')].every((s) => s === 400 || s === 404)).toBe(true);
    for (const wrong of WRONG) {
      const seen = [...statuses(`wrong-headers ${JSON.stringify(wrong)}`)];
      const allowed = 'content-type' in wrong ? [415] : [400, 406];
      expect({ wrong, seen: seen.filter((s) => !allowed.includes(s)) }).toEqual({ wrong, seen: [] });
    }
    const inSession = answers.filter((a) => a.kind === 'session');
    expect(inSession.filter((a) => a.status === 200 && a.body.includes('"result"')).length).toBeGreaterThan(100);
    expect(inSession.filter((a) => a.body.includes('"isError":true')).length).toBeGreaterThan(100);
    expect(inSession.filter((a) => a.body.includes('"error":{')).length).toBeGreaterThan(100);
    expectModernAnswers(answers, modern.envelopes);
  }, 180_000);
});

import fc from 'fast-check';

/*
 * Generated hostile input for MCP servers: one newline-terminated frame per entry, as stdio
 * carries them (HTTP sends the same bodies without the newline). Deterministic for a seed.
 */

export const FUZZ_MESSAGES = 10_000;

/** A line of a V8 stack trace. */
export const STACK_TRACE = /\bat [^\s()]+ \([^)]*:\d+:\d+\)|\bat (?:file:\/\/|\/)[^\s]*:\d+:\d+/;

const METHODS = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/read',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'notifications/initialized',
  'notifications/cancelled',
];
const TOOLS = ['add', 'echo', 'prototypes', 'explode', 'missing', '', '__proto__', 'constructor'];
const POLLUTERS = ['__proto__', 'constructor', 'prototype'];

/** `{"a":{"a":...}}` nested `depth` deep, built as text so that building it cannot overflow a stack. */
const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

const id = fc.oneof(
  fc.integer(),
  fc.constantFrom(2 ** 53, 2 ** 64, -(2 ** 63), 1e308, -0, 0.5, 1e-300),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('9'.repeat(400), 'x'.repeat(100_000)),
  fc.constantFrom(null, true, [], {}, [1], { __proto__: 1 }),
);

const json = fc.jsonValue({ maxDepth: 3 });
const pollution = fc
  .tuple(fc.constantFrom(...POLLUTERS), fc.constantFrom(...POLLUTERS, 'polluted', 'isAdmin'), json)
  .map(([outer, inner, value]) => `{"${outer}":{"${inner}":${JSON.stringify(value ?? null)},"toString":"x"}}`);

/** Valid JSON text for tool arguments: plain, hostile, huge, deep. */
const argumentsText = fc.oneof(
  { arbitrary: json.map((value) => JSON.stringify(value)), weight: 400 },
  { arbitrary: fc.record({ a: fc.integer(), b: fc.integer() }).map((value) => JSON.stringify(value)), weight: 300 },
  { arbitrary: fc.record({ a: json, b: json }).map((value) => JSON.stringify(value)), weight: 300 },
  { arbitrary: fc.record({ text: fc.string(), meta: json }, { requiredKeys: ['text'] }).map((value) => JSON.stringify(value)), weight: 300 },
  { arbitrary: pollution, weight: 300 },
  { arbitrary: pollution.map((p) => `{"a":1,"b":2,"meta":${p},"items":[${p}]}`), weight: 200 },
  { arbitrary: fc.integer({ min: 33, max: 5_000 }).map((depth) => `{"text":"x","meta":${deepObject(depth)}}`), weight: 100 },
  { arbitrary: fc.integer({ min: 33, max: 5_000 }).map((depth) => `{"a":${deepArray(depth)},"b":1}`), weight: 100 },
  { arbitrary: fc.constantFrom(1_100_000, 2_000_000).map((size) => `{"text":"${'x'.repeat(size)}"}`), weight: 2 },
  { arbitrary: fc.integer({ min: 10_001, max: 20_000 }).map((n) => `{"text":"x","items":[${'{"name":"n"},'.repeat(n)}{"name":"n"}]}`), weight: 5 },
  { arbitrary: fc.constantFrom('{"text":"<script>alert(1)</script>"}', '{"text":"java\\u0000script:x"}', '{"text":"\\ud800\\udfff\\u0000"}'), weight: 100 },
);

const request = (method: fc.Arbitrary<string>, params: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(id, method, params).map(([i, m, p]) => `{"jsonrpc":"2.0","id":${JSON.stringify(i)},"method":${JSON.stringify(m)},"params":${p}}`);

const toolCall = fc.tuple(fc.constantFrom(...TOOLS), argumentsText).map(([name, args]) => `{"name":${JSON.stringify(name)},"arguments":${args}}`);

const wellFormed = fc.oneof(
  { arbitrary: request(fc.constant('tools/call'), toolCall), weight: 6 },
  {
    arbitrary: request(
      fc.constantFrom(...METHODS),
      json.map((v) => JSON.stringify(v)),
    ),
    weight: 2,
  },
  { arbitrary: request(fc.string({ maxLength: 30 }), fc.constant('{}')), weight: 1 },
  {
    arbitrary: request(
      fc.constant('resources/read'),
      fc.string().map((uri) => JSON.stringify({ uri })),
    ),
    weight: 1,
  },
  {
    arbitrary: request(
      fc.constant('prompts/get'),
      fc.tuple(fc.string(), argumentsText).map(([name, a]) => `{"name":${JSON.stringify(name)},"arguments":${a}}`),
    ),
    weight: 1,
  },
);

/** Valid JSON that is not a valid JSON-RPC message. */
const wrongShape = fc.oneof(
  json.map((value) => JSON.stringify(value)),
  fc.tuple(id, json).map(([i, p]) => JSON.stringify({ jsonrpc: '1.0', id: i, method: 'tools/list', params: p })),
  fc.tuple(id, json).map(([i, m]) => JSON.stringify({ jsonrpc: '2.0', id: i, method: m })),
  fc.tuple(id, json).map(([i, r]) => JSON.stringify({ jsonrpc: '2.0', id: i, result: r })),
  fc.tuple(id, json).map(([i, e]) => JSON.stringify({ jsonrpc: '2.0', id: i, error: e })),
  fc.array(fc.constant('{"jsonrpc":"2.0","id":1,"method":"ping"}'), { maxLength: 5 }).map((batch) => `[${batch.join(',')}]`),
  pollution.map((p) => p.replace(/^\{/, '{"jsonrpc":"2.0","id":7,"method":"tools/list",')),
  fc.constant('{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"__proto__":{"name":"add"},"arguments":{"a":1,"b":2}}}'),
);

const malformed = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('{', '}', '[', '{"jsonrpc":"2.0",', 'null', 'NaN', '{"a":1,}', "{'a':1}", '\u0000', '\ufeff{}'),
  wellFormed.chain((frame) => fc.integer({ min: 1, max: Math.max(1, frame.length - 1) }).map((cut) => frame.slice(0, cut))),
);

/** Bytes that are not UTF-8, inside otherwise valid frames. */
const invalidUtf8 = fc
  .tuple(fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]), fc.integer({ min: 0, max: 2 }))
  .map(([bytes, where]) => {
    const bad = Buffer.from(bytes);
    const parts = [Buffer.from('{"jsonrpc":"2.0","id":"u8","method":"tools/call","params":{"name":"echo","arguments":{"text":"'), Buffer.from('"}}}')];
    if (where === 0) return Buffer.concat([parts[0], bad, parts[1]]);
    if (where === 1) return Buffer.concat([bad, parts[0], parts[1]]);
    return Buffer.concat([parts[0], parts[1], bad]);
  });

const frame: fc.Arbitrary<string | Buffer> = fc.oneof(
  { arbitrary: wellFormed, weight: 5 },
  { arbitrary: wrongShape, weight: 2 },
  { arbitrary: malformed, weight: 2 },
  { arbitrary: invalidUtf8, weight: 1 },
);

/** `count` frames for `seed`, each ending with a newline. */
export function fuzzMessages(seed: number, count = FUZZ_MESSAGES): (string | Buffer)[] {
  return fc.sample(frame, { seed, numRuns: count }).map((f) => (typeof f === 'string' ? `${f.replace(/\n/g, ' ')}\n` : Buffer.concat([f, Buffer.from('\n')])));
}

/*
 * The 2026-07-28 envelope: every request carries `_meta` with the protocol version, client info
 * and capabilities, and may carry `requestState` and `inputResponses` (input_required rounds).
 * A client controls all of it.
 */

export const MODERN_VERSION = '2026-07-28';
const ENVELOPE_FIELDS = `"io.modelcontextprotocol/protocolVersion":"${MODERN_VERSION}","io.modelcontextprotocol/clientInfo":{"name":"fuzz","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}`;
/** A valid envelope, as JSON text. */
export const ENVELOPE_TEXT = `{${ENVELOPE_FIELDS}}`;

/** Puts a valid envelope into a request's params text, when they are an object. */
function withEnvelope(paramsText: string): string {
  const trimmed = paramsText.trimStart();
  if (!trimmed.startsWith('{')) return paramsText;
  return trimmed === '{}' ? `{"_meta":${ENVELOPE_TEXT}}` : `{"_meta":${ENVELOPE_TEXT},${trimmed.slice(1)}`;
}

/** The generic fuzz's well-formed requests, enveloped for 2026-07-28. */
const wellFormedModern = fc.oneof(
  { arbitrary: request(fc.constant('tools/call'), toolCall.map(withEnvelope)), weight: 6 },
  {
    arbitrary: request(
      fc.constantFrom(...METHODS, 'server/discover'),
      json.map((v) => withEnvelope(JSON.stringify(v))),
    ),
    weight: 2,
  },
  { arbitrary: request(fc.string({ maxLength: 30 }), fc.constant(`{"_meta":${ENVELOPE_TEXT}}`)), weight: 1 },
  {
    arbitrary: request(
      fc.constant('resources/read'),
      fc.string().map((uri) => withEnvelope(JSON.stringify({ uri }))),
    ),
    weight: 1,
  },
  {
    arbitrary: request(
      fc.constant('prompts/get'),
      fc.tuple(fc.string(), argumentsText).map(([name, a]) => withEnvelope(`{"name":${JSON.stringify(name)},"arguments":${a}}`)),
    ),
    weight: 1,
  },
);

/** What an envelope fuzz request tests, and so how it must be answered. */
export type EnvelopeKind =
  'valid' | 'meta-not-object' | 'meta-proto' | 'envelope-proto' | 'deep-capabilities' | 'unsupported-version' | 'request-state' | 'input-responses';

/** Kinds whose every request must be refused with a JSON-RPC error, and the codes allowed. */
export const ENVELOPE_ERRORS: Readonly<Partial<Record<EnvelopeKind, readonly number[]>>> = Object.freeze({
  'meta-not-object': [-32602, -32600],
  'meta-proto': [-32602, -32600],
  'envelope-proto': [-32602, -32600],
  'deep-capabilities': [-32600, -32602],
  'unsupported-version': [-32022],
  'request-state': [-32602, -32600],
});

/** One tracked request of the envelope fuzz: a unique id, so that its answers can be counted. */
export interface EnvelopeRequest {
  readonly kind: EnvelopeKind;
  readonly id: string;
  readonly method: string;
  /** The `Mcp-Name` source (tool or prompt name, resource URI), when the method has one. */
  readonly name?: string;
  /** The whole JSON-RPC message, as text. */
  readonly body: string;
}

const SAFE_CALLS: ReadonlyArray<{ method: string; name?: string; params: string }> = [
  { method: 'tools/call', name: 'add', params: '"name":"add","arguments":{"a":2,"b":3}' },
  { method: 'tools/call', name: 'echo', params: '"name":"echo","arguments":{"text":"hi"}' },
  { method: 'tools/call', name: 'prototypes', params: '"name":"prototypes","arguments":{}' },
  { method: 'tools/list', params: '' },
  { method: 'server/discover', params: '' },
];

const safeCall = fc.constantFrom(...SAFE_CALLS);
const toolOnly = fc.constantFrom(...SAFE_CALLS.filter((call) => call.method === 'tools/call'));
const join = (...parts: string[]): string => parts.filter((part) => part.length > 0).join(',');

const notObject = fc.constantFrom('"x"', '1', '0', '[]', `[${ENVELOPE_TEXT}]`, 'null', 'true', '""', '-1e308');
/** `_meta` with an own `__proto__` key of its own. */
const protoMeta = fc.constantFrom(
  `{"__proto__":{"polluted":1,"isAdmin":true},${ENVELOPE_FIELDS}}`,
  `{${ENVELOPE_FIELDS},"__proto__":{"toString":"x"}}`,
  `{${ENVELOPE_FIELDS},"__proto__":null}`,
);
/** A `__proto__` key deeper in the envelope: in the client's info or capabilities. */
const protoEnvelope = fc.constantFrom(
  `{"io.modelcontextprotocol/protocolVersion":"${MODERN_VERSION}","io.modelcontextprotocol/clientInfo":{"name":"fuzz","version":"1","__proto__":{"polluted":1}},"io.modelcontextprotocol/clientCapabilities":{}}`,
  `{"io.modelcontextprotocol/protocolVersion":"${MODERN_VERSION}","io.modelcontextprotocol/clientInfo":{"name":"fuzz","version":"1"},"io.modelcontextprotocol/clientCapabilities":{"__proto__":{"sampling":{}}}}`,
);
const deepCapabilities = fc
  .constantFrom(2_000, 1_000, 5_000)
  .map(
    (depth) =>
      `{"io.modelcontextprotocol/protocolVersion":"${MODERN_VERSION}","io.modelcontextprotocol/clientInfo":{"name":"fuzz","version":"1"},"io.modelcontextprotocol/clientCapabilities":${deepObject(depth)}}`,
  );
/** Versions never served: future, past, malformed, of another type. */
const unsupportedVersion = fc.oneof(
  fc.constantFrom(
    '"2099-01-01"',
    '"2026-07-29"',
    '"1999-01-01"',
    '""',
    '"2026-07-28 "',
    '"2025-11-25x"',
    `"${'9'.repeat(5_000)}"`,
    '1',
    'null',
    '{}',
    '[]',
    'true',
    '"__proto__"',
  ),
  fc
    .string({ maxLength: 24 })
    .filter((text) => !/^\d{4}-\d{2}-\d{2}$/.test(text))
    .map((text) => JSON.stringify(text)),
);
const versionMeta = unsupportedVersion.map(
  (version) =>
    `{"io.modelcontextprotocol/protocolVersion":${version},"io.modelcontextprotocol/clientInfo":{"name":"fuzz","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}`,
);
/** `requestState` no server minted: strings of every shape, and values that are not strings at all. */
const garbageState = fc.oneof(
  fc.string({ maxLength: 200 }).map((text) => JSON.stringify(text)),
  fc.constantFrom('"a.b.c"', '"eyJhbGciOiJub25lIn0.eyJ4IjoxfQ."', `"${'A'.repeat(100_000)}"`, '"=?base64?AAAA?="', '""', '"\\u0000"'),
  fc.base64String({ maxLength: 300 }).map((text) => JSON.stringify(text)),
  json.filter((value) => typeof value !== 'string').map((value) => JSON.stringify(value ?? null)),
);
/** `inputResponses` answering nothing the server asked: wrong types, strange keys, hostile values. */
const garbageResponses = fc.oneof(
  json.map((value) => JSON.stringify(value ?? null)),
  fc.dictionary(fc.string({ maxLength: 12 }), json).map((value) => JSON.stringify(value)),
  pollution,
  fc.constantFrom(
    '{"__proto__":{"action":"accept","content":{"polluted":1}}}',
    '{"k":{"action":"accept","content":{"x":1}}}',
    '{"k":{"method":"elicitation/create","result":{"action":"accept"}}}',
    `{"k":${deepObject(2_000)}}`,
    '[]',
    'null',
  ),
);

const envelopeCase: fc.Arbitrary<{ kind: EnvelopeKind; method: string; name?: string; params: string }> = fc.oneof(
  {
    arbitrary: safeCall.map((c) => ({ kind: 'valid' as const, method: c.method, name: c.name, params: `{${join(`"_meta":${ENVELOPE_TEXT}`, c.params)}}` })),
    weight: 3,
  },
  {
    arbitrary: fc
      .tuple(safeCall, notObject)
      .map(([c, meta]) => ({ kind: 'meta-not-object' as const, method: c.method, name: c.name, params: `{${join(`"_meta":${meta}`, c.params)}}` })),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(safeCall, protoMeta)
      .map(([c, meta]) => ({ kind: 'meta-proto' as const, method: c.method, name: c.name, params: `{${join(`"_meta":${meta}`, c.params)}}` })),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(safeCall, protoEnvelope)
      .map(([c, meta]) => ({ kind: 'envelope-proto' as const, method: c.method, name: c.name, params: `{${join(`"_meta":${meta}`, c.params)}}` })),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(safeCall, deepCapabilities)
      .map(([c, meta]) => ({ kind: 'deep-capabilities' as const, method: c.method, name: c.name, params: `{${join(`"_meta":${meta}`, c.params)}}` })),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(safeCall, versionMeta)
      .map(([c, meta]) => ({ kind: 'unsupported-version' as const, method: c.method, name: c.name, params: `{${join(`"_meta":${meta}`, c.params)}}` })),
    weight: 2,
  },
  {
    arbitrary: fc.tuple(toolOnly, garbageState).map(([c, state]) => ({
      kind: 'request-state' as const,
      method: c.method,
      name: c.name,
      params: `{${join(`"_meta":${ENVELOPE_TEXT}`, c.params, `"requestState":${state}`)}}`,
    })),
    weight: 2,
  },
  {
    arbitrary: fc.tuple(toolOnly, garbageResponses).map(([c, responses]) => ({
      kind: 'input-responses' as const,
      method: c.method,
      name: c.name,
      params: `{${join(`"_meta":${ENVELOPE_TEXT}`, c.params, `"inputResponses":${responses}`)}}`,
    })),
    weight: 2,
  },
);

/**
 * `count` tracked requests with hostile 2026-07-28 envelopes for `seed`, each with an id no
 * other fuzz message can carry (longer than any generated one), and every kind present.
 */
export function envelopeFuzz(seed: number, count = 1_000): EnvelopeRequest[] {
  const cases = fc.sample(envelopeCase, { seed, numRuns: count });
  return cases.map((c, i) => {
    const id = `envelope-fuzz-${seed}-${i}-${c.kind}`;
    return {
      kind: c.kind,
      id,
      method: c.method,
      ...(c.name ? { name: c.name } : {}),
      body: `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":${JSON.stringify(c.method)},"params":${c.params}}`,
    };
  });
}

/**
 * The generic fuzz for a 2026-07-28 connection: the same hostile arguments and shapes, the
 * well-formed requests carrying a valid envelope. Each frame ends with a newline.
 */
export function modernFuzzMessages(seed: number, count = FUZZ_MESSAGES): (string | Buffer)[] {
  const modernFrame: fc.Arbitrary<string | Buffer> = fc.oneof(
    { arbitrary: wellFormedModern, weight: 5 },
    { arbitrary: wrongShape, weight: 2 },
    { arbitrary: malformed, weight: 2 },
    { arbitrary: invalidUtf8, weight: 1 },
  );
  return fc
    .sample(modernFrame, { seed, numRuns: count })
    .map((f) => (typeof f === 'string' ? `${f.replace(/\n/g, ' ')}\n` : Buffer.concat([f, Buffer.from('\n')])));
}

/** Whether an answer's text gives away internals: a stack frame, a file path, the fixture's secret. */
export function leaksInternals(text: string, root: string): boolean {
  return STACK_TRACE.test(text) || /(?:\\n|\n)\s+at \S/.test(text) || text.includes(root) || /node_modules|secret internals|db\.js|\/srv\//.test(text);
}

/**
 * What is wrong with the answers to envelope fuzz requests: each must get exactly one JSON-RPC
 * answer with its id; a refusal is a clear error (an integer code, a message, never an internal
 * error); a bad envelope is always refused with the codes its kind allows, an unsupported
 * version naming the supported ones. `era` is the connection's (a 2025 connection may not know
 * `server/discover`). Empty when all is well.
 */
export function envelopeProblems(requests: readonly EnvelopeRequest[], answers: ReadonlyMap<string, readonly unknown[]>, era: 'modern' | 'legacy'): string[] {
  const problems: string[] = [];
  for (const request of requests) {
    const got = answers.get(request.id) ?? [];
    const show = (why: string): void =>
      void problems.push(`${request.kind} ${request.method} (${why}): ${request.body.slice(0, 160)} -> ${JSON.stringify(got).slice(0, 300)}`);
    if (got.length !== 1) {
      show(`${got.length} answers`);
      continue;
    }
    const answer = got[0] as {
      jsonrpc?: unknown;
      id?: unknown;
      result?: unknown;
      error?: { code?: unknown; message?: unknown; data?: { supported?: unknown } };
    };
    if (answer.jsonrpc !== '2.0' || answer.id !== request.id || 'result' in answer === 'error' in answer) {
      show('not one JSON-RPC answer with its id');
      continue;
    }
    const { error } = answer;
    if (error && (!Number.isInteger(error.code) || typeof error.message !== 'string' || error.message.length === 0 || error.code === -32603)) {
      show('unclear error');
      continue;
    }
    const allowed = ENVELOPE_ERRORS[request.kind];
    if (allowed) {
      if (!error || !allowed.includes(error.code as number)) show(`expected an error ${allowed.join(' or ')}`);
      else if (request.kind === 'unsupported-version' && !(Array.isArray(error.data?.supported) && error.data.supported.includes(MODERN_VERSION)))
        show('no supported versions listed');
    } else if (request.kind === 'valid') {
      const unknownToLegacy = era === 'legacy' && request.method === 'server/discover' && error?.code === -32601;
      if (error && !unknownToLegacy) show('a valid request refused');
    } else if (error && ![-32602, -32600].includes(error.code as number)) {
      show('refused with an unexpected code');
    }
  }
  return problems;
}

import fc from 'fast-check';

/*
 * Generated hostile input for MCP servers: one newline-terminated frame per entry, as stdio
 * carries them (HTTP sends the same bodies without the newline). Deterministic for a seed.
 */

export const FUZZ_MESSAGES = 10_000;

/** A line of a V8 stack trace. */
export const STACK_TRACE = /\bat [^\s()]+ \([^)]*:\d+:\d+\)|\bat (?:file:\/\/|\/)[^\s]*:\d+:\d+/;

const METHODS = [
  'initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/read', 'prompts/list', 'prompts/get',
  'completion/complete', 'logging/setLevel', 'notifications/initialized', 'notifications/cancelled',
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

const toolCall = fc
  .tuple(fc.constantFrom(...TOOLS), argumentsText)
  .map(([name, args]) => `{"name":${JSON.stringify(name)},"arguments":${args}}`);

const wellFormed = fc.oneof(
  { arbitrary: request(fc.constant('tools/call'), toolCall), weight: 6 },
  { arbitrary: request(fc.constantFrom(...METHODS), json.map((v) => JSON.stringify(v))), weight: 2 },
  { arbitrary: request(fc.string({ maxLength: 30 }), fc.constant('{}')), weight: 1 },
  { arbitrary: request(fc.constant('resources/read'), fc.string().map((uri) => JSON.stringify({ uri }))), weight: 1 },
  { arbitrary: request(fc.constant('prompts/get'), fc.tuple(fc.string(), argumentsText).map(([name, a]) => `{"name":${JSON.stringify(name)},"arguments":${a}}`)), weight: 1 },
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
    const parts = [
      Buffer.from('{"jsonrpc":"2.0","id":"u8","method":"tools/call","params":{"name":"echo","arguments":{"text":"'),
      Buffer.from('"}}}'),
    ];
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

import 'reflect-metadata';

import { InMemoryTransport, type CallToolResult, type Client } from '@modelcontextprotocol/client';
import { IsInt } from 'class-validator';
import { Cached, createLogger, createMcpApp, Fallback, Logged, NO_METRICS, RateLimited, Timeout, Tool, type Logger, type McpApp } from 'mcp-decorators';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { injectable } from 'tsyringe';
import winston from 'winston';
import { interleave, type Scenario } from './harness/compare';
import { assertEra, ERA_LABEL, newClient, type Era } from './harness/era';
import { formatMicros, formatRatio, median, percentile, sortedCopy } from './harness/stats';
import { runAlone, sized, type BenchContext, type BenchSection, type BenchSuite } from './harness/suite';

/*
 * What each policy step costs per call, as a ratio to the same tool without policies, and what
 * a cache hit costs compared with the body it saves. Every variant is one `add({ a, b })` tool
 * with a validated DTO, called sequentially by an SDK `Client` over in-memory transports (what a
 * user's client pays, minus the network). Variants run in one process, interleaved per round.
 *
 *   npm run bench -- --only=policies            (as part of the report)
 *   node dist-examples/bench/policies.bench.js  (by itself; --quick for a smoke run)
 */

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

/** Effectively unlimited budgets, so the rate-limit step always does its full work and grants. */
const UNLIMITED = { limit: 1_000_000_000, windowMs: 60_000 };

@injectable()
class NoPolicies {
  @Tool()
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class WithLogged {
  @Tool()
  @Logged()
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class WithLoggedArgs {
  @Tool()
  @Logged({ includeArgs: true })
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class WithRateLimited {
  @Tool()
  @RateLimited(UNLIMITED)
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class WithCached {
  @Tool()
  @Cached({ ttlMs: 3_600_000 })
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class WithTaggedCache {
  @Tool()
  @Cached({ ttlMs: 3_600_000, tags: ['math'] })
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class WithTimeout {
  @Tool()
  @Timeout(60_000)
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class WithFallback {
  @Tool()
  @Fallback({ default: 0 })
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class WithAll {
  @Tool()
  @Logged()
  @RateLimited(UNLIMITED)
  @Cached({ ttlMs: 3_600_000 })
  @Fallback({ default: 0 })
  @Timeout(60_000)
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

type Variant = 'none' | 'logged' | 'loggedArgs' | 'rateLimited' | 'cacheMiss' | 'cacheHit' | 'taggedHit' | 'timeout' | 'fallback' | 'allMiss';

interface VariantSpec {
  readonly label: string;
  readonly provider: new (...args: never[]) => object;
  /** The same arguments on every call (cache hits) rather than new ones (cache misses). */
  readonly repeat: boolean;
}

const VARIANTS: Readonly<Record<Variant, VariantSpec>> = {
  none: { label: 'no policy (baseline)', provider: NoPolicies, repeat: false },
  logged: { label: '`@Logged()` (one info line)', provider: WithLogged, repeat: false },
  loggedArgs: { label: '`@Logged({ includeArgs: true })`', provider: WithLoggedArgs, repeat: false },
  rateLimited: { label: '`@RateLimited` (MemoryStore)', provider: WithRateLimited, repeat: false },
  cacheMiss: { label: '`@Cached`, miss (get + run + set)', provider: WithCached, repeat: false },
  cacheHit: { label: '`@Cached`, hit', provider: WithCached, repeat: true },
  taggedHit: { label: '`@Cached({ tags })`, hit', provider: WithTaggedCache, repeat: true },
  timeout: { label: '`@Timeout`', provider: WithTimeout, repeat: false },
  fallback: { label: '`@Fallback` (not triggered)', provider: WithFallback, repeat: false },
  allMiss: { label: 'all five, cache miss', provider: WithAll, repeat: false },
};

/** A body that burns `rounds` SHA-256 digests: the work a cache hit saves. */
function burn(rounds: number, seed: number): string {
  let digest = String(seed);
  for (let i = 0; i < rounds; i++) digest = createHash('sha256').update(digest).digest('hex');
  return digest;
}

class BodyInput {
  @IsInt() seed!: number;
}

function bodyProvider(rounds: number, cached: boolean): new () => object {
  @injectable()
  class Plain {
    @Tool()
    work({ seed }: BodyInput): string {
      return burn(rounds, seed);
    }
  }
  @injectable()
  class Memo {
    @Tool()
    @Cached({ ttlMs: 3_600_000 })
    work({ seed }: BodyInput): string {
      return burn(rounds, seed);
    }
  }
  return cached ? Memo : Plain;
}

/** A logger that formats every line as the real one does and writes it nowhere. */
function sinkLogger(): Logger {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger({ level: 'info', transports: [new winston.transports.Stream({ stream: sink })] });
  logger.remove(logger.transports[0]!);
  return logger;
}

/** The policy steps are era-independent; they are measured with a 2026-07-28 client. */
const POLICY_ERA: Era = 'modern';

interface Connected {
  readonly app: McpApp;
  readonly client: Client;
}

async function connect(provider: new (...args: never[]) => object): Promise<Connected> {
  const app = await createMcpApp({ name: 'bench', version: '1.0.0', providers: [provider], logger: sinkLogger(), metrics: NO_METRICS });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await app.connect(serverTransport);
  const client = newClient(POLICY_ERA);
  await client.connect(clientTransport);
  assertEra(client, POLICY_ERA);
  return { app, client };
}

/** Per-call latencies (µs) of `count` sequential calls; throws on any error result. */
async function sequential(client: Client, name: string, count: number, args: (i: number) => Record<string, unknown>): Promise<Float64Array> {
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const result = (await client.callTool({ name, arguments: args(i) })) as CallToolResult;
    samples[i] = (performance.now() - started) * 1_000;
    if (result.isError) throw new Error(`${name} answered an error: ${JSON.stringify(result.content)}`);
  }
  return samples;
}

/** Distinct arguments per call, across rounds too, so a miss is always a miss. */
let serial = 0;

async function policySection(context: BenchContext): Promise<BenchSection> {
  const { options } = context;
  const calls = sized(options, 5_000, 500);
  const warmup = sized(options, 2_000, 200);
  const variants = Object.keys(VARIANTS) as Variant[];
  const connected = new Map<Variant, Connected>();
  for (const variant of variants) connected.set(variant, await connect(VARIANTS[variant].provider));
  try {
    const argsOf = (variant: Variant) => (VARIANTS[variant].repeat ? () => ({ a: 1, b: 2 }) : () => ({ a: serial++, b: 2 }));
    for (const variant of variants) await sequential(connected.get(variant)!.client, 'add', warmup, argsOf(variant));
    const scenario: Scenario<Variant> = {
      name: 'policy steps',
      measure: async (variant) => {
        const sorted = sortedCopy(await sequential(connected.get(variant)!.client, 'add', calls, argsOf(variant)));
        return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
      },
    };
    const samples = await interleave(context, variants, [scenario], options.rounds);
    const base = samples.none['p50'] ?? [];
    const rows = variants.map((variant) => {
      const p50s = samples[variant]['p50'] ?? [];
      const ratios = p50s.map((value, round) => value / base[round]!);
      const deltas = p50s.map((value, round) => value - base[round]!);
      const p50 = median(p50s);
      const delta = variant === 'none' ? '' : `${median(deltas) >= 0 ? '+' : '−'}${formatMicros(Math.abs(median(deltas)))}`;
      return `| ${VARIANTS[variant].label} | ${formatMicros(p50)} | ${formatMicros(median(samples[variant]['p99'] ?? []))} | ${delta} | ${formatRatio(median(ratios))} | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} |`;
    });
    const markdown = [
      '| policy on `add({ a, b })` | p50 | p99 | step cost (Δ p50, median of rounds) | ratio to no policy | per-round range |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `${calls.toLocaleString('en-US')} sequential calls per variant and round after ${warmup.toLocaleString('en-US')} warm-up calls, ${options.rounds} interleaved`,
      `rounds, one process; SDK v2 \`Client\` (${ERA_LABEL[POLICY_ERA]}) over in-memory transports; default \`MemoryStore\`; metrics off (\`NO_METRICS\`) to isolate`,
      'the policy steps. Logged lines are formatted as JSON and written to a discarding stream. Every call, with or without',
      'policies, also runs the logging/metrics step (a `debug` line, skipped at level `info`) and validation.',
    ].join('\n');
    return { title: 'Policies: cost of each step per call', markdown };
  } finally {
    for (const { client, app } of connected.values()) {
      await client.close();
      await app.close();
    }
  }
}

async function cacheSection(context: BenchContext): Promise<BenchSection> {
  const { options } = context;
  // Fewer calls for the large body: each takes milliseconds, and its p50 settles quickly.
  const bodies = [
    { label: 'small body (20 SHA-256)', rounds: 20, calls: sized(options, 2_000, 200) },
    { label: 'medium body (400 SHA-256)', rounds: 400, calls: sized(options, 2_000, 200) },
    { label: 'large body (8 000 SHA-256)', rounds: 8_000, calls: sized(options, 200, 20) },
  ];
  type Stack = 'body' | 'hit';
  const rows: string[] = [];
  for (const body of bodies) {
    const stacks: Record<Stack, Connected> = {
      body: await connect(bodyProvider(body.rounds, false)),
      hit: await connect(bodyProvider(body.rounds, true)),
    };
    try {
      // The cached side answers one seed, stored once before measuring: every measured call hits.
      await sequential(stacks.hit.client, 'work', 1, () => ({ seed: 7 }));
      const scenario: Scenario<Stack> = {
        name: `cache hit vs ${body.label}`,
        measure: async (stack) => {
          const sorted = sortedCopy(await sequential(stacks[stack].client, 'work', body.calls, () => ({ seed: 7 })));
          return { p50: percentile(sorted, 50) };
        },
      };
      const samples = await interleave(context, ['body', 'hit'] as const, [scenario], options.rounds);
      const ratios = (samples.hit['p50'] ?? []).map((value, round) => value / samples.body['p50']![round]!);
      const ratio = median(ratios);
      rows.push(
        `| ${body.label} | ${formatMicros(median(samples.body['p50'] ?? []))} | ${formatMicros(median(samples.hit['p50'] ?? []))} | ${ratio >= 0.1 ? formatRatio(ratio) : `${ratio.toPrecision(2)}x`} |`,
      );
    } finally {
      for (const { client, app } of Object.values(stacks)) {
        await client.close();
        await app.close();
      }
    }
  }
  const markdown = [
    '| tool body | call running the body, p50 | `@Cached` hit, p50 | hit / body call |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `${bodies.map((b) => b.calls.toLocaleString('en-US')).join(' / ')} sequential calls per side and round, ${options.rounds} interleaved rounds; the same SDK client path as above.`,
    'A hit costs a fixed few µs over a call without policies (see the table above): caching pays as soon as the body costs more.',
  ].join('\n');
  return { title: 'Policies: cache-hit latency vs the body it saves', markdown };
}

export const suite: BenchSuite = {
  name: 'policies',
  async run(context) {
    return [await policySection(context), await cacheSection(context)];
  },
};

if (require.main === module) runAlone(suite);

import { Redis } from 'ioredis';
import { MemoryStore, RedisStore, type Store } from 'mcp-decorators';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { interleave, type Scenario } from './harness/compare';
import { formatMicros, median, percentile, sortedCopy } from './harness/stats';
import { sized, type BenchSuite } from './harness/suite';

/*
 * The two stores side by side, measured from the caller's side of the `Store` interface (what a
 * `@RateLimited` or `@Cached` step pays per call): rate-limit checks per second with many calls
 * in flight, and the latency of a cache hit (a `get` of a small value). The Redis store talks to
 * `MCP_BENCH_REDIS_URL` (default the local Redis) over one connection, as an app does.
 */

type StoreKind = 'memory' | 'redis';
const KINDS: readonly StoreKind[] = ['memory', 'redis'];
const LABEL: Record<StoreKind, string> = { memory: 'MemoryStore', redis: 'RedisStore' };
const REDIS_URL = process.env.MCP_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Calls in flight at once for the throughput measure, as many concurrent tool calls would be. */
const IN_FLIGHT = 64;
const SMALL_VALUE = { id: 42, name: 'Ada Lovelace', tags: ['admin', 'beta'], active: true };

export const suite: BenchSuite = {
  name: 'stores',
  async run(context) {
    const { options } = context;
    const checks = sized(options, 50_000, 5_000);
    const gets = sized(options, 20_000, 2_000);

    if (!(await redisAnswers(REDIS_URL))) {
      return [
        { title: 'Stores: MemoryStore vs RedisStore', markdown: `Not measured: no Redis answered at ${redact(REDIS_URL)} (set \`MCP_BENCH_REDIS_URL\`).` },
      ];
    }
    const keyPrefix = `mcp-bench:${randomBytes(4).toString('hex')}:`;
    const stores: Record<StoreKind, Store> = {
      memory: new MemoryStore({ maxEntries: 100_000 }),
      redis: new RedisStore({ url: REDIS_URL, keyPrefix, commandTimeoutMs: 5_000 }),
    };
    try {
      for (const store of Object.values(stores)) await store.set('hit', SMALL_VALUE, 600_000);
      const scenarios: Scenario<StoreKind>[] = [
        {
          name: 'rate-limit checks',
          measure: async (kind, round) => ({ checksPerSecond: await rateLimitThroughput(stores[kind], `rl:${round}`, checks) }),
        },
        {
          name: 'cache hits',
          measure: async (kind) => {
            const sorted = sortedCopy(await getLatencies(stores[kind], gets));
            return { hitP50: percentile(sorted, 50), hitP99: percentile(sorted, 99) };
          },
        },
      ];
      const samples = await interleave(context, KINDS, scenarios, options.rounds);
      const at = (kind: StoreKind, metric: string): number => median(samples[kind][metric] ?? []);
      const rows = KINDS.map(
        (kind) =>
          `| ${LABEL[kind]} | ${Math.round(at(kind, 'checksPerSecond')).toLocaleString('en-US')} | ${formatMicros(at(kind, 'hitP50'))} | ${formatMicros(at(kind, 'hitP99'))} |`,
      );
      const markdown = [
        `| store | rate-limit checks/s (${IN_FLIGHT} in flight, ${checks.toLocaleString('en-US')} checks) | cache hit p50 (sequential \`get\`) | cache hit p99 |`,
        '|---|---:|---:|---:|',
        ...rows,
        '',
        `Median of ${options.rounds} interleaved rounds. Redis at ${redact(REDIS_URL)}, one connection per store; a check is one`,
        'atomic GCRA script (`EVALSHA`), a hit one `GET` plus JSON parsing. Against a Redis on another host, add the network round trip.',
      ].join('\n');
      return [{ title: 'Stores: MemoryStore vs RedisStore', markdown }];
    } finally {
      await Promise.all(Object.values(stores).map((store) => store.close()));
      await deleteKeys(REDIS_URL, keyPrefix);
    }
  },
};

/**
 * `total` checks spread over many callers (so the budget is never the bottleneck), with
 * `IN_FLIGHT` in progress at any time; checks per second of wall time.
 */
async function rateLimitThroughput(store: Store, keyBase: string, total: number): Promise<number> {
  let next = 0;
  let allowed = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      if ((await store.consume(`${keyBase}:${i % 1_000}`, 1_000_000, 60_000)).allowed) allowed += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1_000;
  // Every check must have been a real grant, or the figure would measure something else.
  if (allowed !== total) throw new Error(`only ${allowed} of ${total} checks were granted`);
  return total / seconds;
}

/** Latency (µs) of each of `count` sequential hits on a small cached value. */
async function getLatencies(store: Store, count: number): Promise<Float64Array> {
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const value = await store.get<typeof SMALL_VALUE>('hit');
    samples[i] = (performance.now() - started) * 1_000;
    if (value?.id !== SMALL_VALUE.id) throw new Error('the cached value was not a hit');
  }
  return samples;
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
      if (keys.length > 0) await client.del(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

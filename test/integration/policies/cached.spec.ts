import type { AuthInfo, CallToolResult } from '@modelcontextprotocol/server';
import { IsInt, IsOptional, IsString } from 'class-validator';
import {
  Cached,
  CacheService,
  DEGRADED_META,
  ErrorCategory,
  InvalidatesCache,
  ManualClock,
  type McpApp,
  type McpAppOptions,
  MemoryStore,
  Prompt,
  RateLimited,
  Resource,
  type TestClient,
  text,
  Tool,
  ToolContext,
  ToolError,
  toolResult,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';
import { captureLogger } from '../../support/capture-logger';
import { FlakyStore } from '../../support/flaky-store';
import { RecordingMetrics } from '../../support/recording-metrics';

const as = (sub: string): AuthInfo => ({ token: `token-${sub}`, clientId: 'test', scopes: [], extra: { sub } });

describe('@Cached', () => {
  let executions: Record<string, number>;
  let failing: false | 'source' | 'caller';
  let arrivals: number;
  let release: () => void;
  let gate: Promise<void>;

  const run = (name: string): number => (executions[name] = (executions[name] ?? 0) + 1);

  class CityInput {
    @IsString() city!: string;
    @IsOptional() @IsInt() days?: number;
  }

  /** Counts calls that went through validation (class-transformer builds one instance per call). */
  class CountedInput {
    @IsString() city!: string;
    constructor() {
      arrivals++;
    }
  }

  @injectable()
  class WeatherTools {
    constructor(private readonly cache: CacheService) {}

    @Tool()
    @Cached({ ttlMs: 60_000 })
    forecast({ city, days }: CityInput): string {
      return `${city}/${days ?? 1}: sunny #${run('forecast')}`;
    }

    @Tool()
    @Cached({ ttlMs: 60_000 })
    fragile({ city }: CityInput): string {
      const n = run('fragile');
      if (failing) throw new ToolError(`upstream down for ${city}`, { category: ErrorCategory.EXTERNAL_API });
      return `${city} #${n}`;
    }

    @Tool()
    @Cached({ ttlMs: 60_000 })
    answersError(): CallToolResult {
      return toolResult([text(`refused #${run('answersError')}`)], { isError: true });
    }

    @Tool()
    @Cached({ ttlMs: 1_000, staleIfErrorMs: 10_000 })
    observed({ city }: CityInput): string {
      const n = run('observed');
      if (failing === 'source') throw new Error('sensor offline');
      if (failing === 'caller') throw new ToolError(`no station in ${city}`, { category: ErrorCategory.VALIDATION });
      return `${city}: 21°C #${n}`;
    }

    @Tool()
    @Cached({ ttlMs: 60_000, staleIfErrorMs: 60_000 })
    structured({ city }: CityInput): { city: string; n: number } {
      const n = run('structured');
      if (failing) throw new Error('down');
      return { city, n };
    }

    @Tool()
    @Cached({ ttlMs: 60_000 })
    async slow({ city }: CountedInput): Promise<string> {
      const n = run('slow');
      await gate;
      return `${city} #${n}`;
    }

    @Tool()
    @Cached({ ttlMs: 60_000, scope: 'global', tags: ['weather'] })
    summary(): string {
      return `summary #${run('summary')}`;
    }

    @Tool()
    @Cached({ ttlMs: 60_000, scope: 'global', tags: ['alerts', 'weather'] })
    alerts(): string {
      return `alerts #${run('alerts')}`;
    }

    @Tool()
    @InvalidatesCache('weather')
    report(): string {
      run('report');
      if (failing) throw new Error('write failed half way');
      return 'recorded';
    }

    @Tool()
    async importAll(): Promise<boolean> {
      return this.cache.invalidate('alerts');
    }

    @Tool()
    @Cached({ ttlMs: 60_000, maxEntries: 2 })
    bounded({ city }: CityInput): string {
      return `${city} #${run('bounded')}`;
    }

    @Tool()
    @Cached({ ttlMs: 60_000 })
    @RateLimited({ limit: 2, windowMs: 60_000 })
    limited(): string {
      return `limited #${run('limited')}`;
    }

    @Resource('config://app', { mimeType: 'application/json' })
    @Cached({ ttlMs: 60_000 })
    config(): object {
      return { n: run('config') };
    }

    @Prompt()
    @Cached({ ttlMs: 60_000 })
    brief({ city }: CityInput): string {
      return `Brief on ${city} #${run('brief')}`;
    }
  }

  let clock: ManualClock;
  let metrics: RecordingMetrics;
  let capture: ReturnType<typeof captureLogger>;

  beforeEach(() => {
    executions = {};
    failing = false;
    arrivals = 0;
    gate = new Promise((resolve) => (release = resolve));
    clock = new ManualClock();
    metrics = new RecordingMetrics();
    capture = captureLogger('debug');
  });

  afterEach(() => release());
  // Declared after the release above, so that closing never waits on a gated call.
  const apps = useApps();
  const start = (options: Partial<McpAppOptions> = {}): Promise<McpApp> =>
    apps.app({ name: 'cache', version: '1.0.0', providers: [WeatherTools], clock, metrics, logger: capture.logger, ...options });
  const connect = (app: McpApp, auth?: AuthInfo): Promise<TestClient> => apps.client(app, { auth });

  it('runs once for two identical calls, and again after the TTL', async () => {
    const client = await connect(await start());
    expect(await client.callTool('forecast', { city: 'Paris' })).toBe('Paris/1: sunny #1');
    expect(await client.callTool('forecast', { city: 'Paris' })).toBe('Paris/1: sunny #1');
    expect(executions['forecast']).toBe(1);
    expect(metrics.misses).toEqual(['forecast']);
    expect(metrics.hits).toEqual(['forecast']);
    clock.advance(59_999);
    expect(await client.callTool('forecast', { city: 'Paris' })).toBe('Paris/1: sunny #1');
    clock.advance(1);
    expect(await client.callTool('forecast', { city: 'Paris' })).toBe('Paris/1: sunny #2');
    expect(executions['forecast']).toBe(2);
  });

  it('keys on the canonical validated input: other values miss, property order does not matter', async () => {
    const client = await connect(await start());
    await client.callTool('forecast', { city: 'Paris', days: 2 });
    expect(await client.callTool('forecast', { days: 2, city: 'Paris' })).toBe('Paris/2: sunny #1');
    expect(await client.callTool('forecast', { city: 'Lyon', days: 2 })).toBe('Lyon/2: sunny #2');
    expect(await client.callTool('forecast', { city: 'Paris', days: 3 })).toBe('Paris/3: sunny #3');
  });

  it('keeps principals apart by default, shares with scope: global', async () => {
    const app = await start();
    const alice = await connect(app, as('alice'));
    const bob = await connect(app, as('bob'));
    expect(await alice.callTool('forecast', { city: 'Paris' })).toBe('Paris/1: sunny #1');
    expect(await bob.callTool('forecast', { city: 'Paris' })).toBe('Paris/1: sunny #2');
    expect(executions['forecast']).toBe(2);
    expect(await alice.callTool('summary')).toBe('summary #1');
    expect(await bob.callTool('summary')).toBe('summary #1');
  });

  it('never caches errors: thrown ones nor isError results', async () => {
    const client = await connect(await start());
    failing = 'source';
    await expect(client.callTool('fragile', { city: 'Paris' })).rejects.toThrow('upstream down for Paris');
    failing = false;
    expect(await client.callTool('fragile', { city: 'Paris' })).toBe('Paris #2');
    expect(await client.callTool('fragile', { city: 'Paris' })).toBe('Paris #2');
    await expect(client.callTool('answersError')).rejects.toThrow('refused #1');
    await expect(client.callTool('answersError')).rejects.toThrow('refused #2');
  });

  it('runs ten concurrent identical calls once', async () => {
    const client = await connect(await start());
    const calls = Array.from({ length: 10 }, () => client.callTool('slow', { city: 'Paris' }));
    const deadline = Date.now() + 5_000;
    while (arrivals < 10 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(arrivals).toBe(10);
    // One more turn: every call has passed validation, so each has reached the cache step.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await Promise.all(calls)).toEqual(Array(10).fill('Paris #1'));
    expect(executions['slow']).toBe(1);
    expect(metrics.misses).toEqual(['slow']);
    expect(metrics.hits).toHaveLength(9);
  });

  describe('staleIfErrorMs', () => {
    it('serves the last good value, marked as possibly outdated, when the method fails', async () => {
      const client = await connect(await start());
      expect(await client.callTool('observed', { city: 'Oslo' })).toBe('Oslo: 21°C #1');
      clock.advance(1_500);
      failing = 'source';
      const stale = await client.callToolRaw('observed', { city: 'Oslo' });
      expect(stale.isError).toBeUndefined();
      expect(stale.content).toEqual([{ type: 'text', text: 'Oslo: 21°C #1 (cached data - may be outdated)' }]);
      expect(stale._meta?.[DEGRADED_META]).toEqual({ source: 'stale', ageMs: 1_500 });
      expect(executions['observed']).toBe(2);
      // A stale answer is not stored as fresh: the next call tries the method again.
      expect(await client.callTool('observed', { city: 'Oslo' })).toMatch(/may be outdated/);
      expect(executions['observed']).toBe(3);
      expect(capture.entries().filter((e) => e['event'] === 'stale_cache_served')).toHaveLength(2);
      const executed = capture.entries().filter((e) => e['event'] === 'tool_executed' && e['name'] === 'observed');
      expect(executed.map((e) => e['degraded'])).toEqual([undefined, 'stale', 'stale']);
    });

    it('adds the note as its own block when the result is structured, and stops after the stale window', async () => {
      const client = await connect(await start());
      await client.callTool('structured', { city: 'Rome' });
      clock.advance(61_000);
      failing = 'source';
      const stale = await client.callToolRaw('structured', { city: 'Rome' });
      expect(stale.structuredContent).toEqual({ city: 'Rome', n: 1 });
      expect(stale.content).toEqual([
        { type: 'text', text: '{"city":"Rome","n":1}' },
        { type: 'text', text: '(cached data - may be outdated)' },
      ]);
      clock.advance(60_000);
      await expect(client.callTool('structured', { city: 'Rome' })).rejects.toThrow(/Internal error/);
    });

    it('does not hide the caller’s mistakes behind a stale value', async () => {
      const client = await connect(await start());
      await client.callTool('observed', { city: 'Oslo' });
      clock.advance(1_500);
      failing = 'caller';
      await expect(client.callTool('observed', { city: 'Oslo' })).rejects.toThrow('no station in Oslo');
    });
  });

  describe('invalidation by tags', () => {
    it('drops the tagged entries after a tool marked @InvalidatesCache runs, even when it fails', async () => {
      const client = await connect(await start());
      expect(await client.callTool('summary')).toBe('summary #1');
      expect(await client.callTool('alerts')).toBe('alerts #1');
      expect(await client.callTool('report')).toBe('recorded');
      expect(await client.callTool('summary')).toBe('summary #2');
      expect(await client.callTool('alerts')).toBe('alerts #2');
      failing = 'source';
      await expect(client.callTool('report')).rejects.toThrow();
      failing = false;
      expect(await client.callTool('summary')).toBe('summary #3');
      expect(await client.callTool('summary')).toBe('summary #3');
    });

    it('invalidates from code: app.invalidateCache and an injected CacheService', async () => {
      const app = await start();
      const client = await connect(app);
      await client.callTool('summary');
      await client.callTool('alerts');
      expect(await app.invalidateCache('weather')).toBe(true);
      expect(await client.callTool('summary')).toBe('summary #2');
      expect(await client.callTool('alerts')).toBe('alerts #2');
      expect(await client.callTool('importAll')).toBe('true');
      expect(await client.callTool('summary')).toBe('summary #2');
      expect(await client.callTool('alerts')).toBe('alerts #3');
    });

    it('keeps entries unreachable after the tag version itself is evicted from a bounded store', async () => {
      const store = new MemoryStore({ clock });
      const app = await start({ store });
      const client = await connect(app);
      await client.callTool('summary');
      await app.invalidateCache('weather');
      expect(await client.callTool('summary')).toBe('summary #2');
      // As if the LRU had evicted the tag's version but kept `summary #1` and `summary #2`.
      await store.delete('cache-tag:weather');
      expect(await client.callTool('summary')).toBe('summary #3');
    });
  });

  it('caches resources and prompts too', async () => {
    const client = await connect(await start());
    expect(await client.readResource('config://app')).toEqual({ n: 1 });
    expect(await client.readResource('config://app')).toEqual({ n: 1 });
    const brief = async (city: string): Promise<unknown> => (await client.getPrompt('brief', { city })).messages[0]?.content;
    expect(await brief('Paris')).toEqual({ type: 'text', text: 'Brief on Paris #1' });
    expect(await brief('Paris')).toEqual({ type: 'text', text: 'Brief on Paris #1' });
    expect(await brief('Lyon')).toEqual({ type: 'text', text: 'Brief on Lyon #2' });
  });

  it('bounds one method’s entries with maxEntries (least recently used deleted from the store)', async () => {
    const store = new MemoryStore({ clock });
    const client = await connect(await start({ store }));
    await client.callTool('bounded', { city: 'a' });
    await client.callTool('bounded', { city: 'b' });
    await client.callTool('bounded', { city: 'a' });
    const before = store.size;
    await client.callTool('bounded', { city: 'c' });
    expect(store.size).toBe(before);
    expect(await client.callTool('bounded', { city: 'a' })).toBe('a #1');
    expect(await client.callTool('bounded', { city: 'b' })).toBe('b #4');
  });

  it('answers a hit only after the rate limit: a hit spends budget, a refused call neither runs nor is cached', async () => {
    const client = await connect(await start());
    expect(await client.callTool('limited')).toBe('limited #1');
    expect(await client.callTool('limited')).toBe('limited #1');
    await expect(client.callTool('limited')).rejects.toMatchObject({ category: 'rate_limit' });
    expect(executions['limited']).toBe(1);
    expect(metrics.hits).toEqual(['limited']);
  });

  it('skips the cache while the store is unavailable, logs the outage once, and resumes', async () => {
    const store = new FlakyStore(clock);
    const client = await connect(await start({ store }));
    await client.callTool('forecast', { city: 'Paris' });
    store.down = true;
    expect(await client.callTool('forecast', { city: 'Paris' })).toBe('Paris/1: sunny #2');
    expect(await client.callTool('forecast', { city: 'Paris' })).toBe('Paris/1: sunny #3');
    expect(await client.callTool('summary')).toBe('summary #1');
    expect(metrics.storeErrors).toEqual(['get', 'get', 'get']);
    store.down = false;
    expect(await client.callTool('forecast', { city: 'Paris' })).toBe('Paris/1: sunny #1');
    expect(
      capture
        .entries()
        .filter((e) => String(e['event']).startsWith('store_'))
        .map((e) => e['event']),
    ).toEqual(['store_unavailable', 'store_recovered']);
  });

  it('refuses bad options when the class is declared', () => {
    expect(() => Cached({ ttlMs: 0 })).toThrow('@Cached: ttlMs must be a positive number, got 0');
    expect(() => Cached({ ttlMs: 1, staleIfErrorMs: -1 })).toThrow(/staleIfErrorMs must be a positive number/);
    expect(() => Cached({ ttlMs: 1, maxEntries: 0.5 })).toThrow(/maxEntries must be a positive integer/);
    expect(() => Cached({ ttlMs: 1, scope: 'team' as never })).toThrow(/scope must be one of 'principal', 'global'/);
    expect(() => Cached({ ttlMs: 1, tags: [''] })).toThrow(/tags must be a list of non-empty strings/);
    expect(() => InvalidatesCache()).toThrow(/name at least one tag/);
  });
});

describe.each([['2026-07-28'], ['2025-11-25']])('@Cached on a method that asks the user (%s)', (protocolVersion) => {
  class TopicInput {
    @IsString() topic!: string;
  }

  let asked = 0;

  @injectable()
  class AskingTools {
    @Tool()
    @Cached({ ttlMs: 60_000, scope: 'global' })
    async opinion({ topic }: TopicInput, ctx: ToolContext): Promise<string> {
      const first = await ctx.elicit(`Do you like ${topic}?`, { type: 'object', properties: { yes: { type: 'boolean' } }, required: ['yes'] } as const);
      const second = await ctx.elicit('How much, from 1 to 5?', { type: 'object', properties: { score: { type: 'integer' } }, required: ['score'] } as const);
      if (first.action !== 'accept' || second.action !== 'accept') return 'no opinion';
      return `${topic}: ${first.content.yes ? 'likes' : 'dislikes'} (${second.content.score})`;
    }
  }

  const apps = useApps('all');
  let client: TestClient;
  let metrics: RecordingMetrics;

  beforeAll(async () => {
    metrics = new RecordingMetrics();
    ({ client } = await apps.start(
      { name: 'asking', version: '1.0.0', providers: [AskingTools], metrics, logger: { level: 'error' } },
      {
        protocolVersion,
        onElicitation: (params) => {
          asked++;
          const content: Record<string, boolean | number> = params.message.startsWith('Do you like') ? { yes: true } : { score: 4 };
          return { action: 'accept', content };
        },
      },
    ));
  });

  it('caches the answer the user gave, never a question: the second call asks nothing', async () => {
    expect(await client.callTool('opinion', { topic: 'tea' })).toBe('tea: likes (4)');
    expect(asked).toBe(2);
    expect(await client.callTool('opinion', { topic: 'tea' })).toBe('tea: likes (4)');
    expect(asked).toBe(2);
    expect(metrics.hits).toEqual(['opinion']);
  });
});

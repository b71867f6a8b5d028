import type { AuthInfo } from '@modelcontextprotocol/server';
import { IsInt, IsString } from 'class-validator';
import { ManualClock, type McpApp, type McpAppOptions, MemoryStore, RateLimited, Resource, type TestClient, Tool, ToolCallError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';
import { captureLogger } from '../../support/capture-logger';
import { FlakyStore } from '../../support/flaky-store';
import { RecordingMetrics } from '../../support/recording-metrics';

const as = (sub: string): AuthInfo => ({ token: `token-${sub}`, clientId: 'test', scopes: [], extra: { sub } });

describe('@RateLimited', () => {
  class CallerInput {
    @IsString() caller!: string;
  }

  class CountInput {
    @IsInt() n!: number;
  }

  let executions = 0;

  @injectable()
  class LimitedTools {
    @Tool()
    @RateLimited({ limit: 3, windowMs: 1_000 })
    search({ n }: CountInput): number {
      executions++;
      return n;
    }

    @Tool()
    @RateLimited({ limit: 1, windowMs: 60_000, key: (input: CallerInput) => input.caller })
    perCaller({ caller }: CallerInput): string {
      return caller;
    }

    @Tool()
    @RateLimited({ limit: 1, windowMs: 60_000, scope: 'global' })
    shared(): string {
      return 'ok';
    }

    @Tool()
    free(): string {
      return 'free';
    }

    @Resource('status://now')
    @RateLimited({ limit: 1, windowMs: 60_000 })
    status(): string {
      return 'green';
    }
  }

  let clock: ManualClock;
  let metrics: RecordingMetrics;
  let capture: ReturnType<typeof captureLogger>;
  const apps = useApps();
  const start = (options: Partial<McpAppOptions> = {}): Promise<McpApp> =>
    apps.app({ name: 'limits', version: '1.0.0', providers: [LimitedTools], clock, metrics, logger: capture.logger, ...options });
  const connect = (app: McpApp, auth?: AuthInfo): Promise<TestClient> => apps.client(app, { auth });

  beforeEach(() => {
    executions = 0;
    clock = new ManualClock();
    metrics = new RecordingMetrics();
    capture = captureLogger('debug');
  });

  const rejection = (promise: Promise<unknown>): Promise<ToolCallError> =>
    promise.then(
      () => {
        throw new Error('expected the call to be refused');
      },
      (error: unknown) => error as ToolCallError,
    );

  it('lets calls 1-3 through and refuses call 4 with the limit and a retry-after, without running it', async () => {
    const client = await connect(await start(), as('alice'));
    for (const n of [1, 2, 3]) expect(await client.callTool('search', { n })).toBe(n);
    const refused = await rejection(client.callTool('search', { n: 4 }));
    expect(refused).toBeInstanceOf(ToolCallError);
    expect(refused.category).toBe('rate_limit');
    expect(refused.message).toBe('Rate limit exceeded for tool search: 3 calls per 1 s. Retry in 1 s.');
    expect(refused.details).toEqual({ limit: 3, windowMs: 1_000, retryAfterSeconds: 1, retryAfterMs: 334 });
    expect(executions).toBe(3);
    expect(metrics.limited).toEqual(['search']);
    expect(metrics.statuses('search')).toEqual(['success', 'success', 'success', 'rate_limit']);
    const failed = capture.entries().filter((entry) => entry['event'] === 'tool_execution_failed');
    expect(failed).toEqual([expect.objectContaining({ name: 'search', category: 'rate_limit', severity: 'low', principal: 'sub:alice' })]);
  });

  it('gives two principals separate budgets', async () => {
    const app = await start();
    const alice = await connect(app, as('alice'));
    const bob = await connect(app, as('bob'));
    for (const n of [1, 2, 3]) await alice.callTool('search', { n });
    await expect(alice.callTool('search', { n: 4 })).rejects.toMatchObject({ category: 'rate_limit' });
    for (const n of [1, 2, 3]) expect(await bob.callTool('search', { n })).toBe(n);
    await expect(bob.callTool('search', { n: 4 })).rejects.toMatchObject({ category: 'rate_limit' });
  });

  it('refills: one call after the retry-after, the whole budget after a quiet window', async () => {
    const client = await connect(await start());
    for (const n of [1, 2, 3]) await client.callTool('search', { n });
    const refused = await rejection(client.callTool('search', { n: 4 }));
    clock.advance((refused.details!['retryAfterMs'] as number) - 1);
    await expect(client.callTool('search', { n: 4 })).rejects.toMatchObject({ category: 'rate_limit' });
    clock.advance(1);
    expect(await client.callTool('search', { n: 4 })).toBe(4);
    await expect(client.callTool('search', { n: 5 })).rejects.toMatchObject({ category: 'rate_limit' });
    clock.advance(1_000);
    for (const n of [6, 7, 8]) expect(await client.callTool('search', { n })).toBe(n);
    await expect(client.callTool('search', { n: 9 })).rejects.toMatchObject({ category: 'rate_limit' });
  });

  it('spends no budget on invalid calls (validation runs first)', async () => {
    const client = await connect(await start());
    for (let i = 0; i < 5; i++) await expect(client.callTool('search', { n: 'x' })).rejects.toMatchObject({ category: 'validation' });
    for (const n of [1, 2, 3]) expect(await client.callTool('search', { n })).toBe(n);
  });

  it('keys by a custom function, or shares one budget with scope: global', async () => {
    const app = await start();
    const alice = await connect(app, as('alice'));
    const bob = await connect(app, as('bob'));
    expect(await alice.callTool('perCaller', { caller: 'tenant-1' })).toBe('tenant-1');
    await expect(bob.callTool('perCaller', { caller: 'tenant-1' })).rejects.toMatchObject({ category: 'rate_limit' });
    expect(await bob.callTool('perCaller', { caller: 'tenant-2' })).toBe('tenant-2');
    expect(await alice.callTool('shared')).toBe('ok');
    await expect(bob.callTool('shared')).rejects.toThrow(/Rate limit exceeded for tool shared: 1 call per 1 min/);
  });

  it('limits resources too (a JSON-RPC error carrying the category)', async () => {
    const client = await connect(await start());
    expect(await client.readResource('status://now')).toBe('green');
    await expect(client.readResource('status://now')).rejects.toThrow(/Rate limit exceeded for resource status/);
    await expect(client.sdk.readResource({ uri: 'status://now' })).rejects.toMatchObject({ data: { category: 'rate_limit' } });
  });

  it('applies the server-wide budget across every tool, before the tool’s own', async () => {
    const app = await start({ rateLimit: { limit: 2, windowMs: 10_000 } });
    const alice = await connect(app, as('alice'));
    const bob = await connect(app, as('bob'));
    expect(await alice.callTool('free')).toBe('free');
    expect(await alice.callTool('search', { n: 1 })).toBe(1);
    await expect(alice.callTool('free')).rejects.toThrow('Rate limit exceeded for this server: 2 calls per 10 s. Retry in 5 s.');
    expect(await bob.callTool('free')).toBe('free');
    clock.advance(5_000);
    expect(await alice.callTool('free')).toBe('free');
  });

  it('keeps the store bounded whatever the number of callers: 100 000 distinct ones', async () => {
    const store = new MemoryStore({ clock, maxEntries: 2_000 });
    const client = await connect(await start({ store, logger: { level: 'error' } }));
    const batch = 1_000;
    for (let start = 0; start < 100_000; start += batch) {
      const calls = Array.from({ length: batch }, (_, i) => client.callTool('perCaller', { caller: `caller-${start + i}` }));
      await Promise.all(calls);
      expect(store.size).toBeLessThanOrEqual(2_000);
    }
    expect(store.size).toBe(2_000);
    // The most recent callers are still limited: their state is the one kept.
    await expect(client.callTool('perCaller', { caller: 'caller-99999' })).rejects.toMatchObject({ category: 'rate_limit' });
  }, 120_000);

  describe('when the store is unavailable', () => {
    let store: FlakyStore;

    beforeEach(() => {
      store = new FlakyStore(clock);
    });

    it('fails open by default: calls run, each failure is counted, the outage is logged once and so is the recovery', async () => {
      const client = await connect(await start({ store }));
      await client.callTool('search', { n: 1 });
      store.down = true;
      for (const n of [2, 3, 4, 5, 6]) expect(await client.callTool('search', { n })).toBe(n);
      expect(executions).toBe(6);
      expect(metrics.storeErrors).toEqual(['consume', 'consume', 'consume', 'consume', 'consume']);
      store.down = false;
      await client.callTool('search', { n: 7 });
      const events = capture
        .entries()
        .map((entry) => entry['event'])
        .filter((event) => String(event).startsWith('store_'));
      expect(events).toEqual(['store_unavailable', 'store_recovered']);
      expect(capture.entries().find((entry) => entry['event'] === 'store_unavailable')).toMatchObject({ level: 'warn', operation: 'consume' });
    });

    it('fails closed when asked: a clear rate_limit error, and the method does not run', async () => {
      @injectable()
      class Strict {
        @Tool()
        @RateLimited({ limit: 5, windowMs: 1_000, failMode: 'closed' })
        pay(): string {
          executions++;
          return 'paid';
        }
      }
      const client = await connect(await start({ store, providers: [Strict] }));
      expect(await client.callTool('pay')).toBe('paid');
      store.down = true;
      const refused = await rejection(client.callTool('pay'));
      expect(refused.category).toBe('rate_limit');
      expect(refused.message).toBe('Rate limit of tool pay cannot be checked right now, so the call was refused. Try again in a moment.');
      expect(refused.details).toEqual({ limit: 5, windowMs: 1_000, reason: 'store_unavailable' });
      expect(executions).toBe(1);
      store.down = false;
      expect(await client.callTool('pay')).toBe('paid');
    });
  });

  it('refuses bad options when the class is declared, naming the option', () => {
    expect(() => RateLimited({ limit: 0, windowMs: 1_000 })).toThrow('@RateLimited: limit must be a positive integer, got 0');
    expect(() => RateLimited({ limit: 1.5, windowMs: 1_000 })).toThrow(/limit must be a positive integer/);
    expect(() => RateLimited({ limit: 1, windowMs: -1 })).toThrow('@RateLimited: windowMs must be a positive number, got -1');
    expect(() => RateLimited({ limit: 1, windowMs: 1, failMode: 'ajar' as never })).toThrow(/failMode must be one of 'open', 'closed'/);
    return expect(start({ rateLimit: { limit: 1, windowMs: 0 } })).rejects.toThrow(/createMcpApp: rateLimit: windowMs must be a positive number/);
  });
});

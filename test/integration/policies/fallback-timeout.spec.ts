import { IsString } from 'class-validator';
import {
  Cached,
  createMcpApp,
  DEGRADED_META,
  ErrorCategory,
  Fallback,
  ManualClock,
  Resource,
  type TestClient,
  Timeout,
  Tool,
  ToolContext,
  ToolError,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';
import { captureLogger } from '../../support/capture-logger';
import { RecordingMetrics } from '../../support/recording-metrics';

type Mode = 'ok' | 'throw' | 'hang' | 'ignore-signal';

/** A source that answers, fails, hangs until its signal aborts, or hangs whatever happens. */
function source(mode: Mode, answer: string, signal: AbortSignal, seen: AbortSignal[]): Promise<string> {
  seen.push(signal);
  switch (mode) {
    case 'ok':
      return Promise.resolve(answer);
    case 'throw':
      return Promise.reject(new ToolError(`${answer.split(':')[0]} is down`, { category: ErrorCategory.EXTERNAL_API }));
    case 'hang':
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
    case 'ignore-signal':
      return new Promise(() => undefined);
  }
}

describe('@Fallback and @Timeout', () => {
  let primary: Mode;
  let backup: Mode;
  let signals: { primary: AbortSignal[]; backup: AbortSignal[]; slow: AbortSignal[] };

  class CityInput {
    @IsString() city!: string;
  }

  @injectable()
  class WeatherTools {
    @Tool({ description: 'Current weather, degrading gracefully' })
    @Cached({ ttlMs: 1_000, staleIfErrorMs: 60_000, scope: 'global' })
    @Fallback({
      methods: ['fromBackupApi'],
      default: ({ city }: CityInput) => `Weather data temporarily unavailable for ${city}. Please try again later.`,
    })
    @Timeout(50)
    weather({ city }: CityInput, ctx: ToolContext): Promise<string> {
      return source(primary, `primary: ${city} sunny`, ctx.signal, signals.primary);
    }

    fromBackupApi({ city }: CityInput, ctx: ToolContext): Promise<string> {
      return source(backup, `backup: ${city} cloudy`, ctx.signal, signals.backup);
    }

    @Tool()
    @Fallback({ methods: ['fromBackupApi'] })
    noDefault({ city }: CityInput, ctx: ToolContext): Promise<string> {
      return source(primary, `primary: ${city}`, ctx.signal, signals.primary);
    }

    @Tool()
    @Fallback({ default: 'no answer' })
    picky({ city }: CityInput): string {
      throw new ToolError(`unknown city ${city}`, { category: ErrorCategory.VALIDATION });
    }

    @Tool()
    @Timeout(50)
    slow(ctx: ToolContext): Promise<string> {
      return source(primary, 'slow: done', ctx.signal, signals.slow);
    }

    @Tool()
    quick(): string {
      return 'still serving';
    }

    @Resource('forecast://{city}', { mimeType: 'application/json' })
    @Fallback({ default: { forecast: 'unavailable' } })
    forecast({ city }: { city: string }): object {
      if (primary !== 'ok') throw new Error(`no forecast for ${city}`);
      return { city, forecast: 'sunny' };
    }
  }

  let clock: ManualClock;
  let metrics: RecordingMetrics;
  let capture: ReturnType<typeof captureLogger>;
  const apps = useApps();
  let client: TestClient;

  beforeEach(async () => {
    primary = 'ok';
    backup = 'ok';
    signals = { primary: [], backup: [], slow: [] };
    clock = new ManualClock();
    metrics = new RecordingMetrics();
    capture = captureLogger('debug');
    ({ client } = await apps.start({ name: 'weather', version: '1.0.0', providers: [WeatherTools], clock, metrics, logger: capture.logger }));
  });

  const events = (name: string): Record<string, unknown>[] => capture.entries().filter((entry) => entry['event'] === name);

  describe('@Timeout', () => {
    it('aborts the method through ctx.signal and answers a clear timeout error; the server keeps serving', async () => {
      primary = 'hang';
      const result = await client.callToolRaw('slow');
      expect(result.isError).toBe(true);
      expect(result.content).toEqual([
        { type: 'text', text: 'Tool slow timed out after 50 ms and was cancelled. Try again later, or with a smaller request.' },
      ]);
      expect(result._meta?.['mcp-decorators/error']).toEqual({ category: 'timeout', severity: 'medium', details: { timeoutMs: 50 } });
      const [signal] = signals.slow;
      expect(signal!.aborted).toBe(true);
      expect(signal!.reason).toBeInstanceOf(ToolError);
      expect(await client.callTool('quick')).toBe('still serving');
      expect(metrics.statuses('slow')).toEqual(['timeout']);
      expect(events('tool_execution_failed')).toEqual([expect.objectContaining({ name: 'slow', category: 'timeout' })]);
    });

    it('answers even when the method ignores its signal', async () => {
      primary = 'ignore-signal';
      await expect(client.callTool('slow')).rejects.toMatchObject({ category: 'timeout' });
      expect(await client.callTool('quick')).toBe('still serving');
    });

    it('leaves a method that finishes in time alone', async () => {
      expect(await client.callTool('slow')).toBe('slow: done');
      expect(signals.slow[0]!.aborted).toBe(false);
    });

    it('refuses a timeout that is not a positive number', () => {
      expect(() => Timeout(0)).toThrow('@Timeout: ms must be a positive number, got 0');
    });
  });

  describe('the degradation chain: method, fallback methods, stale cache, default', () => {
    it('answers from the method when it works, unmarked', async () => {
      const result = await client.callToolRaw('weather', { city: 'Paris' });
      expect(result.content).toEqual([{ type: 'text', text: 'primary: Paris sunny' }]);
      expect(result._meta?.[DEGRADED_META]).toBeUndefined();
      expect(events('fallback_attempt_failed')).toEqual([]);
    });

    it('falls back to the next method when the method fails, and logs the failure at warn', async () => {
      primary = 'throw';
      const result = await client.callToolRaw('weather', { city: 'Paris' });
      expect(result.content).toEqual([{ type: 'text', text: 'backup: Paris cloudy' }]);
      expect(result._meta?.[DEGRADED_META]).toEqual({ source: 'fallback', method: 'fromBackupApi' });
      expect(events('fallback_attempt_failed')).toEqual([
        expect.objectContaining({ level: 'warn', name: 'weather', attempt: 'weather', category: 'external_api', errorMessage: 'primary is down' }),
      ]);
      expect(events('fallback_served')).toEqual([expect.objectContaining({ level: 'warn', source: 'fallback', method: 'fromBackupApi' })]);
      expect(events('tool_executed')).toEqual([expect.objectContaining({ name: 'weather', status: 'success', degraded: 'fallback' })]);
    });

    it('falls back when the method times out; the fallback gets a live signal of its own', async () => {
      primary = 'hang';
      expect(await client.callTool('weather', { city: 'Paris' })).toBe('backup: Paris cloudy');
      expect(signals.primary[0]!.aborted).toBe(true);
      expect(signals.backup[0]!.aborted).toBe(false);
      expect(events('fallback_attempt_failed')).toEqual([expect.objectContaining({ attempt: 'weather', category: 'timeout' })]);
    });

    it('serves the stale cached value, marked, when the method and its fallbacks fail', async () => {
      expect(await client.callTool('weather', { city: 'Oslo' })).toBe('primary: Oslo sunny');
      clock.advance(5_000);
      primary = 'throw';
      backup = 'hang';
      const result = await client.callToolRaw('weather', { city: 'Oslo' });
      expect(result.content).toEqual([{ type: 'text', text: 'primary: Oslo sunny (cached data - may be outdated)' }]);
      expect(result._meta?.[DEGRADED_META]).toEqual({ source: 'stale', ageMs: 5_000 });
      expect(signals.backup[0]!.aborted).toBe(true);
      expect(events('fallback_attempt_failed').map((e) => [e['attempt'], e['category']])).toEqual([
        ['weather', 'external_api'],
        ['fromBackupApi', 'timeout'],
      ]);
      expect(events('fallback_served')).toEqual([expect.objectContaining({ source: 'stale' })]);
    });

    it('answers the default when every source fails, and caches none of the degraded answers', async () => {
      primary = 'throw';
      backup = 'throw';
      const result = await client.callToolRaw('weather', { city: 'Lima' });
      expect(result.isError).toBeUndefined();
      expect(result.content).toEqual([{ type: 'text', text: 'Weather data temporarily unavailable for Lima. Please try again later.' }]);
      expect(result._meta?.[DEGRADED_META]).toEqual({ source: 'default' });
      expect(events('fallback_attempt_failed').map((e) => e['attempt'])).toEqual(['weather', 'fromBackupApi']);
      primary = 'ok';
      expect(await client.callTool('weather', { city: 'Lima' })).toBe('primary: Lima sunny');
      primary = 'throw';
      backup = 'ok';
      expect(await client.callTool('weather', { city: 'Rome' })).toBe('backup: Rome cloudy');
      primary = 'ok';
      expect(await client.callTool('weather', { city: 'Rome' })).toBe('primary: Rome sunny');
    });

    it('without a default, the method’s own failure reaches the client once every source failed', async () => {
      primary = 'throw';
      backup = 'throw';
      await expect(client.callTool('noDefault', { city: 'Lima' })).rejects.toThrow('primary is down');
    });

    it('does not answer for the caller’s own mistakes', async () => {
      await expect(client.callTool('picky', { city: 'Atlantis' })).rejects.toMatchObject({ category: 'validation' });
      expect(events('fallback_served')).toEqual([]);
    });

    it('works for resources: the default becomes the resource contents', async () => {
      expect(await client.readResource('forecast://paris')).toEqual({ city: 'paris', forecast: 'sunny' });
      primary = 'throw';
      expect(await client.readResource('forecast://paris')).toEqual({ forecast: 'unavailable' });
    });

    it('checks fallback method names when the app is created', async () => {
      @injectable()
      class Broken {
        @Tool()
        @Fallback({ methods: ['fromNowhere'] })
        weather(): string {
          return '';
        }
      }
      await expect(createMcpApp({ name: 'broken', version: '1', providers: [Broken] })).rejects.toThrow(
        '@Fallback on Broken.weather: Broken.fromNowhere is not a method of the class; list other methods of Broken',
      );
      expect(() => Fallback({})).toThrow('@Fallback: give fallback methods, a default, or both');
    });
  });
});

describe.each([['2026-07-28'], ['2025-11-25']])('policies around a method that asks the user (%s)', (protocolVersion) => {
  const CONFIRM = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } as const;

  @injectable()
  class BookingTools {
    @Tool({ description: 'Books after the user confirmed' })
    @Fallback({ default: 'booking unavailable' })
    @Timeout(10_000)
    async book(ctx: ToolContext): Promise<string> {
      const first = await ctx.elicit('Book the room?', CONFIRM);
      const second = await ctx.elicit('Really?', CONFIRM);
      return first.action === 'accept' && second.action === 'accept' && first.content.ok && second.content.ok ? 'booked' : 'not booked';
    }
  }

  const apps = useApps('all');
  let client: TestClient;
  let metrics: RecordingMetrics;
  let capture: ReturnType<typeof captureLogger>;
  const asked: string[] = [];

  beforeAll(async () => {
    metrics = new RecordingMetrics();
    capture = captureLogger('debug');
    ({ client } = await apps.start(
      { name: 'booking', version: '1.0.0', providers: [BookingTools], metrics, logger: capture.logger },
      {
        protocolVersion,
        onElicitation: (params) => {
          asked.push(params.message);
          return { action: 'accept', content: { ok: true } };
        },
      },
    ));
  });

  it('asks the user rather than falling back: a question is not a failure', async () => {
    expect(await client.callTool('book')).toBe('booked');
    expect(asked).toEqual(['Book the room?', 'Really?']);
    const events = capture.entries().map((entry) => entry['event']);
    expect(events).not.toContain('tool_execution_failed');
    expect(events).not.toContain('fallback_attempt_failed');
    expect(events).not.toContain('fallback_served');
    const statuses = metrics.statuses('book');
    expect(statuses.at(-1)).toBe('success');
    expect(statuses.filter((status) => status !== 'success' && status !== 'input_required')).toEqual([]);
  });
});

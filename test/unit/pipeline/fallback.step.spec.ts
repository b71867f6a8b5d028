import type { CallToolResult } from '@modelcontextprotocol/server';
import { IsString } from 'class-validator';
import {
  createMcpApp,
  DEGRADED_META,
  ErrorCategory,
  Fallback,
  McpDefinitionError,
  Prompt,
  text,
  Timeout,
  Tool,
  ToolContext,
  ToolError,
  toolResult,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { InputRequiredSignal } from '../../../src/context/input-rounds';
import { fallbackStep } from '../../../src/pipeline/fallback.step';
import type { Invocation, Step } from '../../../src/pipeline/invocation';
import { offerStale } from '../../../src/pipeline/stale-cache';
import { built, failureOf, invocationOf, runStep, stepHarness, type StepHarness } from './step-harness';

class CityInput {
  @IsString() city!: string;
}

interface Attempt {
  readonly method: string;
  readonly input: unknown;
  readonly context: ToolContext;
}

const state = {
  attempts: [] as Attempt[],
  failing: new Set<string>(),
};

const attempt = (method: string, input: CityInput, context: ToolContext): string => {
  state.attempts.push({ method, input, context });
  if (state.failing.has(method)) throw new ToolError(`${method} is down`, { category: ErrorCategory.EXTERNAL_API });
  return `${method}: sunny in ${input.city}`;
};

@injectable()
class WeatherTools {
  @Tool()
  @Fallback({
    methods: ['fromBackup', 'fromMirror'],
    default: (input: CityInput, error: unknown) => `No weather for ${input.city} (${(error as Error).message})`,
  })
  weather(input: CityInput, ctx: ToolContext): string {
    return attempt('weather', input, ctx);
  }

  fromBackup(input: CityInput, ctx: ToolContext): string {
    return attempt('fromBackup', input, ctx);
  }

  fromMirror(input: CityInput, ctx: ToolContext): string {
    return attempt('fromMirror', input, ctx);
  }

  @Tool()
  @Fallback({ default: 'Weather unavailable' })
  plain(input: CityInput, ctx: ToolContext): string {
    return attempt('plain', input, ctx);
  }

  @Tool()
  @Fallback({ methods: ['fromBackup'] })
  bare(input: CityInput, ctx: ToolContext): string {
    return attempt('bare', input, ctx);
  }

  @Tool()
  @Timeout(100)
  @Fallback({ methods: ['stalled'], default: 'late' })
  slow(input: CityInput, ctx: ToolContext): string {
    return attempt('slow', input, ctx);
  }

  stalled(_input: CityInput, ctx: ToolContext): Promise<string> {
    state.attempts.push({ method: 'stalled', input: _input, context: ctx });
    return new Promise(() => undefined);
  }

  @Prompt()
  @Fallback({ default: 'Describe the weather in general terms.' })
  brief(input: CityInput, ctx: ToolContext): string {
    return attempt('brief', input, ctx);
  }

  @Tool()
  open(): string {
    return 'open';
  }
}

const textOf = (result: unknown): string => ((result as CallToolResult).content[0] as { text: string }).text;
const degradedOf = (result: unknown): unknown => (result as CallToolResult)._meta?.[DEGRADED_META];

describe('fallbackStep', () => {
  let h: StepHarness;

  beforeEach(async () => {
    state.attempts = [];
    state.failing = new Set();
    h = await stepHarness([WeatherTools]);
  });

  afterEach(async () => {
    jest.useRealTimers();
    await h.close();
  });

  const stepOf = (name: string): Step => built(fallbackStep(h.tool(name), h.services));
  const events = (): Record<string, unknown>[] => h.log.entries().filter((entry) => String(entry['event']).startsWith('fallback_'));

  it('is absent without @Fallback', () => {
    expect(fallbackStep(h.tool('open'), h.services)).toBeUndefined();
  });

  it('refuses, when the app is created, fallback methods that are the method itself or not methods of the class', async () => {
    @injectable()
    class SelfFallback {
      @Tool()
      @Fallback({ methods: ['weather'] })
      weather(): string {
        return '';
      }
    }
    @injectable()
    class MissingFallback {
      @Tool()
      @Fallback({ methods: ['nowhere'] })
      weather(): string {
        return '';
      }
    }
    const options = { name: 't', version: '1', logger: { level: 'error' as const }, configSource: { env: {}, envFile: false as const } };
    await expect(createMcpApp({ ...options, providers: [SelfFallback] })).rejects.toThrow(
      new McpDefinitionError('@Fallback on SelfFallback.weather: SelfFallback.weather is the method itself; list other methods of SelfFallback'),
    );
    await expect(createMcpApp({ ...options, providers: [MissingFallback] })).rejects.toThrow(
      new McpDefinitionError(
        '@Fallback on MissingFallback.weather: MissingFallback.nowhere is not a method of the class; list other methods of MissingFallback',
      ),
    );
  });

  it('passes the method’s answer through untouched when it succeeds', async () => {
    const result = await runStep(stepOf('weather'), invocationOf(h.tool('weather'), { city: 'Oslo' }));
    expect(result).toEqual({ content: [{ type: 'text', text: 'weather: sunny in Oslo' }] });
    expect(events()).toEqual([]);
  });

  it('answers from the first fallback method that succeeds, marked degraded, logging each failure', async () => {
    state.failing = new Set(['weather', 'fromBackup']);
    const result = await runStep(stepOf('weather'), invocationOf(h.tool('weather'), { city: 'Oslo' }, { requestId: 7 }));
    expect(textOf(result)).toBe('fromMirror: sunny in Oslo');
    expect(degradedOf(result)).toEqual({ source: 'fallback', method: 'fromMirror' });
    expect(state.attempts.map((a) => a.method)).toEqual(['weather', 'fromBackup', 'fromMirror']);
    expect(events()).toEqual([
      expect.objectContaining({
        event: 'fallback_attempt_failed',
        level: 'warn',
        attempt: 'weather',
        category: 'external_api',
        errorMessage: 'weather is down',
        requestId: 7,
      }),
      expect.objectContaining({ event: 'fallback_attempt_failed', attempt: 'fromBackup', errorType: 'ToolError', errorMessage: 'fromBackup is down' }),
      expect.objectContaining({ event: 'fallback_served', kind: 'tool', name: 'weather', source: 'fallback', method: 'fromMirror' }),
    ]);
  });

  it('gives each fallback method the same input and a context of its own for the same request', async () => {
    state.failing = new Set(['weather']);
    const invocation = invocationOf(h.tool('weather'), { city: 'Oslo' }, { requestId: 'r-9' });
    await runStep(stepOf('weather'), invocation);
    const [primary, backup] = state.attempts;
    expect(backup.input).toBe(primary.input);
    expect(backup.context).not.toBe(primary.context);
    expect(backup.context.requestId).toBe('r-9');
    expect(primary.context).toBe(invocation.context);
  });

  it('answers with the stale entry offered by the cache step once every method failed, before the default', async () => {
    state.failing = new Set(['weather', 'fromBackup', 'fromMirror']);
    const invocation: Invocation = invocationOf(h.tool('weather'), { city: 'Oslo' });
    const stale = toolResult([text('yesterday: rain')]);
    offerStale(invocation, () => stale);
    expect(await runStep(stepOf('weather'), invocation)).toBe(stale);
    expect(state.attempts.map((a) => a.method)).toEqual(['weather', 'fromBackup', 'fromMirror']);
    expect(events().at(-1)).toEqual(expect.objectContaining({ event: 'fallback_served', source: 'stale' }));
  });

  it('answers with the default, built from the input and the last error, once every source failed', async () => {
    state.failing = new Set(['weather', 'fromBackup', 'fromMirror']);
    const result = await runStep(stepOf('weather'), invocationOf(h.tool('weather'), { city: 'Oslo' }));
    expect(textOf(result)).toBe('No weather for Oslo (fromMirror is down)');
    expect(degradedOf(result)).toEqual({ source: 'default' });
    expect(events().at(-1)).toEqual(expect.objectContaining({ event: 'fallback_served', source: 'default' }));
  });

  it('answers with a plain default value, mapped to the result of the handler’s kind', async () => {
    state.failing = new Set(['plain', 'brief']);
    const tool = await runStep(stepOf('plain'), invocationOf(h.tool('plain'), { city: 'Oslo' }));
    expect(tool).toEqual({ content: [{ type: 'text', text: 'Weather unavailable' }], _meta: { [DEGRADED_META]: { source: 'default' } } });
    const prompt = await runStep(built(fallbackStep(h.prompt('brief'), h.services)), invocationOf(h.prompt('brief'), { city: 'Oslo' }));
    expect(prompt).toEqual({
      messages: [{ role: 'user', content: { type: 'text', text: 'Describe the weather in general terms.' } }],
      _meta: { [DEGRADED_META]: { source: 'default' } },
    });
  });

  it('lets the method’s own failure through when every source failed and there is no default', async () => {
    state.failing = new Set(['bare', 'fromBackup']);
    const error = (await failureOf(() => runStep(stepOf('bare'), invocationOf(h.tool('bare'), { city: 'Oslo' })))) as ToolError;
    expect(error.message).toBe('bare is down');
  });

  it('does not answer the caller’s own mistakes nor questions to the client', async () => {
    const step = stepOf('weather');
    for (const failure of [
      new ToolError('bad city', { category: ErrorCategory.VALIDATION }),
      new ToolError('no token', { category: ErrorCategory.AUTHENTICATION }),
      new ToolError('no scope', { category: ErrorCategory.AUTHORIZATION }),
      new InputRequiredSignal('q0', {} as never, {} as never),
    ]) {
      expect(await failureOf(() => step(invocationOf(h.tool('weather'), { city: 'Oslo' }), () => Promise.reject(failure)))).toBe(failure);
    }
    expect(state.attempts).toEqual([]);
    expect(events()).toEqual([]);
  });

  it('bounds each fallback method by the handler’s @Timeout, aborting its own context only', async () => {
    jest.useFakeTimers();
    const invocation = invocationOf(h.tool('slow'), { city: 'Oslo' });
    const primaryTimeout = new ToolError('Tool slow timed out', { category: ErrorCategory.TIMEOUT });
    const answer = stepOf('slow')(invocation, () => Promise.reject(primaryTimeout));
    await jest.advanceTimersByTimeAsync(99);
    const [stalled] = state.attempts;
    expect(stalled.method).toBe('stalled');
    expect(stalled.context.signal.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(textOf(await answer)).toBe('late');
    expect(stalled.context.signal.aborted).toBe(true);
    expect((stalled.context.signal.reason as ToolError).message).toBe(
      'Fallback stalled of tool slow timed out after 100 ms and was cancelled. Try again later, or with a smaller request.',
    );
    expect(invocation.context.signal.aborted).toBe(false);
    expect(events()).toContainEqual(expect.objectContaining({ event: 'fallback_attempt_failed', attempt: 'stalled', category: 'timeout' }));
  });
});

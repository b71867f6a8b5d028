import type { AuthInfo, CallToolResult } from '@modelcontextprotocol/server';
import { IsString } from 'class-validator';
import {
  Cached,
  DEGRADED_META,
  ErrorCategory,
  EVENT_FAILED,
  Fallback,
  RateLimited,
  RequireScopes,
  Timeout,
  Tool,
  ToolError,
  UseInterceptors,
  type McpCall,
  type McpInterceptor,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { authorizeStep } from '../../../src/pipeline/authorize.step';
import { cacheInvalidationStep } from '../../../src/pipeline/cache-invalidation.step';
import { cacheStep } from '../../../src/pipeline/cache.step';
import { fallbackStep } from '../../../src/pipeline/fallback.step';
import { inFlightStep } from '../../../src/pipeline/in-flight.step';
import { interceptorsStep } from '../../../src/pipeline/interceptors.step';
import type { StepFactory } from '../../../src/pipeline/invocation';
import { loggingStep } from '../../../src/pipeline/logging.step';
import { buildPipeline, PIPELINE } from '../../../src/pipeline/pipeline';
import { rateLimitStep } from '../../../src/pipeline/rate-limit.step';
import { timeoutStep } from '../../../src/pipeline/timeout.step';
import { tracingStep } from '../../../src/pipeline/tracing.step';
import { validationStep } from '../../../src/pipeline/validation.step';
import { failureOf, identity, invocationOf, stepHarness, type StepHarness } from './step-harness';

class CityInput {
  @IsString() city!: string;
}

const state = { runs: 0, seen: [] as string[] };

@injectable()
class Recorder implements McpInterceptor {
  async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    state.seen.push(`input:${call.input instanceof CityInput ? 'dto' : 'raw'}`);
    try {
      const result = (await next()) as CallToolResult;
      state.seen.push(`answer:${(result.content[0] as { text: string }).text}`);
      return result;
    } catch (error) {
      state.seen.push(`refused:${(error as ToolError).category}`);
      throw error;
    }
  }
}

@injectable()
class WeatherTools {
  @Tool()
  @UseInterceptors(Recorder)
  @RateLimited({ limit: 2, windowMs: 60_000 })
  @Cached({ ttlMs: 60_000 })
  forecast({ city }: CityInput): string {
    state.runs++;
    return `${city} #${state.runs}`;
  }

  @Tool()
  @RequireScopes('weather:read')
  @RateLimited({ limit: 1, windowMs: 60_000 })
  scoped({ city }: CityInput): string {
    return city;
  }

  @Tool()
  @Cached({ ttlMs: 60_000 })
  @Fallback({ default: 'no forecast right now' })
  @Timeout(100)
  slow({ city }: CityInput): Promise<string> {
    state.runs++;
    return state.runs === 1 ? new Promise(() => undefined) : Promise.resolve(`${city} #${state.runs}`);
  }
}

const verifyToken = async (token: string): Promise<AuthInfo> => ({ token, clientId: 'test', scopes: [] });
const textOf = (result: unknown): string => ((result as CallToolResult).content[0] as { text: string }).text;

describe('PIPELINE', () => {
  it('orders the steps outermost first: tracing, logging, in-flight, authorize, validation, interceptors, rate limit, cache, invalidation, fallback, timeout', () => {
    expect(PIPELINE).toEqual([
      tracingStep,
      loggingStep,
      inFlightStep,
      authorizeStep,
      validationStep,
      interceptorsStep,
      rateLimitStep,
      cacheStep,
      cacheInvalidationStep,
      fallbackStep,
      timeoutStep,
    ]);
  });
});

describe('buildPipeline', () => {
  let h: StepHarness;

  beforeEach(async () => {
    state.runs = 0;
    state.seen = [];
    h = await stepHarness([WeatherTools]);
  });

  afterEach(async () => {
    jest.useRealTimers();
    await h.close();
  });

  const recording =
    (label: string, trail: string[]): StepFactory =>
    () =>
    async (_invocation, next) => {
      trail.push(`${label}>`);
      const result = await next();
      trail.push(`<${label}`);
      return result;
    };

  it('nests the steps in the order given, outermost first, around the method', async () => {
    const trail: string[] = [];
    const run = buildPipeline(h.tool('forecast'), h.services, [recording('a', trail), recording('b', trail), recording('c', trail)]);
    expect(textOf(await run(invocationOf(h.tool('forecast'), { city: 'Oslo' })))).toBe('Oslo #1');
    expect(trail).toEqual(['a>', 'b>', 'c>', '<c', '<b', '<a']);
  });

  it('builds each step once with the definition and the app’s services, leaving out absent ones', async () => {
    const trail: string[] = [];
    const definition = h.tool('forecast');
    const absent = jest.fn(() => undefined);
    const present = jest.fn(recording('present', trail));
    const run = buildPipeline(definition, h.services, [absent, present]);
    await run(invocationOf(definition, { city: 'Oslo' }));
    await run(invocationOf(definition, { city: 'Rome' }));
    expect(absent).toHaveBeenCalledTimes(1);
    expect(absent).toHaveBeenCalledWith(definition, h.services);
    expect(present).toHaveBeenCalledTimes(1);
    expect(trail).toEqual(['present>', '<present', 'present>', '<present']);
  });

  it('runs only the method when no factory builds a step', async () => {
    const run = buildPipeline(h.tool('forecast'), h.services, []);
    expect(await run(invocationOf(h.tool('forecast'), { city: 'Oslo' }))).toEqual({ content: [{ type: 'text', text: 'Oslo #1' }] });
  });

  describe('the app’s pipeline, as discovery composed it', () => {
    it('hands interceptors the validated DTO, and shows them cache hits and rate-limit refusals', async () => {
      const { run } = h.tool('forecast');
      expect(textOf(await run(invocationOf(h.tool('forecast'), { city: 'Oslo' })))).toBe('Oslo #1');
      expect(textOf(await run(invocationOf(h.tool('forecast'), { city: 'Oslo' })))).toBe('Oslo #1');
      const refusal = (await failureOf(() => run(invocationOf(h.tool('forecast'), { city: 'Oslo' })))) as ToolError;
      expect(refusal.category).toBe(ErrorCategory.RATE_LIMIT);
      expect(state.runs).toBe(1);
      expect(state.seen).toEqual(['input:dto', 'answer:Oslo #1', 'input:dto', 'answer:Oslo #1', 'input:dto', 'refused:rate_limit']);
    });

    it('refuses invalid input before the interceptors and spends no rate-limit budget on it', async () => {
      const { run } = h.tool('forecast');
      for (let i = 0; i < 3; i++) {
        expect(((await failureOf(() => run(invocationOf(h.tool('forecast'), { city: 7 })))) as ToolError).category).toBe(ErrorCategory.VALIDATION);
      }
      expect(state.seen).toEqual([]);
      expect(textOf(await run(invocationOf(h.tool('forecast'), { city: 'Oslo' })))).toBe('Oslo #1');
      expect(textOf(await run(invocationOf(h.tool('forecast'), { city: 'Rome' })))).toBe('Rome #2');
    });

    it('checks access before validation, so a refused caller learns nothing of the input schema', async () => {
      await h.close();
      h = await stepHarness([WeatherTools], { auth: { verifyToken } });
      const { run } = h.tool('scoped');
      const anonymous = (await failureOf(() => run(invocationOf(h.tool('scoped'), { city: 7 })))) as ToolError;
      expect(anonymous.category).toBe(ErrorCategory.AUTHENTICATION);
      const unscoped = (await failureOf(() => run(invocationOf(h.tool('scoped'), { wrong: true }, { auth: identity('alice') })))) as ToolError;
      expect(unscoped.category).toBe(ErrorCategory.AUTHORIZATION);
      expect(unscoped.message).not.toMatch(/city/);
      expect(await run(invocationOf(h.tool('scoped'), { city: 'Oslo' }, { auth: identity('alice', ['weather:read']) }))).toEqual({
        content: [{ type: 'text', text: 'Oslo' }],
      });
    });

    it('logs calls refused by the steps below it, once each, with their category', async () => {
      h.services.inFlight.closing = true;
      const error = (await failureOf(() => h.tool('forecast').run(invocationOf(h.tool('forecast'), { city: 'Oslo' })))) as ToolError;
      expect(error.category).toBe(ErrorCategory.SYSTEM);
      const failures = h.log.entries().filter((entry) => entry['event'] === EVENT_FAILED);
      expect(failures).toEqual([expect.objectContaining({ name: 'forecast', category: 'system', severity: 'low' })]);
      expect(h.metrics.statuses('forecast')).toEqual(['system']);
    });

    it('falls back when the method times out, and does not cache the degraded answer', async () => {
      jest.useFakeTimers();
      const { run } = h.tool('slow');
      const first = run(invocationOf(h.tool('slow'), { city: 'Oslo' }));
      await jest.advanceTimersByTimeAsync(100);
      const degraded = (await first) as CallToolResult;
      expect(textOf(degraded)).toBe('no forecast right now');
      expect(degraded._meta?.[DEGRADED_META]).toEqual({ source: 'default' });
      expect(h.log.entries()).toContainEqual(expect.objectContaining({ event: 'fallback_attempt_failed', attempt: 'slow', category: 'timeout' }));
      expect(textOf(await run(invocationOf(h.tool('slow'), { city: 'Oslo' })))).toBe('Oslo #2');
      expect(textOf(await run(invocationOf(h.tool('slow'), { city: 'Oslo' })))).toBe('Oslo #2');
    });
  });
});

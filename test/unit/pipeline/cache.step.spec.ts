import type { CallToolResult } from '@modelcontextprotocol/server';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { Cached, DEGRADED_META, ErrorCategory, InvalidatesCache, STALE_NOTE, Tool, ToolError, text, toolResult } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { cacheStep } from '../../../src/pipeline/cache.step';
import type { Invocation, Step } from '../../../src/pipeline/invocation';
import { takeStale } from '../../../src/pipeline/stale-cache';
import { markDegraded } from '../../../src/protocol/result-meta';
import { FlakyStore } from '../../support/flaky-store';
import { built, deferred, failureOf, identity, invocationOf, runStep, stepHarness, type ContextOptions, type StepHarness } from './step-harness';

class CityInput {
  @IsString() city!: string;
  @IsOptional() @IsInt() days?: number;
}

const state = { runs: 0, failure: undefined as unknown };

const answer = (city: string): string => {
  state.runs++;
  if (state.failure !== undefined) throw state.failure;
  return `${city} #${state.runs}`;
};

@injectable()
@Cached({ ttlMs: 1_000 })
class WeatherTools {
  @Tool()
  forecast({ city }: CityInput): string {
    return answer(city);
  }

  @Tool()
  @InvalidatesCache('weather')
  report({ city }: CityInput): string {
    return answer(city);
  }

  @Tool()
  @Cached({ ttlMs: 1_000, scope: 'global' })
  shared({ city }: CityInput): string {
    return answer(city);
  }

  @Tool()
  @Cached({ ttlMs: 1_000, key: (input: CityInput) => input.city.toLowerCase() })
  keyed({ city }: CityInput): string {
    return answer(city);
  }

  @Tool()
  @Cached({ ttlMs: 1_000, staleIfErrorMs: 5_000 })
  observed({ city }: CityInput): string {
    return answer(city);
  }

  @Tool()
  @Cached({ ttlMs: 1_000, tags: ['weather'] })
  tagged({ city }: CityInput): string {
    return answer(city);
  }

  @Tool()
  @Cached({ ttlMs: 60_000, maxEntries: 2 })
  bounded({ city }: CityInput): string {
    return answer(city);
  }

  @Tool()
  refusal({ city }: CityInput): CallToolResult {
    state.runs++;
    return toolResult([text(`no forecast for ${city}`)], { isError: true });
  }
}

@injectable()
class PlainTools {
  @Tool()
  plain({ city }: CityInput): string {
    return answer(city);
  }
}

const textOf = (result: unknown): string => ((result as CallToolResult).content[0] as { text: string }).text;

describe('cacheStep', () => {
  let h: StepHarness;

  beforeEach(async () => {
    state.runs = 0;
    state.failure = undefined;
    h = await stepHarness([WeatherTools, PlainTools]);
  });

  afterEach(() => h.close());

  const stepOf = (name: string): Step => built(cacheStep(h.tool(name), h.services));
  const call = (step: Step, name: string, input: unknown, context: ContextOptions = {}): Promise<unknown> =>
    runStep(step, invocationOf(h.tool(name), input, context));

  it('is absent without @Cached, and on a mutating handler even under a class-level @Cached', () => {
    expect(cacheStep(h.tool('plain'), h.services)).toBeUndefined();
    expect(cacheStep(h.tool('report'), h.services)).toBeUndefined();
    expect(cacheStep(h.tool('forecast'), h.services)).toBeDefined();
  });

  it('runs the method once and answers the same input from the store until the entry is ttlMs old', async () => {
    const step = stepOf('forecast');
    expect(textOf(await call(step, 'forecast', { city: 'Oslo' }))).toBe('Oslo #1');
    h.clock.advance(999);
    expect(textOf(await call(step, 'forecast', { city: 'Oslo' }))).toBe('Oslo #1');
    h.clock.advance(1);
    expect(textOf(await call(step, 'forecast', { city: 'Oslo' }))).toBe('Oslo #2');
    expect(state.runs).toBe(2);
    expect(h.metrics.misses).toEqual(['forecast', 'forecast']);
    expect(h.metrics.hits).toEqual(['forecast']);
  });

  it('keys on the canonical input: property order does not matter, a different value does', async () => {
    const step = stepOf('forecast');
    await call(step, 'forecast', { city: 'Oslo', days: 2 });
    expect(textOf(await call(step, 'forecast', { days: 2, city: 'Oslo' }))).toBe('Oslo #1');
    expect(textOf(await call(step, 'forecast', { city: 'Oslo', days: 3 }))).toBe('Oslo #2');
  });

  it('keeps entries per principal by default, and one entry for every caller with scope global', async () => {
    const own = stepOf('forecast');
    await call(own, 'forecast', { city: 'Oslo' }, { auth: identity('alice') });
    expect(textOf(await call(own, 'forecast', { city: 'Oslo' }, { auth: identity('bob') }))).toBe('Oslo #2');
    expect(textOf(await call(own, 'forecast', { city: 'Oslo' }, { auth: identity('alice') }))).toBe('Oslo #1');
    const shared = stepOf('shared');
    await call(shared, 'shared', { city: 'Rome' }, { auth: identity('alice') });
    expect(textOf(await call(shared, 'shared', { city: 'Rome' }, { auth: identity('bob') }))).toBe('Rome #3');
  });

  it('keys on the key function of the policy instead of the input', async () => {
    const step = stepOf('keyed');
    await call(step, 'keyed', { city: 'Oslo' });
    expect(textOf(await call(step, 'keyed', { city: 'OSLO', days: 4 }))).toBe('Oslo #1');
  });

  it('never stores an error result, a thrown error nor a degraded answer', async () => {
    const refusal = stepOf('refusal');
    await call(refusal, 'refusal', { city: 'Oslo' });
    await call(refusal, 'refusal', { city: 'Oslo' });
    expect(state.runs).toBe(2);

    const step = stepOf('forecast');
    state.failure = new ToolError('upstream down', { category: ErrorCategory.EXTERNAL_API });
    await expect(call(step, 'forecast', { city: 'Oslo' })).rejects.toBe(state.failure);
    state.failure = undefined;
    expect(textOf(await call(step, 'forecast', { city: 'Oslo' }))).toBe('Oslo #4');

    const degraded = markDegraded(toolResult([text('fallback')]), { source: 'default' });
    const invocation = invocationOf(h.tool('forecast'), { city: 'Lima' });
    expect(await step(invocation, async () => degraded)).toBe(degraded);
    expect(textOf(await call(step, 'forecast', { city: 'Lima' }))).toBe('Lima #5');
  });

  it('shares one execution between concurrent identical calls', async () => {
    const step = stepOf('shared');
    const gate = deferred<unknown>();
    const next = jest.fn(() => gate.promise);
    const first = step(invocationOf(h.tool('shared'), { city: 'Oslo' }), next);
    const second = step(invocationOf(h.tool('shared'), { city: 'Oslo' }), next);
    await new Promise((resolve) => setImmediate(resolve));
    gate.resolve(toolResult([text('once')]));
    expect(textOf(await first)).toBe('once');
    expect(textOf(await second)).toBe('once');
    expect(next).toHaveBeenCalledTimes(1);
    expect(h.metrics.misses).toEqual(['shared']);
    expect(h.metrics.hits).toEqual(['shared']);
  });

  describe('with staleIfErrorMs', () => {
    it('answers a source failure with the expired entry, marked stale with its age', async () => {
      const step = stepOf('observed');
      await call(step, 'observed', { city: 'Oslo' });
      h.clock.advance(3_000);
      state.failure = new Error('socket hang up');
      const stale = (await call(step, 'observed', { city: 'Oslo' })) as CallToolResult;
      expect(stale.content).toEqual([{ type: 'text', text: `Oslo #1 (${STALE_NOTE})` }]);
      expect(stale._meta?.[DEGRADED_META]).toEqual({ source: 'stale', ageMs: 3_000 });
      expect(h.log.entries()).toContainEqual(
        expect.objectContaining({ event: 'stale_cache_served', kind: 'tool', name: 'observed', requestId: 1, level: 'warn' }),
      );
      state.failure = undefined;
      expect(textOf(await call(step, 'observed', { city: 'Oslo' }))).toBe('Oslo #3');
    });

    it('passes the caller’s own mistakes through rather than hiding them behind the stale entry', async () => {
      const step = stepOf('observed');
      await call(step, 'observed', { city: 'Oslo' });
      h.clock.advance(2_000);
      state.failure = new ToolError('not allowed', { category: ErrorCategory.AUTHORIZATION });
      await expect(call(step, 'observed', { city: 'Oslo' })).rejects.toBe(state.failure);
    });

    it('offers the expired entry to the steps below on the invocation, and does not serve it again once taken there', async () => {
      const step = stepOf('observed');
      await call(step, 'observed', { city: 'Oslo' });
      h.clock.advance(1_500);
      const invocation: Invocation = invocationOf(h.tool('observed'), { city: 'Oslo' });
      let taken: unknown;
      const failure = new Error('down');
      const error = await failureOf(() =>
        step(invocation, async () => {
          taken = takeStale(invocation);
          throw failure;
        }),
      );
      expect(error).toBe(failure);
      expect((taken as CallToolResult)._meta?.[DEGRADED_META]).toEqual({ source: 'stale', ageMs: 1_500 });
    });

    it('lets the failure through once the entry is older than ttlMs + staleIfErrorMs', async () => {
      const step = stepOf('observed');
      await call(step, 'observed', { city: 'Oslo' });
      h.clock.advance(6_000);
      state.failure = new Error('socket hang up');
      await expect(call(step, 'observed', { city: 'Oslo' })).rejects.toBe(state.failure);
    });

    it('offers nothing below when the policy keeps no stale entries', async () => {
      const step = stepOf('forecast');
      await call(step, 'forecast', { city: 'Oslo' });
      h.clock.advance(1_500);
      const invocation = invocationOf(h.tool('forecast'), { city: 'Oslo' });
      await step(invocation, async () => toolResult([text('fresh')]));
      expect(invocation.staleAnswer).toBeUndefined();
    });
  });

  it('misses once a tag of the entry is invalidated', async () => {
    const step = stepOf('tagged');
    await call(step, 'tagged', { city: 'Oslo' });
    expect(textOf(await call(step, 'tagged', { city: 'Oslo' }))).toBe('Oslo #1');
    expect(await h.services.cache.invalidate('other')).toBe(true);
    expect(textOf(await call(step, 'tagged', { city: 'Oslo' }))).toBe('Oslo #1');
    await h.services.cache.invalidate('weather');
    expect(textOf(await call(step, 'tagged', { city: 'Oslo' }))).toBe('Oslo #2');
  });

  it('deletes the least recently used entry beyond maxEntries', async () => {
    const step = stepOf('bounded');
    await call(step, 'bounded', { city: 'A' });
    await call(step, 'bounded', { city: 'B' });
    expect(textOf(await call(step, 'bounded', { city: 'A' }))).toBe('A #1');
    await call(step, 'bounded', { city: 'C' });
    expect(textOf(await call(step, 'bounded', { city: 'A' }))).toBe('A #1');
    expect(textOf(await call(step, 'bounded', { city: 'B' }))).toBe('B #4');
  });

  it('runs every call as if uncached while the store is unavailable', async () => {
    await h.close();
    const store = new FlakyStore();
    h = await stepHarness([WeatherTools], { store });
    store.down = true;
    const step = stepOf('forecast');
    expect(textOf(await call(step, 'forecast', { city: 'Oslo' }))).toBe('Oslo #1');
    expect(textOf(await call(step, 'forecast', { city: 'Oslo' }))).toBe('Oslo #2');
    expect(h.metrics.storeErrors).toEqual(['get', 'get']);
    store.down = false;
    await call(step, 'forecast', { city: 'Oslo' });
    expect(textOf(await call(step, 'forecast', { city: 'Oslo' }))).toBe('Oslo #3');
  });
});

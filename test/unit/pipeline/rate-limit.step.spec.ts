import { IsString } from 'class-validator';
import { ErrorCategory, ErrorSeverity, RateLimited, Tool, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import type { Step } from '../../../src/pipeline/invocation';
import { RateLimitInterceptor, rateLimitStep } from '../../../src/pipeline/rate-limit.step';
import { FlakyStore } from '../../support/flaky-store';
import { built, failureOf, identity, invocationOf, stepHarness, type ContextOptions, type StepHarness } from './step-harness';

class TenantInput {
  @IsString() tenant!: string;
}

@injectable()
class SearchTools {
  @Tool()
  open(): string {
    return 'open';
  }

  @Tool()
  @RateLimited({ limit: 2, windowMs: 60_000 })
  search(): string {
    return 'found';
  }

  @Tool()
  @RateLimited({ limit: 1, windowMs: 1_000, scope: 'global' })
  shared(): string {
    return 'shared';
  }

  @Tool()
  @RateLimited({ limit: 1, windowMs: 60_000, key: (input: TenantInput) => `tenant:${input.tenant}` })
  perTenant(_input: TenantInput): string {
    return 'tenant';
  }

  @Tool()
  @RateLimited({ limit: 1, windowMs: 60_000, failMode: 'closed' })
  pay(): string {
    return 'paid';
  }
}

describe('rateLimitStep', () => {
  let h: StepHarness;

  beforeEach(async () => {
    h = await stepHarness([SearchTools]);
  });

  afterEach(() => h.close());

  const call = (step: Step, name: string, input: unknown = {}, context: ContextOptions = {}): Promise<unknown> =>
    step(invocationOf(h.tool(name), input, context), async () => `${name} ran`);

  it('is absent without @RateLimited nor a server-wide limit', () => {
    expect(rateLimitStep(h.tool('open'), h.services)).toBeUndefined();
    expect(rateLimitStep(h.tool('search'), h.services)).toBeDefined();
  });

  it('runs its checks in order and stops at the first refusal, before next', async () => {
    const order: string[] = [];
    const refused = new ToolError('no', { category: ErrorCategory.RATE_LIMIT });
    const interceptor = new RateLimitInterceptor([
      async () => void order.push('server'),
      async () => {
        order.push('handler');
        throw refused;
      },
      async () => void order.push('never'),
    ]);
    const next = jest.fn(async () => 'ran');
    await expect(interceptor.intercept({} as never, next)).rejects.toBe(refused);
    expect(order).toEqual(['server', 'handler']);
    expect(next).not.toHaveBeenCalled();
  });

  it('refuses the call past the budget with a rate_limit error saying when to retry, without running it', async () => {
    const step = built(rateLimitStep(h.tool('search'), h.services));
    expect(await call(step, 'search')).toBe('search ran');
    expect(await call(step, 'search')).toBe('search ran');
    const next = jest.fn(async () => 'ran');
    const error = (await failureOf(() => step(invocationOf(h.tool('search')), next))) as ToolError;
    expect(error).toBeInstanceOf(ToolError);
    expect(error.category).toBe(ErrorCategory.RATE_LIMIT);
    expect(error.severity).toBe(ErrorSeverity.LOW);
    expect(error.message).toBe('Rate limit exceeded for tool search: 2 calls per 1 min. Retry in 30 s.');
    expect(error.details).toEqual({ limit: 2, windowMs: 60_000, retryAfterSeconds: 30, retryAfterMs: 30_000 });
    expect(next).not.toHaveBeenCalled();
    expect(h.metrics.limited).toEqual(['search']);
  });

  it('refills the budget as the clock moves, no sooner than the retry-after it announced', async () => {
    const step = built(rateLimitStep(h.tool('search'), h.services));
    await call(step, 'search');
    await call(step, 'search');
    const { retryAfterMs } = ((await failureOf(() => call(step, 'search'))) as ToolError).details as { retryAfterMs: number };
    h.clock.advance(retryAfterMs - 1);
    expect(await failureOf(() => call(step, 'search'))).toBeInstanceOf(ToolError);
    h.clock.advance(1);
    expect(await call(step, 'search')).toBe('search ran');
  });

  it('keeps one budget per principal by default', async () => {
    const step = built(rateLimitStep(h.tool('search'), h.services));
    const alice = { auth: identity('alice') };
    await call(step, 'search', {}, alice);
    await call(step, 'search', {}, alice);
    expect(await failureOf(() => call(step, 'search', {}, alice))).toBeInstanceOf(ToolError);
    expect(await call(step, 'search', {}, { auth: identity('bob') })).toBe('search ran');
    expect(await call(step, 'search', {}, { sessionId: 's-1' })).toBe('search ran');
  });

  it('shares one budget between every caller with scope global', async () => {
    const step = built(rateLimitStep(h.tool('shared'), h.services));
    expect(await call(step, 'shared', {}, { auth: identity('alice') })).toBe('shared ran');
    const error = (await failureOf(() => call(step, 'shared', {}, { auth: identity('bob') }))) as ToolError;
    expect(error.message).toBe('Rate limit exceeded for tool shared: 1 call per 1 s. Retry in 1 s.');
  });

  it('keys the budget with the key function of the policy, over the principal', async () => {
    const step = built(rateLimitStep(h.tool('perTenant'), h.services));
    expect(await call(step, 'perTenant', { tenant: 'acme' }, { auth: identity('alice') })).toBe('perTenant ran');
    expect(await failureOf(() => call(step, 'perTenant', { tenant: 'acme' }, { auth: identity('bob') }))).toBeInstanceOf(ToolError);
    expect(await call(step, 'perTenant', { tenant: 'globex' }, { auth: identity('alice') })).toBe('perTenant ran');
  });

  it('spends the server-wide budget first, and refuses naming this server', async () => {
    await h.close();
    h = await stepHarness([SearchTools], { rateLimit: { limit: 3, windowMs: 60_000 } });
    const open = built(rateLimitStep(h.tool('open'), h.services));
    const search = built(rateLimitStep(h.tool('search'), h.services));
    await call(open, 'open');
    await call(search, 'search');
    await call(search, 'search');
    const error = (await failureOf(() => call(open, 'open'))) as ToolError;
    expect(error.message).toBe('Rate limit exceeded for this server: 3 calls per 1 min. Retry in 20 s.');
    expect(h.metrics.limited).toEqual(['open']);
  });

  it('does not spend the handler budget on a call the server-wide limit refused', async () => {
    await h.close();
    h = await stepHarness([SearchTools], { rateLimit: { limit: 1, windowMs: 1_000 } });
    const search = built(rateLimitStep(h.tool('search'), h.services));
    await call(search, 'search');
    expect(((await failureOf(() => call(search, 'search'))) as ToolError).message).toMatch(/^Rate limit exceeded for this server/);
    h.clock.advance(1_000);
    expect(await call(search, 'search')).toBe('search ran');
    h.clock.advance(1_000);
    expect(((await failureOf(() => call(search, 'search'))) as ToolError).message).toMatch(/^Rate limit exceeded for tool search/);
  });

  describe('while the store is unavailable', () => {
    let store: FlakyStore;

    beforeEach(async () => {
      await h.close();
      store = new FlakyStore();
      h = await stepHarness([SearchTools], { store });
      store.down = true;
    });

    it('lets the call through by default (fail open), counting the store error', async () => {
      const step = built(rateLimitStep(h.tool('search'), h.services));
      for (let i = 0; i < 3; i++) expect(await call(step, 'search')).toBe('search ran');
      expect(h.metrics.storeErrors).toEqual(['consume', 'consume', 'consume']);
      expect(h.log.entries().filter((entry) => entry['event'] === 'store_unavailable')).toHaveLength(1);
    });

    it('refuses the call with failMode closed, saying the limit cannot be checked', async () => {
      const step = built(rateLimitStep(h.tool('pay'), h.services));
      const next = jest.fn(async () => 'paid');
      const error = (await failureOf(() => step(invocationOf(h.tool('pay')), next))) as ToolError;
      expect(error.category).toBe(ErrorCategory.RATE_LIMIT);
      expect(error.severity).toBe(ErrorSeverity.HIGH);
      expect(error.message).toBe('Rate limit of tool pay cannot be checked right now, so the call was refused. Try again in a moment.');
      expect(error.details).toEqual({ limit: 1, windowMs: 60_000, reason: 'store_unavailable' });
      expect(next).not.toHaveBeenCalled();
      expect(h.metrics.limited).toEqual(['pay']);
    });
  });
});

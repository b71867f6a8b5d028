import { IsString } from 'class-validator';
import { Cached, ErrorCategory, InvalidatesCache, Tool, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { CacheInvalidationInterceptor, cacheInvalidationStep } from '../../../src/pipeline/cache-invalidation.step';
import { cacheStep } from '../../../src/pipeline/cache.step';
import { FlakyStore } from '../../support/flaky-store';
import { built, failureOf, invocationOf, runStep, stepHarness, type StepHarness } from './step-harness';

class SkuInput {
  @IsString() sku!: string;
}

const stock = new Map<string, number>();

@injectable()
class CatalogTools {
  @Tool()
  @Cached({ ttlMs: 60_000, tags: ['catalog'] })
  count({ sku }: SkuInput): number {
    return stock.get(sku) ?? 0;
  }

  @Tool()
  @Cached({ ttlMs: 60_000, tags: ['prices'] })
  price(): number {
    return 10;
  }

  @Tool()
  @InvalidatesCache('catalog')
  restock({ sku }: SkuInput): string {
    stock.set(sku, (stock.get(sku) ?? 0) + 1);
    return 'restocked';
  }

  @Tool()
  @InvalidatesCache('catalog', 'prices')
  wipe(): string {
    throw new ToolError('partly wiped', { category: ErrorCategory.EXTERNAL_API });
  }

  @Tool()
  read(): string {
    return 'read';
  }
}

const countOf = (result: unknown): unknown => (result as { structuredContent?: { result?: unknown } }).structuredContent?.result;

describe('cacheInvalidationStep', () => {
  let h: StepHarness;

  beforeEach(async () => {
    stock.clear();
    h = await stepHarness([CatalogTools]);
  });

  afterEach(() => h.close());

  const count = (): Promise<unknown> => runStep(built(cacheStep(h.tool('count'), h.services)), invocationOf(h.tool('count'), { sku: 'A' })).then(countOf);

  it('is absent without @InvalidatesCache', () => {
    expect(cacheInvalidationStep(h.tool('read'), h.services)).toBeUndefined();
    expect(cacheInvalidationStep(h.tool('count'), h.services)).toBeUndefined();
  });

  it('drops the entries cached under its tags once the mutation has run, so the next read sees the change', async () => {
    expect(await count()).toBe(0);
    stock.set('A', 5);
    expect(await count()).toBe(0);
    const step = built(cacheInvalidationStep(h.tool('restock'), h.services));
    expect(await runStep(step, invocationOf(h.tool('restock'), { sku: 'A' }))).toEqual({ content: [{ type: 'text', text: 'restocked' }] });
    expect(await count()).toBe(6);
  });

  it('invalidates only after the method has answered, not before', async () => {
    const before = await h.services.cache.versions(['catalog']);
    const step = built(cacheInvalidationStep(h.tool('restock'), h.services));
    let during: unknown;
    await step(invocationOf(h.tool('restock'), { sku: 'A' }), async () => {
      during = await h.services.cache.versions(['catalog']);
      return 'done';
    });
    expect(during).toEqual(before);
    expect(await h.services.cache.versions(['catalog'])).not.toEqual(before);
  });

  it('invalidates every tag after a failed mutation too, and passes the failure on', async () => {
    const before = await h.services.cache.versions(['catalog', 'prices']);
    const step = built(cacheInvalidationStep(h.tool('wipe'), h.services));
    const error = (await failureOf(() => runStep(step, invocationOf(h.tool('wipe'))))) as ToolError;
    expect(error.message).toBe('partly wiped');
    const after = (await h.services.cache.versions(['catalog', 'prices']))!;
    expect(after[0]).not.toBe(before![0]);
    expect(after[1]).not.toBe(before![1]);
  });

  it('answers the mutation even when the store cannot invalidate', async () => {
    await h.close();
    const store = new FlakyStore();
    h = await stepHarness([CatalogTools], { store });
    store.down = true;
    const interceptor = new CacheInvalidationInterceptor(h.services.cache, ['catalog']);
    expect(await interceptor.intercept({} as never, async () => 'answered')).toBe('answered');
    expect(store.failures).toEqual(['increment']);
  });
});

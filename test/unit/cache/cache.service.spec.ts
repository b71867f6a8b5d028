import { CacheService, ManualClock, McpDefinitionError, MemoryStore, StoreUnavailableError, type Store } from 'mcp-decorators';
import { StoreGuard } from '../../../src/stores/store-guard';
import { captureLogger } from '../../support/capture-logger';
import { FlakyStore } from '../../support/flaky-store';
import { RecordingMetrics } from '../../support/recording-metrics';

// The module object itself (not an import namespace, whose bindings cannot be spied on):
// CacheService reads `randomInt` from it at each call.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = require('node:crypto') as typeof import('node:crypto');

/** Versions move by random steps in [1, 2^20). */
const MAX_STEP = 2 ** 20;

describe('CacheService', () => {
  let clock: ManualClock;
  let store: MemoryStore;
  let metrics: RecordingMetrics;
  let log: ReturnType<typeof captureLogger>;
  let cache: CacheService;

  beforeEach(() => {
    clock = new ManualClock();
    store = new MemoryStore({ clock });
    metrics = new RecordingMetrics();
    log = captureLogger();
    cache = new CacheService(store, new StoreGuard(log.logger, metrics));
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('versions', () => {
    it('gives a tag never seen a fresh version, stores it, and gives it again', async () => {
      const [first] = (await cache.versions(['weather']))!;
      expect(Number.isSafeInteger(first)).toBe(true);
      expect(first).toBeGreaterThanOrEqual(1);
      expect(first).toBeLessThan(MAX_STEP);
      expect(await store.get('cache-tag:weather')).toBe(first);
      expect(await cache.versions(['weather'])).toEqual([first]);
    });

    it('answers the versions of several tags in the order asked, each tag its own', async () => {
      const steps = jest.spyOn(crypto, 'randomInt') as unknown as jest.SpyInstance<number, [number, number]>;
      steps.mockReturnValueOnce(11).mockReturnValueOnce(22);
      expect(await cache.versions(['a', 'b'])).toEqual([11, 22]);
      expect(await cache.versions(['b', 'a', 'b'])).toEqual([22, 11, 22]);
      expect(steps).toHaveBeenCalledTimes(2);
      expect(steps).toHaveBeenCalledWith(1, MAX_STEP);
    });

    it('answers an empty list for no tags, without touching the store', async () => {
      const spy = jest.spyOn(store, 'get');
      expect(await cache.versions([])).toEqual([]);
      expect(spy).not.toHaveBeenCalled();
    });

    it('versions do not expire with time', async () => {
      const before = await cache.versions(['weather']);
      clock.advance(365 * 24 * 3_600_000);
      expect(await cache.versions(['weather'])).toEqual(before);
    });

    it('a version evicted from a bounded store restarts at a random value, not where it began', async () => {
      const bounded = new MemoryStore({ clock, maxEntries: 1 });
      const service = new CacheService(bounded, new StoreGuard(log.logger, metrics));
      (jest.spyOn(crypto, 'randomInt') as unknown as jest.SpyInstance<number, [number, number]>)
        .mockReturnValueOnce(5)
        .mockReturnValueOnce(9)
        .mockReturnValueOnce(7)
        .mockReturnValueOnce(3);
      expect(await service.versions(['a'])).toEqual([5]);
      expect(await service.invalidate('a')).toBe(true); // 5 + 9
      expect(await service.versions(['a'])).toEqual([14]);
      expect(await service.versions(['b'])).toEqual([7]); // evicts a
      // Not 5 again: entries cached under `a` at version 5 (invalidated since) stay unreachable.
      expect(await service.versions(['a'])).toEqual([3]);
    });
  });

  describe('invalidate', () => {
    it('moves the version of the tag up by a random step, and only that tag’s', async () => {
      const [weather, news] = (await cache.versions(['weather', 'news']))!;
      expect(await cache.invalidate('weather')).toBe(true);
      const [weatherAfter, newsAfter] = (await cache.versions(['weather', 'news']))!;
      expect(weatherAfter! - weather!).toBeGreaterThanOrEqual(1);
      expect(weatherAfter! - weather!).toBeLessThan(MAX_STEP);
      expect(newsAfter).toBe(news);
    });

    it('gives a different version after each invalidation', async () => {
      const seen = new Set<number>();
      for (let i = 0; i < 5; i++) {
        seen.add((await cache.versions(['t']))![0]!);
        await cache.invalidate('t');
      }
      expect(seen.size).toBe(5);
    });

    it('invalidates every tag it is given', async () => {
      const before = (await cache.versions(['a', 'b', 'c']))!;
      expect(await cache.invalidate('a', 'c')).toBe(true);
      const after = (await cache.versions(['a', 'b', 'c']))!;
      expect(after[0]).not.toBe(before[0]);
      expect(after[1]).toBe(before[1]);
      expect(after[2]).not.toBe(before[2]);
    });

    it('invalidating a tag never seen gives it a version, which versions() then keeps', async () => {
      expect(await cache.invalidate('fresh')).toBe(true);
      const stored = await store.get<number>('cache-tag:fresh');
      expect(stored).toBeGreaterThanOrEqual(1);
      expect(await cache.versions(['fresh'])).toEqual([stored]);
    });

    it('with no tags, does nothing and resolves to true', async () => {
      const spy = jest.spyOn(store, 'increment');
      expect(await cache.invalidate()).toBe(true);
      expect(spy).not.toHaveBeenCalled();
    });

    it('refuses a tag that is not a non-empty string, before changing any version', async () => {
      const [a] = (await cache.versions(['a']))!;
      await expect(cache.invalidate('a', '')).rejects.toThrow(McpDefinitionError);
      await expect(cache.invalidate('a', '')).rejects.toThrow('invalidate: tags must be non-empty strings');
      await expect(cache.invalidate('a', 42 as unknown as string)).rejects.toThrow(McpDefinitionError);
      expect(await cache.versions(['a'])).toEqual([a]);
    });
  });

  describe('through a store outage', () => {
    let flaky: FlakyStore;

    beforeEach(() => {
      flaky = new FlakyStore(clock);
      cache = new CacheService(flaky, new StoreGuard(log.logger, metrics));
    });

    it('invalidate resolves to false, counts the failed operation and logs the outage once', async () => {
      flaky.down = true;
      expect(await cache.invalidate('a')).toBe(false);
      expect(await cache.invalidate('b')).toBe(false);
      expect(metrics.storeErrors).toEqual(['increment', 'increment']);
      expect(log.entries().filter((e) => e['event'] === 'store_unavailable')).toHaveLength(1);
      expect(log.entries().find((e) => e['event'] === 'store_unavailable')).toMatchObject({ level: 'warn', operation: 'increment' });
    });

    it('versions resolves to undefined while the store is down, and answers again once it is back (logged as recovered)', async () => {
      const before = await cache.versions(['a']);
      flaky.down = true;
      expect(await cache.versions(['a'])).toBeUndefined();
      expect(metrics.storeErrors).toEqual(['get']);
      flaky.down = false;
      expect(await cache.versions(['a'])).toEqual(before);
      expect(log.entries().map((e) => e['event'])).toEqual(['store_unavailable', 'store_recovered']);
    });

    it('an invalidation that succeeds after an outage ends it', async () => {
      flaky.down = true;
      await cache.invalidate('a');
      flaky.down = false;
      expect(await cache.invalidate('a')).toBe(true);
      expect(log.entries().map((e) => e['event'])).toEqual(['store_unavailable', 'store_recovered']);
    });
  });

  describe('a store failure that is not an outage', () => {
    it('is a defect: invalidate and versions reject with it, and nothing is counted as an outage', async () => {
      const defect = new TypeError('the value under "cache-tag:a" is not an integer');
      const broken: Store = {
        get: () => Promise.reject(defect),
        set: () => Promise.resolve(),
        delete: () => Promise.resolve(),
        consume: () => Promise.reject(defect),
        increment: () => Promise.reject(defect),
        ping: () => Promise.resolve(true),
        close: () => Promise.resolve(),
      };
      const service = new CacheService(broken, new StoreGuard(log.logger, metrics));
      await expect(service.invalidate('a')).rejects.toBe(defect);
      await expect(service.versions(['a'])).rejects.toBe(defect);
      expect(metrics.storeErrors).toEqual([]);
      expect(log.entries()).toEqual([]);
    });

    it('a non-integer under a tag key makes invalidate reject (MemoryStore refuses to increment it)', async () => {
      await store.set('cache-tag:a', 'not a number', 60_000);
      await expect(cache.invalidate('a')).rejects.toThrow(TypeError);
      expect(metrics.storeErrors).toEqual([]);
    });
  });

  it('StoreUnavailableError is what marks an outage', async () => {
    const down: Store = {
      get: () => Promise.reject(new StoreUnavailableError('get', 'down')),
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(),
      consume: () => Promise.reject(new StoreUnavailableError('consume', 'down')),
      increment: () => Promise.reject(new StoreUnavailableError('increment', 'down')),
      ping: () => Promise.resolve(false),
      close: () => Promise.resolve(),
    };
    const service = new CacheService(down, new StoreGuard(log.logger, metrics));
    expect(await service.versions(['a'])).toBeUndefined();
    expect(await service.invalidate('a')).toBe(false);
    expect(metrics.storeErrors).toEqual(['get', 'increment']);
  });
});

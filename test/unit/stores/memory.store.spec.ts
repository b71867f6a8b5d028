import { MemoryStore } from '../../../src/stores/memory.store';
import type { Clock } from '../../../src/stores/store';

describe('MemoryStore', () => {
  /** Time that moves only when told to. */
  class FakeClock implements Clock {
    constructor(public time = 1_750_000_000_000) {}
    now(): number {
      return this.time;
    }
    advance(ms: number): void {
      this.time += ms;
    }
  }

  let clock: FakeClock;
  let store: MemoryStore;

  beforeEach(() => {
    clock = new FakeClock();
    store = new MemoryStore({ clock });
  });

  describe('get / set / delete', () => {
    it('returns what was set, as its JSON round trip', async () => {
      await store.set('k', { a: 1, at: new Date(0), gone: undefined }, 1_000);
      expect(await store.get('k')).toEqual({ a: 1, at: '1970-01-01T00:00:00.000Z' });
      expect(await store.get('missing')).toBeUndefined();
    });

    it('hands out copies, so a caller mutating a read value does not alter the store', async () => {
      await store.set('k', { list: [1] }, 1_000);
      const first = await store.get<{ list: number[] }>('k');
      first?.list.push(2);
      expect(await store.get('k')).toEqual({ list: [1] });
    });

    it('refuses values JSON cannot carry and TTLs that are not positive and finite', async () => {
      await expect(store.set('k', undefined, 1_000)).rejects.toThrow(TypeError);
      await expect(store.set('k', () => 1, 1_000)).rejects.toThrow(TypeError);
      await expect(store.set('k', 1, 0)).rejects.toThrow(RangeError);
      await expect(store.set('k', 1, Infinity)).rejects.toThrow(RangeError);
      expect(store.size).toBe(0);
    });

    it('deletes several keys and ignores absent ones', async () => {
      await store.set('a', 1, 1_000);
      await store.set('b', 2, 1_000);
      await store.set('c', 3, 1_000);
      await store.delete('a', 'b', 'never-set');
      await store.delete();
      expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual([undefined, undefined, 3]);
    });
  });

  describe('TTL follows the injected clock', () => {
    it('keeps an entry for exactly ttlMs, then drops it', async () => {
      await store.set('k', 'v', 1_000);
      clock.advance(999);
      expect(await store.get('k')).toBe('v');
      clock.advance(1);
      expect(await store.get('k')).toBeUndefined();
      expect(store.size).toBe(0);
    });

    it('expires entries written at clock time 0 too', async () => {
      clock.time = 0;
      await store.set('k', 'v', 10);
      clock.advance(10);
      expect(await store.get('k')).toBeUndefined();
    });

    it('restarts the TTL when a key is set again', async () => {
      await store.set('k', 'old', 1_000);
      clock.advance(800);
      await store.set('k', 'new', 1_000);
      clock.advance(800);
      expect(await store.get('k')).toBe('new');
    });
  });

  describe('bounded size (LRU)', () => {
    it('never holds more than maxEntries, whatever is written', async () => {
      const small = new MemoryStore({ maxEntries: 1_000, clock });
      for (let i = 0; i < 100_000; i += 1) await small.set(`key-${i}`, i, 60_000);
      expect(small.size).toBe(1_000);
      expect(await small.get('key-99999')).toBe(99_999);
      expect(await small.get('key-0')).toBeUndefined();
    });

    it('evicts the least recently used entry, a read counting as a use', async () => {
      const small = new MemoryStore({ maxEntries: 2, clock });
      await small.set('a', 1, 60_000);
      await small.set('b', 2, 60_000);
      await small.get('a');
      await small.set('c', 3, 60_000);
      expect([await small.get('a'), await small.get('b'), await small.get('c')]).toEqual([1, undefined, 3]);
    });

    it('rejects a maxEntries that is not a positive integer', () => {
      expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(RangeError);
      expect(() => new MemoryStore({ maxEntries: 1.5 })).toThrow(RangeError);
    });
  });

  describe('consume (GCRA: a bucket of `limit` units refilled one per windowMs / limit)', () => {
    it('allows `limit` calls, then refuses with a retry-after that is enough and not more', async () => {
      const decisions = [];
      for (let i = 0; i < 4; i += 1) decisions.push(await store.consume('caller', 3, 1_000));
      expect(decisions.slice(0, 3)).toEqual([
        { allowed: true, remaining: 2, retryAfterMs: 0 },
        { allowed: true, remaining: 1, retryAfterMs: 0 },
        { allowed: true, remaining: 0, retryAfterMs: 0 },
      ]);
      const refused = decisions[3];
      expect(refused.allowed).toBe(false);
      expect(refused.remaining).toBe(0);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);

      clock.advance(refused.retryAfterMs - 1);
      expect((await store.consume('caller', 3, 1_000)).allowed).toBe(false);
      clock.advance(1);
      expect(await store.consume('caller', 3, 1_000)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    });

    it('gives the whole budget back after a full window of silence', async () => {
      for (let i = 0; i < 3; i += 1) await store.consume('caller', 3, 1_000);
      clock.advance(1_000);
      expect(await store.consume('caller', 3, 1_000)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    });

    it('keeps a separate budget per key', async () => {
      for (let i = 0; i < 3; i += 1) await store.consume('alice', 3, 1_000);
      expect((await store.consume('alice', 3, 1_000)).allowed).toBe(false);
      expect(await store.consume('bob', 3, 1_000)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    });

    it('charges `cost` units and leaves the budget untouched when it refuses', async () => {
      expect(await store.consume('k', 5, 1_000, 3)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
      const refused = await store.consume('k', 5, 1_000, 3);
      expect(refused).toEqual({ allowed: false, remaining: 2, retryAfterMs: 200 });
      expect(await store.consume('k', 5, 1_000, 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    });

    it('holds a steady caller to limit per window over time (plus the initial burst)', async () => {
      let allowed = 0;
      // 10 s of a call every 10 ms against 3 per second: 3 at once, then one per 333.334 ms.
      for (let t = 0; t < 10_000; t += 10) {
        if ((await store.consume('steady', 3, 1_000)).allowed) allowed += 1;
        clock.advance(10);
      }
      expect(allowed).toBe(3 + 29);
    });

    it('stays bounded with 100 000 distinct callers', async () => {
      const small = new MemoryStore({ maxEntries: 1_000, clock });
      let refused = 0;
      for (let i = 0; i < 100_000; i += 1) {
        if (!(await small.consume(`caller-${i}`, 3, 60_000)).allowed) refused += 1;
      }
      expect(refused).toBe(0);
      expect(small.size).toBeLessThanOrEqual(1_000);
    });

    it('forgets a caller once its bucket is full again', async () => {
      await store.consume('k', 3, 1_000);
      expect(store.size).toBe(1);
      clock.advance(334);
      expect(await store.get('k')).toBeUndefined();
    });

    it('rejects arguments that cannot describe a budget', async () => {
      await expect(store.consume('k', 0, 1_000)).rejects.toThrow(RangeError);
      await expect(store.consume('k', 3, 0)).rejects.toThrow(RangeError);
      await expect(store.consume('k', 3, 1_000, 4)).rejects.toThrow(/cost/);
      await expect(store.consume('k', 3, 1_000, 0)).rejects.toThrow(/cost/);
    });
  });

  describe('increment', () => {
    it('creates a counter at 0 and adds to it', async () => {
      expect(await store.increment('n')).toBe(1);
      expect(await store.increment('n', 5)).toBe(6);
      expect(await store.increment('n', -2)).toBe(4);
      expect(await store.get('n')).toBe(4);
    });

    it('adds to an integer that was set, keeping its TTL', async () => {
      await store.set('n', 10, 1_000);
      expect(await store.increment('n')).toBe(11);
      clock.advance(1_000);
      expect(await store.get('n')).toBeUndefined();
    });

    it('refuses a value that is not an integer and a step that is not one', async () => {
      await store.set('s', 'text', 1_000);
      await expect(store.increment('s')).rejects.toThrow(TypeError);
      await expect(store.increment('n', 0.5)).rejects.toThrow(RangeError);
    });
  });

  it('answers ping and forgets everything on close', async () => {
    await store.set('k', 1, 1_000);
    expect(await store.ping()).toBe(true);
    await store.close();
    expect(store.size).toBe(0);
  });
});

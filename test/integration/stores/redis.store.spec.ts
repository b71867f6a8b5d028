import { Redis } from 'ioredis';
import { MemoryStore } from '../../../src/stores/memory.store';
import { RedisStore, type StoreConnectionState } from '../../../src/stores/redis.store';
import type { Clock, RateDecision, Store } from '../../../src/stores/store';
import { StoreUnavailableError } from '../../../src/stores/store-errors';
import {
  TEST_REDIS_URL,
  deleteKeysWithPrefix,
  describeRedis,
  describeRedisServer,
  sleep,
  startRedisServer,
  uniqueKeyPrefix,
  type RedisServerHandle,
} from '../../support/redis';

/** Time that moves only when told to, at a realistic epoch so large timestamps are exercised. */
class FakeClock implements Clock {
  time = 1_750_000_000_123.5;
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

describeRedis('RedisStore against a real Redis', () => {
  const keyPrefix = uniqueKeyPrefix('redis-store');
  const opened: Store[] = [];
  const open = <S extends Store>(store: S): S => {
    opened.push(store);
    return store;
  };

  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await deleteKeysWithPrefix(keyPrefix);
  });

  /*
   * The same table against both stores, both driven by the same kind of fake clock: the Redis
   * store passes it to its Lua script, so both must take identical decisions.
   */
  describe.each([
    ['MemoryStore', (clock: Clock): Store => open(new MemoryStore({ clock }))],
    ['RedisStore', (clock: Clock): Store => open(new RedisStore({ url: TEST_REDIS_URL, keyPrefix, clock }))],
  ])('shared contract: %s', (_name, makeStore) => {
    let clock: FakeClock;
    let store: Store;
    let run = 0;
    // A fresh key space per test, so Redis state never leaks from one case to the next.
    const key = (name: string): string => `contract:${_name}:${run}:${name}`;

    beforeEach(() => {
      run += 1;
      clock = new FakeClock();
      store = makeStore(clock);
    });

    it('allows `limit` calls then refuses with a retry-after that is enough and not more', async () => {
      const decisions: RateDecision[] = [];
      for (let i = 0; i < 4; i += 1) decisions.push(await store.consume(key('c'), 3, 1_000));
      expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ]);
      const { retryAfterMs } = decisions[3];
      expect(retryAfterMs).toBeGreaterThan(0);
      expect(retryAfterMs).toBeLessThanOrEqual(1_000);

      clock.advance(retryAfterMs - 1);
      expect((await store.consume(key('c'), 3, 1_000)).allowed).toBe(false);
      clock.advance(1);
      expect(await store.consume(key('c'), 3, 1_000)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    });

    it('keeps separate budgets per key and restores a budget after a window of silence', async () => {
      for (let i = 0; i < 3; i += 1) await store.consume(key('alice'), 3, 1_000);
      expect((await store.consume(key('alice'), 3, 1_000)).allowed).toBe(false);
      expect((await store.consume(key('bob'), 3, 1_000)).remaining).toBe(2);
      clock.advance(1_000);
      expect((await store.consume(key('alice'), 3, 1_000)).remaining).toBe(2);
    });

    it('charges `cost` units and leaves the budget untouched when it refuses', async () => {
      expect(await store.consume(key('k'), 5, 1_000, 3)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
      expect(await store.consume(key('k'), 5, 1_000, 3)).toEqual({ allowed: false, remaining: 2, retryAfterMs: 200 });
      expect(await store.consume(key('k'), 5, 1_000, 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    });

    it('stores JSON values, deletes several keys and counts', async () => {
      await store.set(key('v'), { a: [1, 'x'], at: new Date(0) }, 60_000);
      expect(await store.get(key('v'))).toEqual({ a: [1, 'x'], at: '1970-01-01T00:00:00.000Z' });
      expect(await store.get(key('absent'))).toBeUndefined();
      expect(await store.increment(key('n'))).toBe(1);
      expect(await store.increment(key('n'), 4)).toBe(5);
      expect(await store.get(key('n'))).toBe(5);
      await store.delete(key('v'), key('n'), key('never'));
      expect([await store.get(key('v')), await store.get(key('n'))]).toEqual([undefined, undefined]);
      await expect(store.set(key('u'), undefined, 1_000)).rejects.toThrow(TypeError);
      await expect(store.consume(key('c'), 3, 1_000, 4)).rejects.toThrow(RangeError);
    });
  });

  describe('Redis specifics', () => {
    let raw: Redis;
    beforeAll(() => {
      raw = new Redis(TEST_REDIS_URL);
    });
    afterAll(async () => {
      await raw.quit();
    });

    it('writes JSON under the key prefix with a PX TTL, which Redis enforces', async () => {
      const store = open(new RedisStore({ url: TEST_REDIS_URL, keyPrefix }));
      await store.set('ttl', { a: 1 }, 5_000);
      expect(await raw.get(`${keyPrefix}ttl`)).toBe('{"a":1}');
      const pttl = await raw.pttl(`${keyPrefix}ttl`);
      expect(pttl).toBeGreaterThan(4_000);
      expect(pttl).toBeLessThanOrEqual(5_000);

      await store.set('short', 1, 40);
      await sleep(100);
      expect(await store.get('short')).toBeUndefined();
    });

    it('uses Redis server time when no clock is given: waiting retryAfterMs is enough', async () => {
      // 2 per 3 s: a unit comes back every 1.5 s, far longer than three round trips take even on a
      // loaded machine (with 2 per 300 ms a slow second call could rightly win a unit back).
      const store = open(new RedisStore({ url: TEST_REDIS_URL, keyPrefix }));
      expect((await store.consume('server-time', 2, 3_000)).allowed).toBe(true);
      expect((await store.consume('server-time', 2, 3_000)).allowed).toBe(true);
      const refused = await store.consume('server-time', 2, 3_000);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(1_500);
      await sleep(refused.retryAfterMs);
      expect((await store.consume('server-time', 2, 3_000)).allowed).toBe(true);
      // The state expires by itself once the bucket would be full again.
      expect(await raw.pttl(`${keyPrefix}server-time`)).toBeLessThanOrEqual(3_000);
    });

    it('takes exactly the decisions MemoryStore takes on a seeded random workload', async () => {
      const redisClock = new FakeClock();
      const redis = open(new RedisStore({ url: TEST_REDIS_URL, keyPrefix, clock: redisClock }));
      const fromRedis = await randomWorkload(redis, redisClock, 'random');
      const memoryClock = new FakeClock();
      const fromMemory = await randomWorkload(open(new MemoryStore({ clock: memoryClock })), memoryClock, 'random');
      expect(fromRedis).toEqual(fromMemory);
      // The workload must reach both outcomes, or the comparison proves little.
      expect(fromRedis.filter((d) => d.allowed).length).toBeGreaterThan(10);
      expect(fromRedis.filter((d) => !d.allowed).length).toBeGreaterThan(10);
    });

    it('is atomic across connections: 200 concurrent consumes on two stores, limit 50 → exactly 50', async () => {
      const a = open(new RedisStore({ url: TEST_REDIS_URL, keyPrefix }));
      const b = open(new RedisStore({ url: TEST_REDIS_URL, keyPrefix }));
      // A 10-minute window: no unit comes back while the test runs, so 50 is exact.
      const decisions = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).consume('race', 50, 600_000)));
      const allowed = decisions.filter((d) => d.allowed);
      expect(allowed).toHaveLength(50);
      // Each grant saw the budget the previous one left: no two calls read the same state.
      expect(allowed.map((d) => d.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('reports a wrong value type as the bug it is, not as an outage', async () => {
      const store = open(new RedisStore({ url: TEST_REDIS_URL, keyPrefix }));
      await store.set('text', 'not a number', 5_000);
      const failure = store.increment('text');
      await expect(failure).rejects.toThrow(/not an integer/);
      await expect(failure).rejects.not.toBeInstanceOf(StoreUnavailableError);
    });

    it('works when used right after construction, before the connection is up', async () => {
      const store = open(new RedisStore({ url: TEST_REDIS_URL, keyPrefix }));
      expect(await store.increment('first-call')).toBe(1);
    });

    it('leaves an injected client open on close', async () => {
      const client = new Redis(TEST_REDIS_URL);
      const store = new RedisStore({ client, keyPrefix });
      expect(await store.ping()).toBe(true);
      await store.close();
      expect(await client.ping()).toBe('PONG');
      await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await store.ping()).toBe(false);
      await client.quit();
    });
  });
});

describeRedisServer('RedisStore when Redis fails', () => {
  const commandTimeoutMs = 500;
  // Liveness bound, not a performance threshold: a call must end, not hang.
  const livenessMs = 2_000;
  let server: RedisServerHandle;
  let store: RedisStore;
  const states: StoreConnectionState[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    store = new RedisStore({ url: server.url, commandTimeoutMs });
    store.onStateChange((state) => states.push(state));
  });

  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  /** Runs `call`, expecting a StoreUnavailableError within the liveness bound. */
  async function expectUnavailable(call: () => Promise<unknown>): Promise<number> {
    const started = Date.now();
    await expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(livenessMs);
    return elapsed;
  }

  async function waitUntilAvailable(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await store.ping())) {
      if (Date.now() > deadline) throw new Error('the store did not reconnect within 10 s');
      await sleep(50);
    }
  }

  it('serves, fails fast while Redis is dead, and resumes when it is back, with the same store', async () => {
    await store.set('k', 'before', 60_000);
    expect(await store.get('k')).toBe('before');
    expect(states).toEqual(['available']);

    await server.kill();
    await expectUnavailable(() => store.get('k'));
    await expectUnavailable(() => store.set('k', 'during', 60_000));
    await expectUnavailable(() => store.consume('c', 3, 1_000));
    await expectUnavailable(() => store.increment('n'));
    await expectUnavailable(() => store.delete('k'));
    expect(await store.ping()).toBe(false);
    // Let a few reconnect attempts fail: the outage is still reported once.
    await sleep(400);
    expect(states).toEqual(['available', 'unavailable']);

    await server.restart();
    await waitUntilAvailable();
    await store.set('k', 'after', 60_000);
    expect(await store.get('k')).toBe('after');
    expect((await store.consume('c', 3, 1_000)).allowed).toBe(true);
    expect(states).toEqual(['available', 'unavailable', 'available']);
  });

  it('bounds every call by commandTimeoutMs when Redis hangs, and recovers when it answers again', async () => {
    await waitUntilAvailable();
    server.pause();
    try {
      const elapsed = await expectUnavailable(() => store.get('k'));
      // It did wait for an answer (a hang, not a refused connection) before giving up.
      expect(elapsed).toBeGreaterThanOrEqual(commandTimeoutMs - 50);
      await expectUnavailable(() => store.consume('c', 3, 1_000));
      expect(await store.ping()).toBe(false);
    } finally {
      server.resume();
    }
    await waitUntilAvailable();
    await store.set('k', 'resumed', 60_000);
    expect(await store.get('k')).toBe('resumed');
  });

  it('fails fast instead of hanging when Redis was never there', async () => {
    const port = server.port;
    await server.stop();
    const orphan = new RedisStore({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs });
    try {
      await expectUnavailable(() => orphan.get('k'));
      expect(await orphan.ping()).toBe(false);
    } finally {
      await orphan.close();
      await server.restart();
    }
  });
});

/** A deterministic mix of costs, keys and clock moves, recorded as the decisions it got. */
async function randomWorkload(store: Store, clock: FakeClock, prefix: string): Promise<RateDecision[]> {
  let seed = 42;
  const random = (): number => {
    // mulberry32: tiny, seeded, good enough to vary a workload reproducibly.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const decisions: RateDecision[] = [];
  for (let i = 0; i < 120; i += 1) {
    const key = `${prefix}:${Math.floor(random() * 3)}`;
    const cost = 1 + Math.floor(random() * 3);
    decisions.push(await store.consume(key, 7, 5_000, cost));
    clock.advance(Math.floor(random() * 400) + (random() < 0.5 ? 0.25 : 0));
  }
  return decisions;
}

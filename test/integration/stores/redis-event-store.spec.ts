import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { Redis } from 'ioredis';
import { RedisEventStore } from '../../../src/stores/redis-event-store';
import { RedisStore } from '../../../src/stores/redis.store';
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

const notification = (n: number): JSONRPCMessage => ({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: `event ${n}` } });

/** Replays after `eventId`, collecting what is sent. */
async function replay(store: RedisEventStore, eventId: string): Promise<{ streamId: string; sent: Array<[string, JSONRPCMessage]> }> {
  const sent: Array<[string, JSONRPCMessage]> = [];
  const streamId = await store.replayEventsAfter(eventId, { send: async (id, message) => void sent.push([id, message]) });
  return { streamId, sent };
}

describeRedis('RedisEventStore against a real Redis', () => {
  const keyPrefix = uniqueKeyPrefix('event-store');
  const stores: RedisStore[] = [];
  const redisStore = (): RedisStore => {
    // A generous deadline: on a loaded machine a new connection can take a while, and a missed
    // deadline would (rightly) degrade storeEvent to an id that cannot be resumed from.
    const store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix, commandTimeoutMs: 5_000 });
    stores.push(store);
    return store;
  };
  let raw: Redis;

  beforeAll(() => {
    raw = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await deleteKeysWithPrefix(keyPrefix);
    await raw.quit();
  });

  it('replays the events after a Last-Event-ID, in order, from another connection', async () => {
    const writer = new RedisEventStore(redisStore());
    const ids: string[] = [];
    for (let n = 1; n <= 4; n += 1) ids.push(await writer.storeEvent('session-a/_GET_stream', notification(n)));
    expect(new Set(ids).size).toBe(4);

    // Another RedisStore, another connection: what a reconnecting client reaches.
    const reader = new RedisEventStore(redisStore());
    expect(await reader.getStreamIdForEventId(ids[1]!)).toBe('session-a/_GET_stream');
    const { streamId, sent } = await replay(reader, ids[1]!);
    expect(streamId).toBe('session-a/_GET_stream');
    expect(sent).toEqual([
      [ids[2], notification(3)],
      [ids[3], notification(4)],
    ]);
    // Resuming from the last event replays nothing, and is not an error.
    expect((await replay(reader, ids[3]!)).sent).toEqual([]);
  });

  it('keeps streams apart and skips priming events', async () => {
    const store = new RedisEventStore(redisStore());
    const priming = await store.storeEvent('s1', {} as JSONRPCMessage);
    await store.storeEvent('s2', notification(100));
    await store.storeEvent('s1', notification(1));
    await store.storeEvent('s1', {} as JSONRPCMessage);
    await store.storeEvent('s2', notification(200));
    await store.storeEvent('s1', notification(2));
    const { sent } = await replay(store, priming);
    expect(sent.map(([, message]) => message)).toEqual([notification(1), notification(2)]);
  });

  it('round-trips stream ids with separators, spaces and non-ASCII characters', async () => {
    const store = new RedisEventStore(redisStore());
    const streamId = 'sess.1/ü strom_2.';
    const first = await store.storeEvent(streamId, notification(1));
    const second = await store.storeEvent(streamId, notification(2));
    expect(first).toMatch(/^[A-Za-z0-9_-]+\.\d+-\d+$/);
    expect(await store.getStreamIdForEventId(first)).toBe(streamId);
    expect(await replay(store, first)).toEqual({ streamId, sent: [[second, notification(2)]] });
  });

  it('refuses unknown, malformed and foreign-looking event ids', async () => {
    const store = new RedisEventStore(redisStore());
    const real = await store.storeEvent('s-unknown', notification(1));
    const [encoded] = real.split('.');
    for (const bad of ['', 'nope', '.1-0', `${encoded}.9-9`, `${encoded}.1-0; DROP`, `${encoded}.unstored-abc`, 'bm8=.1-0']) {
      expect(await store.getStreamIdForEventId(bad)).toBeUndefined();
      await expect(replay(store, bad)).rejects.toThrow(/unknown or expired event id/);
    }
  });

  it('keeps at most maxEventsPerStream events and refuses a resume from a trimmed one', async () => {
    const store = new RedisEventStore(redisStore(), { maxEventsPerStream: 3 });
    const ids: string[] = [];
    for (let n = 1; n <= 6; n += 1) ids.push(await store.storeEvent('bounded', notification(n)));
    expect(await raw.xlen(`${keyPrefix}events:bounded`)).toBe(3);
    await expect(replay(store, ids[2]!)).rejects.toThrow(/unknown or expired/);
    expect((await replay(store, ids[3]!)).sent.map(([, m]) => m)).toEqual([notification(5), notification(6)]);
  });

  it('expires a stream ttlMs after its last event', async () => {
    const store = new RedisEventStore(redisStore(), { ttlMs: 60_000 });
    await store.storeEvent('ttl', notification(1));
    const pttl = await raw.pttl(`${keyPrefix}events:ttl`);
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);

    const short = new RedisEventStore(redisStore(), { ttlMs: 50 });
    const id = await short.storeEvent('short', notification(1));
    await sleep(150);
    await expect(replay(short, id)).rejects.toThrow(/unknown or expired/);
  });

  it('validates its options', () => {
    expect(() => new RedisEventStore(redisStore(), { maxEventsPerStream: 0 })).toThrow(RangeError);
    expect(() => new RedisEventStore(redisStore(), { ttlMs: 1.5 })).toThrow(/ttlMs must be a positive integer/);
  });
});

describeRedisServer('RedisEventStore when Redis fails', () => {
  let server: RedisServerHandle;
  let redisStore: RedisStore;
  let store: RedisEventStore;

  beforeAll(async () => {
    server = await startRedisServer();
    redisStore = new RedisStore({ url: server.url, commandTimeoutMs: 300 });
    store = new RedisEventStore(redisStore);
  });
  afterAll(async () => {
    await redisStore.close();
    await server.stop();
  });

  it('keeps messages flowing without a resume point while Redis is down, and resumes storing after', async () => {
    const before = await store.storeEvent('s', notification(1));

    await server.kill();
    const started = Date.now();
    const during = await store.storeEvent('s', notification(2));
    // Liveness bound, not a performance threshold: the message is not held up by the outage.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(during).not.toBe(before);
    await expect(replay(store, during)).rejects.toThrow(/unknown or expired/);
    await expect(store.getStreamIdForEventId(before)).rejects.toBeInstanceOf(StoreUnavailableError);

    await server.restart();
    const deadline = Date.now() + 10_000;
    while (!(await redisStore.ping())) {
      if (Date.now() > deadline) throw new Error('the store did not reconnect within 10 s');
      await sleep(50);
    }
    const first = await store.storeEvent('s', notification(3));
    await store.storeEvent('s', notification(4));
    expect((await replay(store, first)).sent.map(([, m]) => m)).toEqual([notification(4)]);
  });
});

import type { ServerEvent } from '@modelcontextprotocol/server';
import { Redis } from 'ioredis';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, type Logger } from '../../../src/logging/logger';
import { RedisEventBus, defaultEventChannel, type RedisEventBusOptions } from '../../../src/stores/redis-event-bus';
import { TEST_REDIS_URL, describeRedis, describeRedisServer, startRedisServer, uniqueKeyPrefix, type RedisServerHandle } from '../../support/redis';

/*
 * Two buses on one channel stand for two replicas of an app: what one publishes reaches the
 * listeners of both exactly once, garbage on the channel is ignored, and a Redis outage costs
 * only the cross-replica delivery, which comes back by itself with Redis.
 */

/** Liveness bound for anything that crosses Redis: generous, it is not a performance threshold. */
const WAIT_MS = 20_000;

/** Polls `probe` until it holds, failing after `timeoutMs`. */
async function eventually(probe: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A logger whose JSON lines are kept in memory (and not printed). */
function captureLogger(): { logger: Logger; entries(): Record<string, unknown>[]; count(event: string): number } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((line) => line.length > 0),
      );
      done();
    },
  });
  const logger = createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream: sink })] });
  logger.remove(logger.transports[0]!); // the stderr transport: keep test output quiet
  const entries = (): Record<string, unknown>[] => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, entries, count: (event) => entries().filter((entry) => entry['event'] === event).length };
}

/** A listener that records what it receives. */
function recorder(): { events: ServerEvent[]; listener: (event: ServerEvent) => void } {
  const events: ServerEvent[] = [];
  return { events, listener: (event) => void events.push(event) };
}

const toolsChanged: ServerEvent = { kind: 'tools_list_changed' };

describe('defaultEventChannel', () => {
  it('derives the channel from the app name, beside the default key prefix', () => {
    expect(defaultEventChannel('shop')).toBe('mcp:shop:events');
  });
});

describe('RedisEventBus options', () => {
  const { logger } = captureLogger();

  it('refuses url and publisher together, an empty channel, and the publisher as subscriber', () => {
    const publisher = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    expect(() => new RedisEventBus({ url: TEST_REDIS_URL, publisher, channel: 'c', logger })).toThrow(TypeError);
    expect(() => new RedisEventBus({ publisher, channel: '', logger })).toThrow(TypeError);
    expect(() => new RedisEventBus({ publisher, subscriber: publisher, channel: 'c', logger })).toThrow(TypeError);
    expect(() => new RedisEventBus({ publisher, subscriber: () => publisher, channel: 'c', logger })).toThrow(TypeError);
    expect(() => new RedisEventBus({ publisher, channel: 'c', logger, maxMessageBytes: 0 })).toThrow(RangeError);
    publisher.disconnect();
  });
});

describeRedis('RedisEventBus against a real Redis', () => {
  const buses: RedisEventBus[] = [];
  const clients: Redis[] = [];
  let raw: Redis;

  /** A bus on `channel`, opening its own connections unless told otherwise. */
  async function bus(channel: string, options: Partial<RedisEventBusOptions> = {}): Promise<RedisEventBus & { log: ReturnType<typeof captureLogger> }> {
    const log = captureLogger();
    const created = new RedisEventBus({ url: options.publisher ? undefined : TEST_REDIS_URL, channel, logger: log.logger, ...options });
    buses.push(created);
    await created.ready();
    return Object.assign(created, { log });
  }

  function client(): Redis {
    const created = new Redis(TEST_REDIS_URL);
    clients.push(created);
    return created;
  }

  const newChannel = (): string => `${uniqueKeyPrefix('event-bus')}events`;

  beforeAll(() => {
    raw = client();
  });
  afterAll(async () => {
    await Promise.all(buses.map((each) => each.close()));
    await Promise.all(clients.map((each) => (each.status === 'end' ? undefined : each.quit())));
  });

  it('delivers an event published on one replica once to the listeners of each', async () => {
    const channel = newChannel();
    const a = await bus(channel);
    const b = await bus(channel);
    const onA = recorder();
    const onB = recorder();
    a.subscribe(onA.listener);
    b.subscribe(onB.listener);

    const updated: ServerEvent = { kind: 'resource_updated', uri: 'file:///a.txt', params: { uri: 'file:///a.txt', _meta: { trace: 't-1' } } };
    a.publish(toolsChanged);
    a.publish(updated);
    // Local delivery is synchronous: nothing has been awaited yet.
    expect(onA.events).toEqual([toolsChanged, updated]);

    await eventually(() => onB.events.length >= 2, 'delivery to B');
    expect(onB.events).toEqual([toolsChanged, updated]);

    // A barrier: B publishes only after receiving A's events, so when B's marker reaches A,
    // Redis has already sent A the echo of its own events, which A must have ignored.
    const marker: ServerEvent = { kind: 'prompts_list_changed' };
    b.publish(marker);
    await eventually(() => onA.events.length >= 3, 'delivery of the marker to A');
    expect(onA.events).toEqual([toolsChanged, updated, marker]);
    expect(onB.events).toEqual([toolsChanged, updated, marker]);
    expect(a.subscribed && b.subscribed).toBe(true);
  });

  it('stops delivering to a listener once unsubscribed; unsubscribing twice is harmless', async () => {
    const channel = newChannel();
    const a = await bus(channel);
    const b = await bus(channel);
    const gone = recorder();
    const kept = recorder();
    const twice = recorder();
    const offGone = b.subscribe(gone.listener);
    b.subscribe(kept.listener);
    const offTwiceFirst = b.subscribe(twice.listener);
    b.subscribe(twice.listener); // the same function twice: two subscriptions
    expect(b.listenerCount).toBe(4);

    offGone();
    offGone();
    offTwiceFirst();
    offTwiceFirst();
    expect(b.listenerCount).toBe(2);

    a.publish(toolsChanged);
    await eventually(() => kept.events.length === 1, 'delivery to the kept listener');
    // Delivered in the same loop as `kept`: had `gone` still been subscribed, it would have it.
    expect(gone.events).toEqual([]);
    expect(twice.events).toEqual([toolsChanged]);
  });

  it('keeps delivering to the other listeners when one throws, and logs it', async () => {
    const channel = newChannel();
    const a = await bus(channel);
    const b = await bus(channel);
    const afterA = recorder();
    const afterB = recorder();
    a.subscribe(() => {
      throw new Error('listener bug');
    });
    a.subscribe(afterA.listener);
    b.subscribe(() => {
      throw new Error('listener bug');
    });
    b.subscribe(afterB.listener);

    expect(() => a.publish(toolsChanged)).not.toThrow();
    expect(afterA.events).toEqual([toolsChanged]);
    await eventually(() => afterB.events.length === 1, 'delivery to B');
    expect(a.log.count('event_bus_listener_failed')).toBe(1);
    expect(b.log.count('event_bus_listener_failed')).toBe(1);
    expect(b.log.entries().find((entry) => entry['event'] === 'event_bus_listener_failed')).toMatchObject({ level: 'error', errorMessage: 'listener bug' });
  });

  it('ignores garbled and hostile messages on the channel and keeps working', async () => {
    const channel = newChannel();
    const a = await bus(channel);
    const b = await bus(channel);
    const onB = recorder();
    b.subscribe(onB.listener);

    const envelope = (event: unknown, extra: Record<string, unknown> = {}): string => JSON.stringify({ v: 1, origin: 'stranger', event, ...extra });
    const garbage = [
      'not json',
      '',
      'null',
      '42',
      '"a string"',
      '[]',
      '{}',
      JSON.stringify({ origin: 'stranger', event: toolsChanged }), // no version
      envelope(toolsChanged, { v: 2 }), // a version this bus does not know
      envelope(toolsChanged, { origin: 7 }),
      envelope(toolsChanged, { origin: '' }),
      envelope(null),
      envelope([toolsChanged]),
      envelope({ kind: 'tools_deleted' }),
      envelope({ kind: '__proto__' }),
      envelope({ kind: 'resource_updated' }),
      envelope({ kind: 'resource_updated', uri: 42 }),
      envelope({ kind: 'resource_updated', uri: { toString: 'x' } }),
      envelope({ kind: 'tools_list_changed', params: [1, 2] }),
      envelope({ kind: 'tools_list_changed', params: 'x' }),
      envelope({ kind: 'tools_list_changed', params: { _meta: 'x' } }),
      envelope({ kind: 'tools_list_changed', params: { padding: 'x'.repeat(70 * 1024) } }), // valid, but too big
      '{"v":1,"origin":"stranger","event":{"kind":"tools_list_changed"}', // truncated
    ];
    for (const message of garbage) await raw.publish(channel, message);
    // Sent last on the same connection, so it reaches B after all the garbage.
    await raw.publish(channel, envelope({ kind: 'resource_updated', uri: 'mem://ok', extra: 'dropped', params: { uri: 'mem://ok' } }, { junk: true }));

    await eventually(() => onB.events.length >= 1, 'delivery of the valid message');
    // Only what a ServerEvent holds is passed on.
    expect(onB.events).toEqual([{ kind: 'resource_updated', uri: 'mem://ok', params: { uri: 'mem://ok' } }]);
    expect(b.log.count('event_bus_message_dropped')).toBe(garbage.length);
    const dropped = b.log.entries().filter((entry) => entry['event'] === 'event_bus_message_dropped');
    expect(dropped.every((entry) => entry['level'] === 'debug')).toBe(true);
    // The content of a hostile message stays out of the logs.
    expect(JSON.stringify(dropped)).not.toContain('xxxxxxxx');

    // Still working both ways.
    a.publish(toolsChanged);
    await eventually(() => onB.events.length === 2, 'delivery after the garbage');
    expect(onB.events[1]).toEqual(toolsChanged);
  });

  it('treats a message stamped with its own id as its own echo', async () => {
    const channel = newChannel();
    const b = await bus(channel);
    const onB = recorder();
    b.subscribe(onB.listener);
    await raw.publish(channel, JSON.stringify({ v: 1, origin: b.instanceId, event: toolsChanged }));
    await raw.publish(channel, JSON.stringify({ v: 1, origin: 'other', event: { kind: 'prompts_list_changed' } }));
    await eventually(() => onB.events.length >= 1, 'delivery of the other message');
    expect(onB.events).toEqual([{ kind: 'prompts_list_changed' }]);
  });

  it('delivers locally but does not send what other replicas could not read', async () => {
    const channel = newChannel();
    const a = await bus(channel);
    const b = await bus(channel);
    const onA = recorder();
    const onB = recorder();
    a.subscribe(onA.listener);
    b.subscribe(onB.listener);

    const bigint = { kind: 'tools_list_changed', params: { n: 1n } } as unknown as ServerEvent;
    const huge: ServerEvent = { kind: 'tools_list_changed', params: { padding: 'x'.repeat(70 * 1024) } };
    const unknownKind = { kind: 'nope' } as unknown as ServerEvent;
    expect(() => a.publish(bigint)).not.toThrow();
    expect(() => a.publish(huge)).not.toThrow();
    expect(() => a.publish(unknownKind)).not.toThrow();
    expect(onA.events).toEqual([bigint, huge, unknownKind]);
    await eventually(() => a.log.count('event_bus_event_not_sent') >= 3, 'the warnings');
    expect(a.log.count('event_bus_event_not_sent')).toBe(3);

    a.publish(toolsChanged);
    await eventually(() => onB.events.length >= 1, 'delivery of the valid event');
    expect(onB.events).toEqual([toolsChanged]);
  });

  it('closes only what it opened: a given publisher and subscriber stay open', async () => {
    const channel = newChannel();
    const publisher = client();
    const sharedSubscriber = client();
    const given = await bus(channel, { publisher, subscriber: sharedSubscriber });
    const created: Redis[] = [];
    const owning = await bus(channel, {
      publisher,
      subscriber: () => {
        const subscriber = new Redis(TEST_REDIS_URL);
        created.push(subscriber);
        return subscriber;
      },
    });
    const defaulted = await bus(channel, { publisher });

    await given.close();
    await given.close(); // idempotent
    await owning.close();
    await defaulted.close();

    expect(publisher.status).toBe('ready');
    expect(await publisher.ping()).toBe('PONG');
    expect(sharedSubscriber.status).toBe('ready');
    expect(created.map((each) => each.status)).toEqual(['end']);
    // The given subscriber no longer listens on the channel.
    expect(await raw.pubsub('NUMSUB', channel)).toEqual([channel, 0]);

    // A closed bus still serves its local listeners and never throws.
    const local = recorder();
    given.subscribe(local.listener);
    expect(() => given.publish(toolsChanged)).not.toThrow();
    expect(local.events).toEqual([toolsChanged]);
  });
});

describeRedisServer('RedisEventBus when Redis dies and comes back', () => {
  let server: RedisServerHandle;
  let channel: string;
  let publisherOfA: Redis;
  let a: RedisEventBus;
  let b: RedisEventBus;
  let logA: ReturnType<typeof captureLogger>;
  let logB: ReturnType<typeof captureLogger>;
  const onA = recorder();
  const onB = recorder();

  beforeAll(async () => {
    server = await startRedisServer();
    channel = `${uniqueKeyPrefix('event-bus-faults')}events`;
    logA = captureLogger();
    logB = captureLogger();
    // A publishes on a connection with ioredis's defaults, offline queue included: the worst
    // case for a queue that could grow during an outage.
    publisherOfA = new Redis(server.url);
    publisherOfA.on('error', () => undefined);
    a = new RedisEventBus({ publisher: publisherOfA, channel, logger: logA.logger });
    b = new RedisEventBus({ url: server.url, channel, logger: logB.logger });
    a.subscribe(onA.listener);
    b.subscribe(onB.listener);
    await Promise.all([a.ready(), b.ready()]);
    await eventually(() => publisherOfA.status === 'ready', 'the publisher of A to connect');
  });

  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    publisherOfA.disconnect();
    await server.stop();
  });

  it('keeps delivering locally without throwing or queueing, then reaches the other replica again', async () => {
    a.publish(toolsChanged);
    await eventually(() => onB.events.length === 1, 'delivery to B before the outage');

    await server.kill();
    await eventually(() => !a.subscribed && !b.subscribed, 'both buses to notice the outage');
    await eventually(() => publisherOfA.status !== 'ready', 'the publisher of A to notice the outage');

    const before = onA.events.length;
    for (let n = 0; n < 200; n += 1) {
      expect(() => a.publish({ kind: 'resource_updated', uri: `mem://outage/${n}` })).not.toThrow();
    }
    expect(onA.events.length).toBe(before + 200);
    // Nothing waits for Redis: no command queued on the publisher.
    expect((publisherOfA as unknown as { offlineQueue: { length: number } }).offlineQueue.length).toBe(0);
    // One warning for the outage, not one per event.
    await eventually(() => logA.count('event_bus_publish_failed') >= 1, 'the outage warning');
    expect(logA.count('event_bus_publish_failed')).toBe(1);
    expect(logA.count('event_bus_unsubscribed')).toBe(1);
    expect(logB.count('event_bus_unsubscribed')).toBe(1);

    await server.restart();
    // Both buses must have re-subscribed and A's publisher reconnected: publish until B hears.
    const received = onB.events.length;
    let n = 0;
    await eventually(() => {
      if (onB.events.length > received) return true;
      a.publish({ kind: 'resource_updated', uri: `mem://after/${(n += 1)}` });
      return false;
    }, 'delivery to B after Redis restarted');
    expect(onB.events.slice(received).every((event) => event.kind === 'resource_updated' && event.uri.startsWith('mem://after/'))).toBe(true);
    await eventually(() => a.subscribed && b.subscribed, 'both buses to re-subscribe');

    // And the other way round (B's publisher reconnects on its own schedule: publish until A hears).
    const receivedByA = onA.events.length;
    await eventually(() => {
      if (onA.events.length > receivedByA) return true;
      b.publish({ kind: 'resource_updated', uri: `mem://from-b/${(n += 1)}` });
      return false;
    }, 'delivery to A after Redis restarted');
    expect(onA.events.slice(receivedByA).every((event) => event.kind === 'resource_updated' && event.uri.startsWith('mem://from-b/'))).toBe(true);

    // B may hear an event before A hears Redis's reply to publishing it.
    await eventually(() => logA.count('event_bus_publish_recovered') === 1, 'A to log the recovery');
    expect(logA.count('event_bus_publish_failed')).toBe(1);
    expect(logB.count('event_bus_resubscribed')).toBe(1);
    expect(logA.count('event_bus_resubscribed')).toBe(1);
  }, 90_000);

  it('bounds the publishes waiting on a hung Redis, and delivers them once it answers again', async () => {
    const pending = (): number => (publisherOfA as unknown as { commandQueue: { length: number } }).commandQueue.length;
    const failedBefore = logA.count('event_bus_publish_failed');
    const recoveredBefore = logA.count('event_bus_publish_recovered');
    const hung = (): number => onB.events.filter((event) => event.kind === 'resource_updated' && event.uri.startsWith('mem://hung/')).length;

    server.pause(); // sockets stay open, nothing answers: the connection still looks ready
    try {
      for (let n = 0; n < 1_500; n += 1) {
        expect(() => a.publish({ kind: 'resource_updated', uri: `mem://hung/${n}` })).not.toThrow();
      }
      expect(pending()).toBeLessThanOrEqual(1_000);
      await eventually(() => logA.count('event_bus_publish_failed') > failedBefore, 'the warning');
      expect(logA.count('event_bus_publish_failed')).toBe(failedBefore + 1);
    } finally {
      server.resume();
    }

    // What was sent arrives once Redis answers; what was refused never does.
    await eventually(() => logA.count('event_bus_publish_recovered') > recoveredBefore, 'A to log the recovery');
    // Sent on the same connection after them, so it arrives after all of them.
    a.publish({ kind: 'resource_updated', uri: 'mem://marker' });
    await eventually(() => onB.events.some((event) => event.kind === 'resource_updated' && event.uri === 'mem://marker'), 'delivery of the marker');
    expect(hung()).toBe(1_000);
  }, 90_000);

  it('does not stay blocked by publishes a dropped connection will never answer', async () => {
    // Without resending and without a command timeout, ioredis forgets the commands in flight on
    // a socket that closes: their promises never settle.
    const publisher = new Redis(server.url, { autoResendUnfulfilledCommands: false });
    publisher.on('error', () => undefined);
    const log = captureLogger();
    const c = new RedisEventBus({ publisher, channel, logger: log.logger });
    try {
      await c.ready();
      await eventually(() => publisher.status === 'ready', 'the publisher of C to connect');
      const lost = (): number => onB.events.filter((event) => event.kind === 'resource_updated' && event.uri.startsWith('mem://lost/')).length;

      server.pause();
      for (let n = 0; n < 1_500; n += 1) c.publish({ kind: 'resource_updated', uri: `mem://lost/${n}` });
      await server.restart(); // kills the paused server: the 1 000 in flight are gone
      await eventually(() => c.subscribed && b.subscribed, 'C and B to re-subscribe');

      const received = onB.events.length;
      let n = 0;
      await eventually(() => {
        if (onB.events.slice(received).some((event) => event.kind === 'resource_updated' && event.uri.startsWith('mem://again/'))) return true;
        c.publish({ kind: 'resource_updated', uri: `mem://again/${(n += 1)}` });
        return false;
      }, 'delivery from C after the lost publishes');
      expect(lost()).toBe(0);
    } finally {
      await c.close();
      publisher.disconnect();
    }
  }, 90_000);
});

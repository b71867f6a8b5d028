import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';
import type { Redis, RedisOptions } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { positiveInteger } from '../errors/invalid-option';
import type { Logger } from '../logging/logger';
import { withDeadline } from '../timing/deadline';

/** Options of a `RedisEventBus`. Give `url` or `publisher`, not both. */
export interface RedisEventBusOptions {
  /**
   * Connection URL (`redis://`, `rediss://`) for a bus that opens (and closes) its own two
   * connections. Default `redis://127.0.0.1:6379` when no `publisher` is given.
   */
  url?: string;
  /**
   * An existing connection to PUBLISH on. Its owner keeps it: `close()` leaves it open, and its
   * own reconnection settings apply. It must not be in subscriber mode.
   */
  publisher?: Redis;
  /**
   * The connection to SUBSCRIBE on. A connection in subscriber mode can do nothing else, so it is
   * never the publisher. Default: a duplicate of the publisher that the bus opens and closes.
   * A function is called once and the connection it returns belongs to the bus (closed by
   * `close()`); a connection given as is belongs to its owner (`close()` only unsubscribes the
   * bus's channel and leaves it open).
   */
  subscriber?: Redis | (() => Redis);
  /**
   * The pub/sub channel shared by the replicas of one app, e.g. `defaultEventChannel('shop')`.
   * Channels do not share the key space (nor ioredis's `keyPrefix`), so any name is safe.
   */
  channel: string;
  /** Where outages, dropped messages and failing listeners are reported. */
  logger: Logger;
  /**
   * Identifies this bus in the messages it publishes, so that it can ignore its own echo. Must be
   * unique per bus; default a random UUID.
   */
  instanceId?: string;
  /** Larger messages are neither sent nor accepted. Default 64 KiB. */
  maxMessageBytes?: number;
}

/** The default channel of an app's events: `mcp:<app name>:events`, beside its default key prefix. */
export function defaultEventChannel(appName: string): string {
  // Same shape as `defaultKeyPrefix` (store-factory.ts): replicas with the same name share it.
  return `mcp:${appName}:events`;
}

/**
 * A `ServerEventBus` (MCP SDK v2) over Redis pub/sub: a change notification raised on any replica
 * reaches the `subscriptions/listen` streams and legacy sessions of every replica on the channel.
 *
 * `publish` delivers to this replica's listeners at once, synchronously, exactly like the SDK's
 * `InMemoryServerEventBus`, then sends the event to the other replicas. Each replica ignores
 * the copy of its own events that Redis sends back, so every listener receives an event once.
 *
 * Redis is an addition, never a dependency: while it is unreachable, `publish` neither throws
 * nor waits nor queues (events still reach this replica's listeners, other replicas miss them),
 * the outage is logged once, and the bus re-subscribes by itself when Redis is back. Events
 * published during an outage are not replayed afterwards: a change notification is a hint to
 * re-list, and a late one is worth less than the queue it would need. Messages on the channel
 * that are not events of this bus (garbled, oversized, from a stranger) are dropped with a debug
 * log.
 *
 * @example
 * const bus = new RedisEventBus({ url: process.env.MCP_REDIS_URL, channel: defaultEventChannel('shop'), logger });
 * const handler = createMcpHandler(serverFactory, { bus });
 * handler.notify.toolsChanged(); // reaches the listen streams of every replica
 * // On shutdown, after the HTTP server has closed:
 * await bus.close();
 */
export class RedisEventBus implements ServerEventBus {
  /** The id this bus stamps on what it publishes. */
  readonly instanceId: string;
  /** The pub/sub channel. */
  readonly channel: string;

  private readonly logger: Logger;
  private readonly maxMessageBytes: number;
  private readonly publisher: Redis;
  private readonly ownsPublisher: boolean;
  private readonly subscriber: Redis;
  private readonly ownsSubscriber: boolean;
  /** One entry per `subscribe()` call, so that the same function may be subscribed twice. */
  private readonly listeners = new Set<{ readonly listener: (event: ServerEvent) => void }>();
  private readonly detach: () => void;
  private pendingPublishes = 0;
  /**
   * Bumped when the publisher's socket closes. Publishes in flight on it may never settle (ioredis
   * drops them without a reply when `autoResendUnfulfilledCommands` is off and no
   * `commandTimeout` is set), so they stop counting against the bound; those it resends were
   * bounded when sent.
   */
  private publisherSocket = 0;
  private publishDown = false;
  private isSubscribed = false;
  private subscribing = false;
  /**
   * Numbers SUBSCRIBE attempts, so that only the latest one counts: one sent on a socket that
   * has since closed may never settle (ioredis drops it without a reply when
   * `autoResendUnfulfilledCommands` is off) or settle late, after a newer one.
   */
  private subscribeAttempt = 0;
  /** Set once the channel has been lost, so that getting it back is logged (the first time is not news). */
  private subscriptionLost = false;
  private settleReady!: () => void;
  private readonly firstSubscription: Promise<void>;
  private closing: Promise<void> | undefined;

  constructor(options: RedisEventBusOptions) {
    if (options.url !== undefined && options.publisher !== undefined) {
      throw new TypeError('RedisEventBus: give either url or publisher, not both');
    }
    if (typeof options.channel !== 'string' || options.channel === '') {
      throw new TypeError('RedisEventBus: channel must be a non-empty string');
    }
    this.maxMessageBytes = positiveInteger('RedisEventBus: maxMessageBytes', options.maxMessageBytes ?? 64 * 1024);
    this.channel = options.channel;
    this.logger = options.logger;
    this.instanceId = options.instanceId ?? randomUUID();
    this.firstSubscription = new Promise((resolve) => (this.settleReady = resolve));

    this.ownsPublisher = options.publisher === undefined;
    this.publisher = options.publisher ?? new (loadIoredis().Redis)(options.url ?? 'redis://127.0.0.1:6379', PUBLISHER_OPTIONS);
    this.ownsSubscriber = options.subscriber === undefined || typeof options.subscriber === 'function';
    try {
      this.subscriber =
        options.subscriber === undefined
          ? this.publisher.duplicate(SUBSCRIBER_OVERRIDES)
          : typeof options.subscriber === 'function'
            ? options.subscriber()
            : options.subscriber;
      if (this.subscriber === this.publisher) {
        throw new TypeError('RedisEventBus: the subscriber must be a connection of its own, not the publisher');
      }
    } catch (error) {
      // Nobody could close the connection the bus has just opened.
      if (this.ownsPublisher) this.publisher.disconnect();
      throw error;
    }

    const onMessage = (channel: string, message: string): void => {
      // A subscriber connection given by its owner may carry other channels too.
      if (channel === this.channel) this.receive(message);
    };
    const onReady = (): void => this.listen();
    const onClose = (): void => this.subscriptionDropped();
    const onPublisherClose = (): void => {
      this.publisherSocket += 1;
      this.pendingPublishes = 0;
    };
    // Without an 'error' listener ioredis reports every failed reconnect on the console. Only on
    // connections the bus opened: on an owner's connection that is the owner's choice.
    const onError = (): void => undefined;
    this.subscriber.on('message', onMessage);
    this.subscriber.on('ready', onReady);
    this.subscriber.on('close', onClose);
    this.subscriber.on('end', onClose);
    if (this.ownsSubscriber) this.subscriber.on('error', onError);
    this.publisher.on('close', onPublisherClose);
    if (this.ownsPublisher) this.publisher.on('error', onError);
    this.detach = () => {
      this.subscriber.off('message', onMessage);
      this.subscriber.off('ready', onReady);
      this.subscriber.off('close', onClose);
      this.subscriber.off('end', onClose);
      this.publisher.off('close', onPublisherClose);
      // The noop 'error' listeners stay: the bus's own connections may still report a failed
      // socket while closing, and nobody else listens to them.
    };

    // A lazy publisher connects on its first command, which would never come: `publish` sends
    // only on a ready connection.
    if (this.publisher.status === 'wait') this.publisher.connect().catch(() => undefined);
    this.listen();
  }

  /**
   * Delivers `event` to this replica's listeners now, then sends it to the other replicas.
   * Never throws and never waits for Redis.
   */
  publish(event: ServerEvent): void {
    this.deliver(event);
    if (this.closing !== undefined) return;
    const payload = this.encode(event);
    if (payload === undefined) return;
    // Only on a ready connection: anything else would queue (offline queue) or fail late, and
    // a change notification delivered minutes later, after a reconnection, is worth nothing.
    if (this.publisher.status !== 'ready') {
      this.publishFailed(`the Redis connection is ${this.publisher.status}`);
      return;
    }
    // A hung Redis (socket open, no replies) keeps commands in flight; bound them so that memory
    // does not grow with every event until the connection is declared dead.
    if (this.pendingPublishes >= MAX_PENDING_PUBLISHES) {
      this.publishFailed(`${MAX_PENDING_PUBLISHES} publishes are still waiting for Redis`);
      return;
    }
    const socket = this.publisherSocket;
    const settled = (): void => {
      if (socket === this.publisherSocket) this.pendingPublishes -= 1;
    };
    this.pendingPublishes += 1;
    let sent: Promise<number>;
    try {
      sent = this.publisher.publish(this.channel, payload);
    } catch (error) {
      settled();
      this.publishFailed(errorMessage(error));
      return;
    }
    sent.then(
      () => {
        settled();
        this.publishSucceeded();
      },
      (error: unknown) => {
        settled();
        this.publishFailed(errorMessage(error));
      },
    );
  }

  /** Registers `listener` for events from this replica and the others; returns an idempotent unsubscribe. */
  subscribe(listener: (event: ServerEvent) => void): () => void {
    const entry = { listener };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** How many listeners are registered (for tests and introspection). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Whether the channel is subscribed on a live connection, i.e. events of other replicas arrive now. */
  get subscribed(): boolean {
    return this.isSubscribed;
  }

  /**
   * Resolves once the channel has been subscribed the first time (or the bus is closed). It
   * never rejects: while Redis is unreachable it stays pending, so bound the wait where needed.
   */
  ready(): Promise<void> {
    return this.firstSubscription;
  }

  /**
   * Stops exchanging events through Redis: unsubscribes the channel, quits the connections the
   * bus opened (a `publisher` or `subscriber` given as a connection is left open). Listeners
   * still registered keep receiving the events published on this replica.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.detach();
    this.isSubscribed = false;
    this.settleReady();
    const subscriber = this.subscriber;
    if (subscriber.status === 'ready') {
      try {
        await redisDeadline(subscriber.unsubscribe(this.channel), CLOSE_TIMEOUT_MS);
      } catch {
        // Redis is away or slow: the subscription ends with the socket below (or with the owner's).
      }
    }
    const quits: Promise<void>[] = [];
    if (this.ownsSubscriber) quits.push(quit(subscriber));
    if (this.ownsPublisher) quits.push(quit(this.publisher));
    await Promise.all(quits);
  }

  /** SUBSCRIBEs unless the channel is subscribed or a SUBSCRIBE is already on its way. */
  private listen(): void {
    if (this.closing !== undefined || this.isSubscribed || this.subscribing) return;
    // The bus re-subscribes itself on every 'ready' rather than relying on ioredis's
    // `autoResubscribe` alone: that replays only subscriptions the server had acknowledged (not
    // one still queued when the first connection failed), works only if the connection was built
    // with it, and does not tell the bus when the channel is live again. On a connection where it
    // is on, the extra SUBSCRIBE after a reconnect is harmless (Redis treats it as a no-op).
    this.subscribing = true;
    const attempt = ++this.subscribeAttempt;
    let request: Promise<unknown>;
    try {
      request = this.subscriber.subscribe(this.channel);
    } catch (error) {
      this.subscribing = false;
      this.logger.debug('event_bus_subscribe_failed', { event: 'event_bus_subscribe_failed', channel: this.channel, errorMessage: errorMessage(error) });
      return;
    }
    request.then(
      () => {
        if (attempt !== this.subscribeAttempt || this.closing !== undefined) return;
        this.subscribing = false;
        this.isSubscribed = true;
        this.settleReady();
        if (this.subscriptionLost) {
          this.subscriptionLost = false;
          this.logger.info('event_bus_resubscribed', { event: 'event_bus_resubscribed', channel: this.channel });
        }
      },
      (error: unknown) => {
        if (attempt !== this.subscribeAttempt) return;
        // Retried on the connection's next 'ready'.
        this.subscribing = false;
        this.logger.debug('event_bus_subscribe_failed', { event: 'event_bus_subscribe_failed', channel: this.channel, errorMessage: errorMessage(error) });
      },
    );
  }

  /** The subscriber's socket closed (or a connection attempt failed): logged once per outage. */
  private subscriptionDropped(): void {
    this.isSubscribed = false;
    // Whatever SUBSCRIBE was on its way went with the socket; the next 'ready' sends a new one.
    this.subscribing = false;
    this.subscribeAttempt += 1;
    if (this.subscriptionLost || this.closing !== undefined) return;
    this.subscriptionLost = true;
    this.logger.warn('event_bus_unsubscribed', {
      event: 'event_bus_unsubscribed',
      channel: this.channel,
      effect: 'events published on other replicas are missed until Redis is reachable again',
    });
  }

  private publishFailed(reason: string): void {
    if (this.publishDown) return;
    this.publishDown = true;
    this.logger.warn('event_bus_publish_failed', {
      event: 'event_bus_publish_failed',
      channel: this.channel,
      errorMessage: reason,
      effect: 'events are delivered on this replica only until Redis is reachable again',
    });
  }

  private publishSucceeded(): void {
    if (!this.publishDown) return;
    this.publishDown = false;
    this.logger.info('event_bus_publish_recovered', { event: 'event_bus_publish_recovered', channel: this.channel });
  }

  /** The message for the other replicas, or undefined (logged) when there is none to send. */
  private encode(event: ServerEvent): string | undefined {
    const checked = toServerEvent(event);
    if (typeof checked === 'string') {
      // Replicas would drop it; this replica's listeners have already had it as it was.
      this.logger.warn('event_bus_event_not_sent', { event: 'event_bus_event_not_sent', channel: this.channel, reason: checked });
      return undefined;
    }
    let payload: string;
    try {
      payload = JSON.stringify({ v: ENVELOPE_VERSION, origin: this.instanceId, event: checked } satisfies Envelope);
    } catch (error) {
      // BigInt or a cycle in params.
      this.logger.warn('event_bus_event_not_sent', { event: 'event_bus_event_not_sent', channel: this.channel, reason: `not JSON: ${errorMessage(error)}` });
      return undefined;
    }
    const bytes = Buffer.byteLength(payload, 'utf8');
    if (bytes > this.maxMessageBytes) {
      this.logger.warn('event_bus_event_not_sent', {
        event: 'event_bus_event_not_sent',
        channel: this.channel,
        reason: `${bytes} bytes, over maxMessageBytes (${this.maxMessageBytes})`,
      });
      return undefined;
    }
    return payload;
  }

  /** A message from the channel: delivered when it is another replica's event, else dropped. */
  private receive(message: string): void {
    if (this.closing !== undefined) return;
    const envelope = this.decode(message);
    if (typeof envelope === 'string') {
      // Anyone who can PUBLISH on this Redis can write here: never trust, never throw, and keep
      // the content out of the logs.
      this.logger.debug('event_bus_message_dropped', { event: 'event_bus_message_dropped', channel: this.channel, reason: envelope });
      return;
    }
    if (envelope.origin === this.instanceId) return; // our own event, delivered when published
    this.deliver(envelope.event);
  }

  /** The envelope in `message`, or why it is not one. */
  private decode(message: string): Envelope | string {
    // A string's UTF-8 size is at least its length: most oversized messages are refused before
    // being measured, all of them before being parsed.
    if (message.length > this.maxMessageBytes || Buffer.byteLength(message, 'utf8') > this.maxMessageBytes) {
      return `over maxMessageBytes (${this.maxMessageBytes})`;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return 'not JSON';
    }
    if (!isPlainObject(parsed)) return 'not an object';
    // A version this replica does not know (a newer replica mid-deploy): skip rather than guess.
    if (parsed['v'] !== ENVELOPE_VERSION) return 'unknown envelope version';
    const origin = parsed['origin'];
    if (typeof origin !== 'string' || origin === '' || origin.length > 200) return 'invalid origin';
    const event = toServerEvent(parsed['event']);
    if (typeof event === 'string') return event;
    return { v: ENVELOPE_VERSION, origin, event };
  }

  /** Calls every listener; one that throws is logged and does not stop the others. */
  private deliver(event: ServerEvent): void {
    // A snapshot, so that a listener may unsubscribe (itself or another) during delivery; one
    // unsubscribed meanwhile is skipped, one subscribed meanwhile waits for the next event.
    for (const entry of [...this.listeners]) {
      if (!this.listeners.has(entry)) continue;
      try {
        entry.listener(event);
      } catch (error) {
        this.logger.error('event_bus_listener_failed', {
          event: 'event_bus_listener_failed',
          kind: event.kind,
          errorMessage: errorMessage(error),
        });
      }
    }
  }
}

/** What travels on the channel. `v` lets a future format coexist with this one during a rolling deploy. */
interface Envelope {
  readonly v: typeof ENVELOPE_VERSION;
  readonly origin: string;
  readonly event: ServerEvent;
}

const ENVELOPE_VERSION = 1;
/** Bound on publishes awaiting Redis's reply (see `publish`). */
const MAX_PENDING_PUBLISHES = 1_000;
/** How long `close()` waits for Redis to acknowledge UNSUBSCRIBE and QUIT before dropping the socket. */
const CLOSE_TIMEOUT_MS = 1_000;
const KINDS_WITHOUT_URI = new Set(['tools_list_changed', 'prompts_list_changed', 'resources_list_changed']);

/** Reconnection that never gives up, with capped exponential backoff and jitter (as `RedisStore`). */
function retryForever(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 6), 2_000) + Math.floor(Math.random() * 100);
}

/** The publisher a bus opens from a URL. */
const PUBLISHER_OPTIONS: RedisOptions = {
  connectTimeout: 1_000,
  commandTimeout: 1_000,
  disconnectTimeout: 1_000,
  // `publish` only sends on a ready connection anyway; this makes sure nothing ever queues.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  // A publish the socket lost has been reported as failed; sending it late would only confuse.
  autoResendUnfulfilledCommands: false,
  retryStrategy: retryForever,
  connectionName: 'mcp-decorators:events',
};

/** How the subscriber connection a bus opens differs from its publisher (whose other options it copies). */
const SUBSCRIBER_OVERRIDES: Partial<RedisOptions> = {
  // The SUBSCRIBE sent before the socket is up must wait for it, not fail: the queue only ever
  // holds this bus's SUBSCRIBE and UNSUBSCRIBE.
  enableOfflineQueue: true,
  maxRetriesPerRequest: null,
  // A SUBSCRIBE waits as long as the connection does; the publisher's deadline is for commands.
  commandTimeout: undefined,
  // Kept on (ioredis's default) so that the channel is back first thing after a reconnect; the
  // bus also re-subscribes on 'ready' itself (see `listen`).
  autoResubscribe: true,
  // The subscriber must come back whatever the publisher's owner chose for it.
  retryStrategy: retryForever,
  connectionName: 'mcp-decorators:events',
};

/** `value` as a `ServerEvent` holding only the fields of one, or the reason it is not one. */
function toServerEvent(value: unknown): ServerEvent | string {
  if (!isPlainObject(value)) return 'event is not an object';
  const kind = value['kind'];
  const params = value['params'];
  if (params !== undefined && !(isPlainObject(params) && (params['_meta'] === undefined || isPlainObject(params['_meta'])))) {
    return 'invalid params';
  }
  const extra = params === undefined ? {} : { params: params as ServerEvent['params'] };
  if (kind === 'resource_updated') {
    const uri = value['uri'];
    if (typeof uri !== 'string' || uri === '') return 'resource_updated without a string uri';
    return { kind, uri, ...extra };
  }
  if (typeof kind === 'string' && KINDS_WITHOUT_URI.has(kind)) {
    return { kind: kind as 'tools_list_changed' | 'prompts_list_changed' | 'resources_list_changed', ...extra };
  }
  return 'unknown event kind';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** QUIT within the close deadline, then drop the socket (also cancels a pending reconnection). */
async function quit(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await redisDeadline(client.quit(), CLOSE_TIMEOUT_MS);
    } catch {
      // Redis is away or slow: nothing to say goodbye to, the socket is dropped below.
    }
  }
  // Skipped once ended, where ioredis would only arm a timer waiting for a socket already closed.
  if (client.status !== 'end') client.disconnect();
}

/** Rejects when `promise` has not settled within `ms`. */
function redisDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, (): never => {
    throw new Error(`Redis did not answer within ${ms} ms`);
  });
}

/** ioredis, loaded only by a bus that opens its own connections: apps without Redis never pay for it. */
function loadIoredis(): typeof import('ioredis') {
  return require('ioredis') as typeof import('ioredis');
}

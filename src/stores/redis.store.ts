import type { Redis, RedisOptions } from 'ioredis';
import { withDeadline } from '../timing/deadline';
// The rate-limit algorithm and the argument checks are shared with MemoryStore, so both agree.
import { rateWindow, toDecision } from './gcra';
import type { Clock, RateDecision, Store } from './store';
import { checkIncrement, checkTtl, encodeJson } from './store-arguments';
import { StoreUnavailableError } from './store-errors';

/** Options of a `RedisStore`. Give `url` or `client`, not both. */
export interface RedisStoreOptions {
  /** Connection URL (`redis://`, `rediss://`); default `redis://127.0.0.1:6379`. */
  url?: string;
  /**
   * An existing connection to use instead of opening one. Its owner keeps it: `close()` leaves
   * it open, and its own reconnection and timeout settings apply (each call is still bounded by
   * `commandTimeoutMs` here).
   */
  client?: Redis;
  /** Prepended to every key, to share one Redis between apps or environments. Default `mcp:`. */
  keyPrefix?: string;
  /** Longest a call may wait for Redis before failing with `StoreUnavailableError`. Default 500. */
  commandTimeoutMs?: number;
  /**
   * Time source for `consume` only. Leave it unset in production: the script then reads the
   * Redis server's `TIME`, one clock for every replica, so skew between replicas cannot widen or
   * narrow a budget. A replica whose clock runs δ ahead would otherwise refill its callers' budgets
   * δ early. Tests pass a fake clock to move rate-limit time without sleeping. TTLs of `set` are
   * durations applied by Redis and ignore this clock.
   */
  clock?: Clock;
}

/** Whether the store can reach Redis, as reported to `onStateChange` listeners. */
export type StoreConnectionState = 'available' | 'unavailable';

/**
 * The shared store for several replicas: values JSON-encoded with a `PX` TTL, rate limits
 * decided atomically by one Lua script (GCRA, the same algorithm as `MemoryStore`, see
 * `planConsume`), counters with `INCRBY`.
 *
 * Built to degrade, not to hang: every call is bounded by `commandTimeoutMs`; during an outage
 * calls fail at once (no offline queue, no replay of commands whose caller has given up) with a
 * `StoreUnavailableError` that policies turn into fail-open or fail-closed; the connection comes
 * back by itself when Redis does.
 *
 * @example
 * const store = new RedisStore({ url: process.env.REDIS_URL, keyPrefix: 'shop:' });
 * const off = store.onStateChange((state) => logger.warn(`redis store ${state}`));
 * const decision = await store.consume('add:alice', 10, 60_000);
 * await store.close();
 */
export class RedisStore implements Store {
  private readonly client: ConsumeCommander;
  private readonly ownsClient: boolean;
  private readonly keyPrefix: string;
  private readonly commandTimeoutMs: number;
  private readonly clock: Clock | undefined;
  private readonly listeners = new Set<(state: StoreConnectionState) => void>();
  private readonly detach: () => void;
  private state: StoreConnectionState | 'connecting' = 'connecting';
  private readonly firstAttempt: Promise<void>;
  private closed = false;

  constructor(options: RedisStoreOptions = {}) {
    if (options.url !== undefined && options.client !== undefined) {
      throw new TypeError('RedisStore: give either url or client, not both');
    }
    this.commandTimeoutMs = options.commandTimeoutMs ?? 500;
    if (!Number.isFinite(this.commandTimeoutMs) || this.commandTimeoutMs <= 0) {
      throw new RangeError(`RedisStore: commandTimeoutMs must be positive, got ${this.commandTimeoutMs}`);
    }
    this.keyPrefix = options.keyPrefix ?? 'mcp:';
    this.clock = options.clock;
    this.ownsClient = options.client === undefined;
    const client = options.client ?? new (loadIoredis().Redis)(options.url ?? 'redis://127.0.0.1:6379', this.connectionOptions());
    client.defineCommand(CONSUME_COMMAND, { numberOfKeys: 1, lua: CONSUME_LUA });
    this.client = client as ConsumeCommander;

    let settleFirstAttempt!: () => void;
    this.firstAttempt = new Promise((resolve) => (settleFirstAttempt = resolve));
    const onReady = (): void => {
      settleFirstAttempt();
      this.transition('available');
    };
    const onDown = (): void => {
      settleFirstAttempt();
      this.transition('unavailable');
    };
    // Without an 'error' listener ioredis reports every failed reconnect on the console; the
    // state listeners are where an outage gets logged, once.
    const onError = (): void => undefined;
    client.on('ready', onReady);
    client.on('close', onDown);
    client.on('end', onDown);
    client.on('error', onError);
    this.detach = () => {
      client.off('ready', onReady);
      client.off('close', onDown);
      client.off('end', onDown);
      client.off('error', onError);
    };
    // An injected client may already be connected, or already gone.
    if (client.status === 'ready') onReady();
    else if (client.status === 'end') onDown();
  }

  /** The stored value, or `undefined` when absent or expired; `StoreUnavailableError` when Redis cannot answer. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const raw = await this.run('get', () => this.client.get(this.keyPrefix + key));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  /** Stores a JSON-serialisable value with a `PX` TTL of `ttlMs` milliseconds. */
  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const json = encodeJson(value);
    const ttl = checkTtl(ttlMs);
    await this.run('set', () => this.client.set(this.keyPrefix + key, json, 'PX', ttl));
  }

  /** Removes keys in one `DEL`; absent keys are ignored. */
  async delete(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.run('delete', () => this.client.del(...keys.map((key) => this.keyPrefix + key)));
  }

  /** Consumes `cost` units of the GCRA budget `limit` per `windowMs` under `key`, atomically in one Lua script. */
  async consume(key: string, limit: number, windowMs: number, cost = 1): Promise<RateDecision> {
    const window = rateWindow(limit, windowMs, cost);
    const nowUs = this.clock === undefined ? '' : String(Math.round(this.clock.now() * 1000));
    const [allowed, remaining, retryAfterUs] = await this.run('consume', () =>
      this.client[CONSUME_COMMAND](this.keyPrefix + key, window.intervalUs, limit, cost, nowUs),
    );
    return toDecision(allowed === 1, remaining, retryAfterUs);
  }

  /** Adds the integer `by` to a counter with `INCRBY` (created at 0, keeping any TTL) and returns the new value. */
  async increment(key: string, by = 1): Promise<number> {
    checkIncrement(by);
    return this.run('increment', () => this.client.incrby(this.keyPrefix + key, by));
  }

  /** True when Redis answers `PING` within `commandTimeoutMs`; never throws. */
  async ping(): Promise<boolean> {
    try {
      await this.run('ping', () => this.client.ping());
      return true;
    } catch {
      return false;
    }
  }

  /** Quits the connection the store opened (an injected `client` is left to its owner). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.listeners.clear();
    if (!this.ownsClient) return;
    try {
      await redisDeadline(this.client.quit(), this.commandTimeoutMs);
    } catch {
      // Redis is away or slow: nothing to say goodbye to, the socket is dropped below.
    }
    // Also cancels a pending reconnection; skipped once ended, where ioredis would only arm a
    // timer waiting for a socket that already closed.
    if (this.client.status !== 'end') this.client.disconnect();
  }

  /**
   * Calls `listener` each time Redis becomes reachable or unreachable (once per change, not per
   * failed call or reconnect attempt), e.g. to log an outage once. Returns the unsubscribe
   * function. A listener that throws is ignored.
   *
   * @example
   * const off = store.onStateChange((state) => logger.warn('redis store %s', state));
   */
  onStateChange(listener: (state: StoreConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private connectionOptions(): RedisOptions {
    return {
      commandTimeout: this.commandTimeoutMs,
      connectTimeout: Math.max(1_000, this.commandTimeoutMs * 2),
      // Bounds close() when the socket will not close cleanly (default 2 s).
      disconnectTimeout: this.commandTimeoutMs,
      // Fail now rather than queue: a cache or a rate limiter is useful only if it answers
      // within the call; the policy decides what an outage means (fail open or closed).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // A command in flight when the socket dropped has already been reported as failed to its
      // caller; replaying it after reconnection could consume a budget twice.
      autoResendUnfulfilledCommands: false,
      // Never give up: the store resumes by itself when Redis comes back.
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 6), 2_000) + Math.floor(Math.random() * 100),
      connectionName: 'mcp-decorators',
    };
  }

  private transition(next: StoreConnectionState): void {
    if (this.state === next) return;
    this.state = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch {
        // A faulty listener must not break the client's event handling.
      }
    }
  }

  /**
   * Runs commands of another Redis-backed component (the event store) on this store's
   * connection, under its key prefix, deadline and outage handling.
   *
   * @internal
   */
  execute<T>(operation: string, command: (client: Redis, keyPrefix: string) => Promise<T>): Promise<T> {
    return this.run(operation, () => command(this.client, this.keyPrefix));
  }

  /**
   * Runs one command within `commandTimeoutMs`, turning every sign of an outage into a
   * `StoreUnavailableError`. Calls made before the very first connection attempt has ended
   * wait for it (within the same deadline), so a store used right after construction works.
   */
  private async run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailableError(operation, 'RedisStore is closed');
    const work = (async () => {
      if (this.state === 'connecting') await this.firstAttempt;
      return command();
    })();
    try {
      return await redisDeadline(work, this.commandTimeoutMs);
    } catch (error) {
      throw toStoreError(operation, error);
    }
  }
}

/** Name under which the consume script is defined on the ioredis client (EVALSHA, EVAL fallback). */
const CONSUME_COMMAND = 'mcpDecoratorsConsume';

interface ConsumeCommander extends Redis {
  [CONSUME_COMMAND](key: string, intervalUs: number, limit: number, cost: number, nowUs: string): Promise<[number, number, number]>;
}

/**
 * `planConsume` (gcra.ts) in Lua; keep both in step. ARGV: interval (µs), limit, cost,
 * now (µs, or '' to read the server's TIME). Returns {allowed 1|0, remaining, retryAfterUs}.
 * Timestamps stay below 2^53 µs, exact in Lua doubles; '%.0f' writes them without the
 * exponent `tostring` would use. The key expires when the bucket is full again.
 */
const CONSUME_LUA = `
local interval = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now
if ARGV[4] == '' then
  -- Redis < 5 needs effects replication before a write that follows TIME; a no-op from 7.
  if redis.replicate_commands then redis.replicate_commands() end
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[4])
end
local burst = interval * limit
local raw = redis.call('GET', KEYS[1])
local tat = raw and tonumber(raw) or nil
if tat == nil or tat < now then tat = now end
local nextTat = tat + cost * interval
local allowAt = nextTat - burst
if now < allowAt then
  local remaining = math.floor((now - (tat - burst)) / interval)
  if remaining < 0 then remaining = 0 end
  return {0, remaining, allowAt - now}
end
redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000))
return {1, math.floor((now - allowAt) / interval), 0}
`;

/** Error replies that mean "Redis cannot serve now", not "this call is wrong". */
const UNAVAILABLE_REPLIES = /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY|OOM|MISCONF|NOREPLICAS)\b/;

function toStoreError(operation: string, error: unknown): unknown {
  if (error instanceof StoreUnavailableError) {
    return new StoreUnavailableError(operation, error.message, { cause: error.cause });
  }
  if (error instanceof Error && error.name === 'ReplyError' && !UNAVAILABLE_REPLIES.test(error.message)) {
    return error; // WRONGTYPE, "not an integer"...: a bug to fix, not an outage to ride out.
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(operation, `Redis unavailable during ${operation}: ${reason}`, {
    cause: error,
  });
}

/** Rejects with a `StoreUnavailableError` when `promise` has not settled within `ms`. */
function redisDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, (): never => {
    throw new StoreUnavailableError('call', `Redis did not answer within ${ms} ms`);
  });
}

/** ioredis, loaded by the first store that opens its own connection: apps without Redis never pay for it. */
function loadIoredis(): typeof import('ioredis') {
  return require('ioredis') as typeof import('ioredis');
}

import { InMemoryServerEventBus, type ServerEventBus } from '@modelcontextprotocol/server';
import { McpDefinitionError } from '../errors/tool-error';
import type { Logger } from '../logging/logger';
import { MemoryStore } from './memory.store';
import { defaultEventChannel, RedisEventBus } from './redis-event-bus';
import { RedisStore } from './redis.store';
import type { Clock, Store } from './store';

/**
 * The `redis` option of `createMcpApp`: the app opens (and closes) its own `RedisStore`.
 *
 * @example
 * await createMcpApp({ name: 'shop', version: '1.0.0', providers, redis: { url: 'redis://redis:6379' } });
 */
export interface AppRedisOptions {
  /** Connection URL (`redis://`, `rediss://`); default `MCP_REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string;
  /**
   * Prepended to every key. Default `mcp:<app name>:`, so that replicas of one app share their
   * caches and limits while different apps on one Redis never see each other's keys.
   */
  keyPrefix?: string;
  /** Longest a store call waits for Redis before the policy's outage behaviour applies. Default 500. */
  commandTimeoutMs?: number;
}

/** What decides an app's store, in order of precedence. */
export interface StoreSelection {
  /** The app's name, from which the default Redis key prefix is made. */
  readonly appName: string;
  /** A store given in code: used as it is. */
  readonly store?: Store;
  /** Redis options given in code. */
  readonly redis?: AppRedisOptions;
  /** A Redis URL from the configuration (`MCP_REDIS_URL`); empty counts as unset. */
  readonly redisUrl?: string;
  /** The clock of the in-memory store. */
  readonly clock: Clock;
}

/** The default Redis key prefix of an app: replicas with the same name share keys. */
export function defaultKeyPrefix(appName: string): string {
  return `mcp:${appName}:`;
}

/**
 * Picks the app's store: a `store` given in code, else a `RedisStore` when `redis` is given in
 * code or a Redis URL is configured, else the bounded in-memory store.
 */
export function selectStore(selection: StoreSelection): Store {
  if (selection.store !== undefined && selection.redis !== undefined) {
    throw new McpDefinitionError('createMcpApp: give either store or redis, not both');
  }
  if (selection.store !== undefined) return selection.store;
  const configuredUrl = selection.redisUrl === '' ? undefined : selection.redisUrl;
  if (selection.redis === undefined && configuredUrl === undefined) {
    return new MemoryStore({ clock: selection.clock });
  }
  const redis = selection.redis ?? {};
  return new RedisStore({
    url: redis.url ?? configuredUrl,
    keyPrefix: redis.keyPrefix ?? defaultKeyPrefix(selection.appName),
    commandTimeoutMs: redis.commandTimeoutMs,
  });
}

/** An event bus with what the app must do to stop it. */
export type AppEventBus = ServerEventBus & { close?(): Promise<void> };

/**
 * Picks the app's event bus (change notifications between replicas): Redis pub/sub on the same
 * Redis as the store when `redis` is given in code or a Redis URL is configured, else in process.
 * A `store` given in code says nothing about notifications: pass `events` for a shared bus then.
 */
export function selectEventBus(selection: StoreSelection, logger: Logger): AppEventBus {
  const configuredUrl = selection.redisUrl === '' ? undefined : selection.redisUrl;
  if (selection.store !== undefined || (selection.redis === undefined && configuredUrl === undefined)) {
    return new InMemoryServerEventBus((error) => logger.warn('notification_listener_failed', { event: 'notification_listener_failed', error: error.message }));
  }
  return new RedisEventBus({ url: selection.redis?.url ?? configuredUrl, channel: defaultEventChannel(selection.appName), logger });
}

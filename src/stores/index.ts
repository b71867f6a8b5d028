/* The public names of stores/: where state lives, in memory or in Redis. */
export type { EventStore } from '@modelcontextprotocol/server';
export { MemoryEventStore, type MemoryEventStoreOptions } from './memory-event-store';
export { MemoryStore, type MemoryStoreOptions } from './memory.store';
export { RedisEventStore, type RedisEventStoreOptions } from './redis-event-store';
export { RedisStore, type RedisStoreOptions, type StoreConnectionState } from './redis.store';
export { systemClock, type Clock, type RateDecision, type Store } from './store';
export { StoreUnavailableError } from './store-errors';
export type { AppRedisOptions } from './store-factory';

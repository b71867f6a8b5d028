import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import { randomBytes } from 'node:crypto';
import { positiveInteger } from '../errors/invalid-option';
import type { RedisStore } from './redis.store';
import { StoreUnavailableError } from './store-errors';

/** Options of a `RedisEventStore`. */
export interface RedisEventStoreOptions {
  /** Events kept per stream; a stream's oldest go first (default 1 000). */
  maxEventsPerStream?: number;
  /** How long a stream is kept after its last event, in ms (default 30 minutes). */
  ttlMs?: number;
}

/**
 * The SDK's `EventStore` (resumable streamable HTTP) in Redis: each SSE stream is a Redis
 * Stream holding the JSON-RPC messages sent on it, capped at `maxEventsPerStream` entries and
 * expiring `ttlMs` after its last event. A client that reconnects with `Last-Event-ID`, on a new
 * connection, receives the messages it missed; a resume from an event that has been trimmed or
 * has expired is refused rather than replayed with a gap.
 *
 * It shares the connection, key prefix, command timeout and outage handling of a `RedisStore`.
 * While Redis is unreachable, messages keep flowing live: `storeEvent` hands out an id that
 * cannot be resumed from instead of failing the message, so only resumability is lost.
 *
 * @example
 * const store = new RedisStore({ url: process.env.MCP_REDIS_URL, keyPrefix: 'shop:' });
 * const app = await createMcpApp({ name: 'shop', version: '1.0.0', providers, store });
 * await app.listen({ transport: 'http', port: 3000, eventStore: new RedisEventStore(store) });
 */
export class RedisEventStore implements EventStore {
  private readonly maxEventsPerStream: number;
  private readonly ttlMs: number;

  constructor(
    private readonly store: RedisStore,
    options: RedisEventStoreOptions = {},
  ) {
    this.maxEventsPerStream = positiveInteger('RedisEventStore: maxEventsPerStream', options.maxEventsPerStream ?? 1_000);
    this.ttlMs = positiveInteger('RedisEventStore: ttlMs', options.ttlMs ?? 30 * 60_000);
  }

  /**
   * Appends a message sent on a stream and returns its event id; while Redis is unreachable,
   * returns an id that cannot be resumed from instead of failing.
   */
  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const json = JSON.stringify(message);
    try {
      const entryId = await this.store.execute('storeEvent', async (client, prefix) => {
        const key = streamKey(prefix, streamId);
        // One transaction, so that a stream never exists without its expiry.
        const replies = await client.multi().xadd(key, 'MAXLEN', this.maxEventsPerStream, '*', 'm', json).pexpire(key, this.ttlMs).exec();
        const [error, id] = replies?.[0] ?? [new Error('the transaction was discarded'), null];
        if (error) throw error;
        return id as string;
      });
      return formatEventId(streamId, entryId);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // Failing here would fail the message itself; better deliver it without a resume point.
      return formatEventId(streamId, `${UNSTORED}${randomBytes(6).toString('hex')}`);
    }
  }

  /** The stream an event was sent on, or `undefined` when the id is malformed or its event trimmed or expired. */
  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const parsed = parseEventId(eventId);
    if (parsed === undefined) return undefined;
    const found = await this.store.execute('getStreamIdForEventId', (client, prefix) =>
      client.xrange(streamKey(prefix, parsed.streamId), parsed.entryId, parsed.entryId),
    );
    return found.length > 0 ? parsed.streamId : undefined;
  }

  /**
   * Sends again, in order, the messages of the stream of `lastEventId` stored after it, and
   * returns that stream's id; rejects when the event is unknown, trimmed or expired.
   */
  async replayEventsAfter(lastEventId: EventId, { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> }): Promise<StreamId> {
    const parsed = parseEventId(lastEventId);
    if (parsed === undefined) throw unknownEvent(lastEventId);
    // The stream holds at most maxEventsPerStream entries: one read, bounded, and a snapshot
    // that messages stored while replaying cannot extend.
    const entries = await this.store.execute('replayEventsAfter', (client, prefix) => client.xrange(streamKey(prefix, parsed.streamId), parsed.entryId, '+'));
    if (entries[0]?.[0] !== parsed.entryId) throw unknownEvent(lastEventId);
    for (const [entryId, fields] of entries.slice(1)) {
      const message = JSON.parse(fields[1] ?? '{}') as JSONRPCMessage;
      // Priming events (stored as `{}` to give a stream its first id) carry nothing to replay.
      if (!('jsonrpc' in message)) continue;
      await send(formatEventId(parsed.streamId, entryId), message);
    }
    return parsed.streamId;
  }
}

/** Marks the entry part of an id handed out while Redis was unreachable. */
const UNSTORED = 'unstored-';
const ENTRY_ID = /^\d+-\d+$/;

function streamKey(prefix: string, streamId: StreamId): string {
  return `${prefix}events:${streamId}`;
}

/**
 * `<stream id, base64url>.<Redis entry id>`: the id alone locates the event, whatever the
 * connection or replica it comes back to. base64url keeps any stream id header-safe and free
 * of the `.` separator.
 */
function formatEventId(streamId: StreamId, entryId: string): EventId {
  return `${Buffer.from(streamId, 'utf8').toString('base64url')}.${entryId}`;
}

function parseEventId(eventId: EventId): { streamId: StreamId; entryId: string } | undefined {
  const dot = eventId.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const entryId = eventId.slice(dot + 1);
  if (!ENTRY_ID.test(entryId)) return undefined;
  const encoded = eventId.slice(0, dot);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  return { streamId: Buffer.from(encoded, 'base64url').toString('utf8'), entryId };
}

function unknownEvent(eventId: EventId): Error {
  return new Error(`unknown or expired event id ${JSON.stringify(eventId)}`);
}

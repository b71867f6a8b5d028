import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import { positiveInteger } from '../errors/invalid-option';

/** Options of `MemoryEventStore`. */
export interface MemoryEventStoreOptions {
  /** Events kept per stream; a stream's oldest go first (default 1 000). */
  maxEventsPerStream?: number;
  /** Events kept over all streams; the oldest go first (default 10 000). */
  maxEvents?: number;
  /** Bytes of serialized messages kept over all streams (default 32 MiB). */
  maxBytes?: number;
}

interface StoredEvent {
  readonly seq: number;
  readonly id: EventId;
  readonly streamId: StreamId;
  readonly json: string;
  readonly bytes: number;
}

/**
 * A bounded in-memory `EventStore` (the SDK's interface) for resumable streamable HTTP: the
 * messages sent on each SSE stream are kept so that a client reconnecting with
 * `Last-Event-ID` receives the ones it missed. Capped per stream, in number and in bytes; the
 * oldest events are dropped first, and a resume from a dropped event is refused rather than
 * replayed with a gap. The default store of stateful HTTP servers, one per server, with each
 * session's streams kept apart.
 *
 * @example
 * await app.listen({ transport: 'http', port: 3000, eventStore: new MemoryEventStore({ maxEvents: 50_000 }) });
 */
export class MemoryEventStore implements EventStore {
  private readonly maxEventsPerStream: number;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly streams = new Map<StreamId, StoredEvent[]>();
  /** Every kept event by id, in insertion order: the first entry is the oldest. */
  private readonly events = new Map<EventId, StoredEvent>();
  private bytes = 0;
  private seq = 0;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.maxEventsPerStream = positiveInteger('MemoryEventStore: maxEventsPerStream', options.maxEventsPerStream ?? 1_000);
    this.maxEvents = positiveInteger('MemoryEventStore: maxEvents', options.maxEvents ?? 10_000);
    this.maxBytes = positiveInteger('MemoryEventStore: maxBytes', options.maxBytes ?? 32 * 1024 * 1024);
  }

  /** Number of events kept. */
  get size(): number {
    return this.events.size;
  }

  /** Keeps a message sent on a stream and returns its new event id; drops the oldest events past the caps. */
  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const seq = ++this.seq;
    const json = JSON.stringify(message);
    const event: StoredEvent = { seq, id: String(seq), streamId, json, bytes: Buffer.byteLength(json) };
    const stream = this.streams.get(streamId) ?? [];
    if (stream.length === 0) this.streams.set(streamId, stream);
    stream.push(event);
    this.events.set(event.id, event);
    this.bytes += event.bytes;

    if (stream.length > this.maxEventsPerStream) this.drop(stream[0]);
    // Keep at least the event just stored, even when it alone exceeds maxBytes.
    while (this.events.size > 1 && (this.events.size > this.maxEvents || this.bytes > this.maxBytes)) {
      this.drop(this.events.values().next().value!);
    }
    return event.id;
  }

  /** The stream an event was sent on, or `undefined` when the id is unknown or its event dropped. */
  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return this.events.get(eventId)?.streamId;
  }

  /**
   * Sends again, in order, the messages of the stream of `lastEventId` stored after it, and
   * returns that stream's id; rejects when the event is unknown or dropped.
   */
  async replayEventsAfter(lastEventId: EventId, { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> }): Promise<StreamId> {
    const last = this.events.get(lastEventId);
    if (!last) throw new Error(`unknown or expired event id ${JSON.stringify(lastEventId)}`);
    // Copy first: sending may store new events on the same stream.
    const later = (this.streams.get(last.streamId) ?? []).filter((event) => event.seq > last.seq);
    for (const event of later) {
      const message = JSON.parse(event.json) as JSONRPCMessage;
      // Priming events (stored as `{}` to give a stream its first id) carry nothing to replay.
      if (!('jsonrpc' in message)) continue;
      await send(event.id, message);
    }
    return last.streamId;
  }

  /** Drops every stream whose id starts with `prefix` (a closed session's streams). */
  forgetStreams(prefix: string): void {
    for (const [streamId, stream] of this.streams) {
      if (!streamId.startsWith(prefix)) continue;
      for (const event of [...stream]) this.drop(event);
    }
  }

  private drop(event: StoredEvent): void {
    if (!this.events.delete(event.id)) return;
    this.bytes -= event.bytes;
    const stream = this.streams.get(event.streamId);
    if (!stream) return;
    const index = stream.indexOf(event);
    if (index >= 0) stream.splice(index, 1);
    if (stream.length === 0) this.streams.delete(event.streamId);
  }
}

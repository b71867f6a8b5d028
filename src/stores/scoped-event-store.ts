import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';

type Send = (eventId: EventId, message: JSONRPCMessage) => Promise<void>;

/**
 * One session's view of an event store shared by all sessions. The SDK names streams per
 * transport (every session's standalone stream is `_GET_stream`), so without a prefix two
 * sessions would share streams, and a `Last-Event-ID` taken from another session's stream
 * would replay that session's messages. Stream ids get the session's prefix on the way in and
 * lose it on the way out; an event of another session is treated as unknown.
 */
export function scopeEventStore(store: EventStore, scope: string): EventStore {
  const prefix = `${scope}/`;
  const own = (streamId: StreamId | undefined): StreamId | undefined =>
    streamId !== undefined && streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
  const foreign = (eventId: EventId): Error => new Error(`event id ${JSON.stringify(eventId)} does not belong to this session`);
  const lookup = store.getStreamIdForEventId?.bind(store);

  const scoped: EventStore = {
    storeEvent: (streamId, message) => store.storeEvent(prefix + streamId, message),

    async replayEventsAfter(lastEventId: EventId, { send }: { send: Send }): Promise<StreamId> {
      if (lookup) {
        if (own(await lookup(lastEventId)) === undefined) throw foreign(lastEventId);
        const streamId = own(await store.replayEventsAfter(lastEventId, { send }));
        if (streamId === undefined) throw foreign(lastEventId);
        return streamId;
      }
      // Without a lookup the owner is known only after the replay: hold the events until then.
      const held: Array<[EventId, JSONRPCMessage]> = [];
      const streamId = own(await store.replayEventsAfter(lastEventId, { send: async (id, message) => void held.push([id, message]) }));
      if (streamId === undefined) throw foreign(lastEventId);
      for (const [id, message] of held) await send(id, message);
      return streamId;
    },
  };
  if (lookup) scoped.getStreamIdForEventId = async (eventId) => own(await lookup(eventId));
  return scoped;
}

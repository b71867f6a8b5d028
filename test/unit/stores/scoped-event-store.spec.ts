import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';
import { MemoryEventStore } from '../../../src/stores/memory-event-store';
import { scopeEventStore } from '../../../src/stores/scoped-event-store';

describe('scopeEventStore', () => {
  const note = (n: number): JSONRPCMessage => ({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: n } });

  async function replay(store: EventStore, after: string): Promise<{ streamId: string; sent: unknown[] }> {
    const sent: unknown[] = [];
    const streamId = await store.replayEventsAfter(after, { send: async (_id, message) => void sent.push(message) });
    return { streamId, sent };
  }

  /** The memory store without its lookup, as a minimal custom store would be. */
  function withoutLookup(inner: MemoryEventStore): EventStore {
    return { storeEvent: (s, m) => inner.storeEvent(s, m), replayEventsAfter: (id, o) => inner.replayEventsAfter(id, o) };
  }

  for (const [label, make] of [
    ['a store with getStreamIdForEventId', (inner: MemoryEventStore): EventStore => inner],
    ['a store without it', withoutLookup],
  ] as const) {
    describe(label, () => {
      it('keeps same-named streams of two sessions apart and hands back unprefixed stream ids', async () => {
        const shared = new MemoryEventStore();
        const one = scopeEventStore(make(shared), 'one');
        const two = scopeEventStore(make(shared), 'two');
        const start1 = await one.storeEvent('_GET_stream', note(0));
        const start2 = await two.storeEvent('_GET_stream', note(100));
        await one.storeEvent('_GET_stream', note(1));
        await two.storeEvent('_GET_stream', note(101));

        expect(await replay(one, start1)).toEqual({ streamId: '_GET_stream', sent: [note(1)] });
        expect(await replay(two, start2)).toEqual({ streamId: '_GET_stream', sent: [note(101)] });
      });

      it('treats another session’s event id as unknown and sends none of its events', async () => {
        const shared = new MemoryEventStore();
        const one = scopeEventStore(make(shared), 'one');
        const two = scopeEventStore(make(shared), 'two');
        const start = await one.storeEvent('s', note(0));
        await one.storeEvent('s', note(1));
        const sent: unknown[] = [];
        await expect(two.replayEventsAfter(start, { send: async (_id, m) => void sent.push(m) })).rejects.toThrow(/does not belong to this session/);
        expect(sent).toEqual([]);
        if (two.getStreamIdForEventId) expect(await two.getStreamIdForEventId(start)).toBeUndefined();
      });
    });
  }

  it('offers getStreamIdForEventId only when the store does', () => {
    const shared = new MemoryEventStore();
    expect(scopeEventStore(shared, 'x').getStreamIdForEventId).toEqual(expect.any(Function));
    expect(scopeEventStore(withoutLookup(shared), 'x').getStreamIdForEventId).toBeUndefined();
  });
});

import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { MemoryEventStore } from '../../../src/stores/memory-event-store';

describe('MemoryEventStore', () => {
  const note = (n: number): JSONRPCMessage => ({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: n } });

  async function replay(store: MemoryEventStore, after: string): Promise<{ streamId: string; sent: Array<[string, JSONRPCMessage]> }> {
    const sent: Array<[string, JSONRPCMessage]> = [];
    const streamId = await store.replayEventsAfter(after, { send: async (id, message) => void sent.push([id, message]) });
    return { streamId, sent };
  }

  it('replays, in order, the events of the same stream stored after the given one', async () => {
    const store = new MemoryEventStore();
    const a1 = await store.storeEvent('a', note(1));
    const b1 = await store.storeEvent('b', note(100));
    const a2 = await store.storeEvent('a', note(2));
    const a3 = await store.storeEvent('a', note(3));
    expect(new Set([a1, b1, a2, a3]).size).toBe(4);

    const { streamId, sent } = await replay(store, a1);
    expect(streamId).toBe('a');
    expect(sent).toEqual([
      [a2, note(2)],
      [a3, note(3)],
    ]);
    expect((await replay(store, a3)).sent).toEqual([]);
    expect(await store.getStreamIdForEventId(b1)).toBe('b');
  });

  it('keeps copies: a message mutated after storing replays as it was', async () => {
    const store = new MemoryEventStore();
    const first = await store.storeEvent('a', note(0));
    const message = note(1) as { params: { data: number } } & JSONRPCMessage;
    await store.storeEvent('a', message);
    message.params.data = 666;
    expect((await replay(store, first)).sent[0]![1]).toEqual(note(1));
  });

  it('stores priming events (an id to resume from) but does not replay them', async () => {
    const store = new MemoryEventStore();
    const priming = await store.storeEvent('a', {} as JSONRPCMessage);
    const real = await store.storeEvent('a', note(1));
    await store.storeEvent('a', {} as JSONRPCMessage);
    expect((await replay(store, priming)).sent).toEqual([[real, note(1)]]);
  });

  it('refuses a resume from an unknown event id', async () => {
    const store = new MemoryEventStore();
    await expect(replay(store, 'nope')).rejects.toThrow(/unknown or expired event id "nope"/);
    expect(await store.getStreamIdForEventId('nope')).toBeUndefined();
  });

  it('caps each stream: its oldest events go first, other streams keep theirs', async () => {
    const store = new MemoryEventStore({ maxEventsPerStream: 2 });
    const b1 = await store.storeEvent('b', note(100));
    const a1 = await store.storeEvent('a', note(1));
    const a2 = await store.storeEvent('a', note(2));
    const a3 = await store.storeEvent('a', note(3));
    expect(store.size).toBe(3);
    await expect(replay(store, a1)).rejects.toThrow(/unknown or expired/);
    expect((await replay(store, a2)).sent).toEqual([[a3, note(3)]]);
    expect(await store.getStreamIdForEventId(b1)).toBe('b');
  });

  it('caps the total number of events, dropping the oldest of any stream', async () => {
    const store = new MemoryEventStore({ maxEvents: 3 });
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push(await store.storeEvent(i % 2 === 0 ? 'a' : 'b', note(i)));
    expect(store.size).toBe(3);
    expect(await store.getStreamIdForEventId(ids[0]!)).toBeUndefined();
    expect(await store.getStreamIdForEventId(ids[1]!)).toBeUndefined();
    expect((await replay(store, ids[2]!)).sent).toEqual([[ids[4], note(4)]]);
  });

  it('caps the total bytes, always keeping the newest event', async () => {
    const big = (n: number): JSONRPCMessage => ({ jsonrpc: '2.0', method: 'm', params: { pad: 'x'.repeat(1_000), n } });
    const store = new MemoryEventStore({ maxBytes: 2_500 });
    for (let i = 0; i < 10; i += 1) await store.storeEvent('a', big(i));
    expect(store.size).toBe(2);
    const huge = new MemoryEventStore({ maxBytes: 10 });
    const only = await huge.storeEvent('a', big(1));
    expect(huge.size).toBe(1);
    expect(await huge.getStreamIdForEventId(only)).toBe('a');
  });

  it('forgets the streams under a prefix (a closed session’s)', async () => {
    const store = new MemoryEventStore();
    const gone = await store.storeEvent('s1/_GET_stream', note(1));
    await store.storeEvent('s1/x', note(2));
    const kept = await store.storeEvent('s2/_GET_stream', note(3));
    store.forgetStreams('s1/');
    expect(store.size).toBe(1);
    expect(await store.getStreamIdForEventId(gone)).toBeUndefined();
    expect(await store.getStreamIdForEventId(kept)).toBe('s2/_GET_stream');
  });

  it('rejects caps that are not positive integers', () => {
    expect(() => new MemoryEventStore({ maxEvents: 0 })).toThrow(/maxEvents must be a positive integer, got 0/);
    expect(() => new MemoryEventStore({ maxEventsPerStream: 1.5 })).toThrow(/maxEventsPerStream/);
    expect(() => new MemoryEventStore({ maxBytes: -1 })).toThrow(/maxBytes/);
  });
});

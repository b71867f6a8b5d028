import type { Server } from '@modelcontextprotocol/server';
import { MAX_SUBSCRIPTIONS_PER_SESSION, ResourceSubscriptions } from '../../../src/server/resource-subscriptions';

/** A session: only its identity matters to the subscriptions. */
const session = (): Server => ({}) as Server;

describe('ResourceSubscriptions', () => {
  let subscriptions: ResourceSubscriptions;

  beforeEach(() => {
    subscriptions = new ResourceSubscriptions();
  });

  it('records which session subscribed to which URI', () => {
    const alice = session();
    const bob = session();
    expect(subscriptions.subscribe(alice, 'shop://price')).toBe(true);
    expect(subscriptions.subscribe(bob, 'shop://logo')).toBe(true);
    expect(subscriptions.has(alice, 'shop://price')).toBe(true);
    expect(subscriptions.has(alice, 'shop://logo')).toBe(false);
    expect(subscriptions.has(bob, 'shop://logo')).toBe(true);
    expect(subscriptions.has(session(), 'shop://price')).toBe(false);
  });

  it('counts the sessions subscribed to a URI, once each', () => {
    const [a, b, c] = [session(), session(), session()];
    subscriptions.subscribe(a, 'x://1');
    subscriptions.subscribe(a, 'x://1');
    subscriptions.subscribe(b, 'x://1');
    subscriptions.subscribe(c, 'x://2');
    expect(subscriptions.countSubscribers('x://1')).toBe(2);
    expect(subscriptions.countSubscribers('x://2')).toBe(1);
    expect(subscriptions.countSubscribers('x://3')).toBe(0);
  });

  it('matches URIs exactly', () => {
    const a = session();
    subscriptions.subscribe(a, 'x://items/1');
    expect(subscriptions.has(a, 'x://items/10')).toBe(false);
    expect(subscriptions.has(a, 'x://items')).toBe(false);
    expect(subscriptions.countSubscribers('X://items/1')).toBe(0);
  });

  it('unsubscribe removes one URI of one session; unknown ones are ignored', () => {
    const [a, b] = [session(), session()];
    subscriptions.subscribe(a, 'x://1');
    subscriptions.subscribe(a, 'x://2');
    subscriptions.subscribe(b, 'x://1');
    subscriptions.unsubscribe(a, 'x://1');
    subscriptions.unsubscribe(a, 'x://never');
    subscriptions.unsubscribe(session(), 'x://1');
    expect(subscriptions.has(a, 'x://1')).toBe(false);
    expect(subscriptions.has(a, 'x://2')).toBe(true);
    expect(subscriptions.has(b, 'x://1')).toBe(true);
    expect(subscriptions.countSubscribers('x://1')).toBe(1);
  });

  it('drop forgets every subscription of a closed session, and only its own', () => {
    const [a, b] = [session(), session()];
    subscriptions.subscribe(a, 'x://1');
    subscriptions.subscribe(a, 'x://2');
    subscriptions.subscribe(b, 'x://2');
    subscriptions.drop(a);
    expect(subscriptions.has(a, 'x://1')).toBe(false);
    expect(subscriptions.countSubscribers('x://1')).toBe(0);
    expect(subscriptions.countSubscribers('x://2')).toBe(1);
    subscriptions.drop(session()); // unknown: nothing happens
    expect(subscriptions.has(b, 'x://2')).toBe(true);
  });

  describe(`at most ${MAX_SUBSCRIPTIONS_PER_SESSION} subscriptions per session`, () => {
    const fill = (server: Server): void => {
      for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_SESSION; i++) expect(subscriptions.subscribe(server, `x://${i}`)).toBe(true);
    };

    it('refuses one more, without recording it', () => {
      const a = session();
      fill(a);
      expect(subscriptions.subscribe(a, 'x://one-too-many')).toBe(false);
      expect(subscriptions.has(a, 'x://one-too-many')).toBe(false);
    });

    it('a session at the limit may repeat a subscription it holds', () => {
      const a = session();
      fill(a);
      expect(subscriptions.subscribe(a, 'x://0')).toBe(true);
      expect(subscriptions.has(a, 'x://0')).toBe(true);
    });

    it('unsubscribing makes room again', () => {
      const a = session();
      fill(a);
      subscriptions.unsubscribe(a, 'x://0');
      expect(subscriptions.subscribe(a, 'x://new')).toBe(true);
      expect(subscriptions.subscribe(a, 'x://newer')).toBe(false);
    });

    it('the limit is per session: another session still subscribes', () => {
      fill(session());
      expect(subscriptions.subscribe(session(), 'x://0')).toBe(true);
      expect(subscriptions.countSubscribers('x://0')).toBe(2);
    });
  });
});

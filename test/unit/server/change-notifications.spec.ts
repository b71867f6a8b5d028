import { InMemoryServerEventBus, type Server, type ServerEvent, type ServerEventBus } from '@modelcontextprotocol/server';
import { ChangeNotifications } from '../../../src/server/change-notifications';
import { ResourceSubscriptions } from '../../../src/server/resource-subscriptions';
import { captureLogger } from '../../support/capture-logger';

/** What ChangeNotifications uses of an SDK server: its four notification senders and `onclose`. */
class FakeServer {
  readonly sent: string[] = [];
  onclose?: () => void;
  /** When set, every send rejects with it (a connection gone). */
  failWith?: Error;

  sendToolListChanged = (): Promise<void> => this.send('tools/list_changed');
  sendPromptListChanged = (): Promise<void> => this.send('prompts/list_changed');
  sendResourceListChanged = (): Promise<void> => this.send('resources/list_changed');
  sendResourceUpdated = (params: { uri: string }): Promise<void> => this.send(`resources/updated ${params.uri}`);

  get server(): Server {
    return this as unknown as Server;
  }

  private send(what: string): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.sent.push(what);
    return Promise.resolve();
  }
}

/** Lets rejected sends reach their handlers. */
const settle = (): Promise<void> => new Promise((done) => setImmediate(done));

describe('ChangeNotifications', () => {
  let bus: InMemoryServerEventBus;
  let subscriptions: ResourceSubscriptions;
  let log: ReturnType<typeof captureLogger>;
  let notifications: ChangeNotifications;

  beforeEach(() => {
    bus = new InMemoryServerEventBus();
    subscriptions = new ResourceSubscriptions();
    log = captureLogger();
    notifications = new ChangeNotifications(bus, subscriptions, log.logger);
  });

  afterEach(() => {
    notifications.close();
  });

  it('reads the bus from its creation', () => {
    expect(bus.listenerCount).toBe(1);
    expect(notifications.bus).toBe(bus);
    expect(notifications.subscriptions).toBe(subscriptions);
  });

  it('sends each list change to every tracked connection, in both eras', () => {
    const legacy = new FakeServer();
    const modern = new FakeServer();
    notifications.track(legacy.server, 'legacy');
    notifications.track(modern.server, 'modern');
    notifications.publish({ kind: 'tools_list_changed' });
    notifications.publish({ kind: 'prompts_list_changed' });
    notifications.publish({ kind: 'resources_list_changed' });
    const expected = ['tools/list_changed', 'prompts/list_changed', 'resources/list_changed'];
    expect(legacy.sent).toEqual(expected);
    expect(modern.sent).toEqual(expected);
  });

  it('delivers events raised on the bus by others (other replicas) too', () => {
    const server = new FakeServer();
    notifications.track(server.server, 'legacy');
    bus.publish({ kind: 'tools_list_changed' });
    expect(server.sent).toEqual(['tools/list_changed']);
  });

  it('sends a resource update to 2025 sessions that subscribed to it, and to every 2026-07-28 connection', () => {
    const subscribed = new FakeServer();
    const other = new FakeServer();
    const modern = new FakeServer();
    notifications.track(subscribed.server, 'legacy');
    notifications.track(other.server, 'legacy');
    notifications.track(modern.server, 'modern');
    subscriptions.subscribe(subscribed.server, 'shop://price');
    subscriptions.subscribe(other.server, 'shop://logo');

    notifications.publish({ kind: 'resource_updated', uri: 'shop://price' });
    expect(subscribed.sent).toEqual(['resources/updated shop://price']);
    expect(other.sent).toEqual([]);
    // The 2026-07-28 listen stream filters by itself.
    expect(modern.sent).toEqual(['resources/updated shop://price']);
  });

  it('resourceUpdated publishes and answers how many 2025 sessions of this process subscribed', () => {
    const [a, b, c] = [new FakeServer(), new FakeServer(), new FakeServer()];
    for (const s of [a, b, c]) notifications.track(s.server, 'legacy');
    subscriptions.subscribe(a.server, 'x://1');
    subscriptions.subscribe(b.server, 'x://1');
    const heard: ServerEvent[] = [];
    const stop = bus.subscribe((event) => heard.push(event));
    expect(notifications.resourceUpdated('x://1')).toBe(2);
    expect(notifications.resourceUpdated('x://nobody')).toBe(0);
    stop();
    expect(heard).toEqual([
      { kind: 'resource_updated', uri: 'x://1' },
      { kind: 'resource_updated', uri: 'x://nobody' },
    ]);
    expect([a.sent, b.sent, c.sent]).toEqual([['resources/updated x://1'], ['resources/updated x://1'], []]);
  });

  it('follows a connection until it closes: then forgets it and its subscriptions, and calls the previous onclose', () => {
    const server = new FakeServer();
    const previous = jest.fn();
    server.onclose = previous;
    notifications.track(server.server, 'legacy');
    subscriptions.subscribe(server.server, 'x://1');
    expect(notifications.size).toBe(1);

    server.onclose!();
    expect(previous).toHaveBeenCalledTimes(1);
    expect(notifications.size).toBe(0);
    expect(subscriptions.has(server.server, 'x://1')).toBe(false);
    notifications.publish({ kind: 'tools_list_changed' });
    expect(server.sent).toEqual([]);
  });

  it('tracks a connection without a previous onclose', () => {
    const server = new FakeServer();
    notifications.track(server.server, 'modern');
    expect(() => server.onclose!()).not.toThrow();
    expect(notifications.size).toBe(0);
  });

  it('a connection whose send fails does not stop the others; the failure is logged at debug', async () => {
    const gone = new FakeServer();
    gone.failWith = new Error('Not connected');
    const alive = new FakeServer();
    notifications.track(gone.server, 'legacy');
    notifications.track(alive.server, 'legacy');
    notifications.publish({ kind: 'prompts_list_changed' });
    expect(alive.sent).toEqual(['prompts/list_changed']);
    await settle();
    expect(log.entries()).toEqual([
      expect.objectContaining({ level: 'debug', event: 'notification_not_delivered', kind: 'prompts_list_changed', error: 'Error: Not connected' }),
    ]);
  });

  it('publish never throws: a failing bus is logged as a warning', () => {
    const failing: ServerEventBus = {
      publish: () => {
        throw new Error('redis down');
      },
      subscribe: () => () => undefined,
    };
    const guarded = new ChangeNotifications(failing, new ResourceSubscriptions(), log.logger);
    expect(() => guarded.publish({ kind: 'tools_list_changed' })).not.toThrow();
    expect(guarded.resourceUpdated('x://1')).toBe(0);
    expect(log.entries().map((e) => [e['level'], e['event'], e['kind'], e['error']])).toEqual([
      ['warn', 'notification_publish_failed', 'tools_list_changed', 'Error: redis down'],
      ['warn', 'notification_publish_failed', 'resource_updated', 'Error: redis down'],
    ]);
    guarded.close();
  });

  it('close stops reading the bus', () => {
    const server = new FakeServer();
    notifications.track(server.server, 'legacy');
    notifications.close();
    expect(bus.listenerCount).toBe(0);
    bus.publish({ kind: 'tools_list_changed' });
    expect(server.sent).toEqual([]);
  });
});

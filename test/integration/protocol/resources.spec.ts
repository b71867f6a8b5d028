import { ProtocolError } from '@modelcontextprotocol/client';
import { IsNumberString } from 'class-validator';
import { McpApp, Resource, TOKENS, Tool, type TestClient } from 'mcp-decorators';
import { inject, injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

class ItemVariables {
  @IsNumberString() id!: string;
}

describe.each([['2026-07-28'], ['2025-11-25']])('resources: templates, binary contents and subscriptions (%s)', (protocolVersion) => {
  const modern = protocolVersion === '2026-07-28';
  @injectable()
  class Catalog {
    private price = 10;

    // The app itself, injected: tools notify subscribers when they change a resource.
    constructor(@inject(TOKENS.App) private readonly app: McpApp) {}

    @Resource('shop://price', { mimeType: 'application/json', description: 'The current price' })
    currentPrice(): object {
      return { price: this.price };
    }

    @Resource('shop://logo', { mimeType: 'image/png' })
    logo(): Buffer {
      return PNG_1X1;
    }

    @Resource('shop://items/{id}', { mimeType: 'application/json', title: 'An item' })
    item({ id }: ItemVariables): object {
      return { id, name: `item ${id}` };
    }

    @Tool({ description: 'Changes the price' })
    async reprice(): Promise<string> {
      this.price += 1;
      const notified = await this.app.notifyResourceUpdated('shop://price');
      return `notified ${notified}`;
    }
  }

  const apps = useApps('all');
  let app: McpApp;
  const connect = (): Promise<TestClient> => apps.client(app, { protocolVersion });

  beforeAll(async () => {
    app = await apps.app({ name: 'shop', version: '1.0.0', providers: [Catalog], logger: { level: 'error' } });
  });

  it('declares subscribe and listChanged for resources', async () => {
    const client = await connect();
    expect(client.sdk.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: true });
  });

  it('lists templates apart from static resources and reads through them, validating the variables', async () => {
    const client = await connect();
    expect((await client.listResources()).map((r) => r.uri)).toEqual(['shop://price', 'shop://logo']);
    expect(await client.listResourceTemplates()).toEqual([{ uriTemplate: 'shop://items/{id}', name: 'item', title: 'An item', mimeType: 'application/json' }]);
    expect((await client.sdk.readResource({ uri: 'shop://items/42' })).contents).toEqual([
      { uri: 'shop://items/42', mimeType: 'application/json', text: '{"id":"42","name":"item 42"}' },
    ]);
    await expect(client.readResource('shop://items/abc')).rejects.toThrow(/Invalid arguments for resource item: id must be a number string/);
    // Resource not found is -32602 in every era (the SDK maps the 2025 -32002, as the 2026 specification requires).
    await expect(client.readResource('shop://nothing')).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('shop://nothing') });
  });

  it('serves bytes as a base64 blob with the declared MIME type', async () => {
    const client = await connect();
    const result = await client.sdk.readResource({ uri: 'shop://logo' });
    expect(result.contents).toEqual([{ uri: 'shop://logo', mimeType: 'image/png', blob: PNG_1X1.toString('base64') }]);
    expect(Buffer.from((result.contents[0] as { blob: string }).blob, 'base64').equals(PNG_1X1)).toBe(true);
  });

  /**
   * Waits until every client heard a resources list change, sent after whatever came before:
   * an update sent earlier to one of them would have arrived by then.
   */
  const barrier = async (...listeners: TestClient[]): Promise<void> => {
    for (const client of listeners) client.clearNotifications();
    app.disableResource('shop://logo');
    app.enableResource('shop://logo');
    await Promise.all(listeners.map((client) => client.waitForNotification('notifications/resources/list_changed')));
  };
  const updatesOf = (client: TestClient): unknown[] => client.notificationsOf('notifications/resources/updated').map((n) => n.params.uri);

  it('notifies exactly the subscribed clients, until they unsubscribe', async () => {
    const watcher = await connect();
    const bystander = await connect();
    const actor = await connect();
    await watcher.subscribeResource('shop://price');
    await bystander.subscribeResource('shop://logo');

    // The count is of 2025 sessions; 2026-07-28 listen streams are reached without being counted.
    expect(await actor.callTool('reprice')).toBe(modern ? 'notified 0' : 'notified 1');
    const update = await watcher.waitForNotification('notifications/resources/updated');
    expect(update.params.uri).toBe('shop://price');
    expect(await watcher.readResource('shop://price')).toEqual({ price: 11 });
    const bystanderUpdates = updatesOf(bystander);
    const actorUpdates = updatesOf(actor);
    await barrier(bystander, actor);
    expect([...bystanderUpdates, ...updatesOf(bystander)]).toEqual([]);
    expect([...actorUpdates, ...updatesOf(actor)]).toEqual([]);

    await watcher.unsubscribeResource('shop://price');
    watcher.clearNotifications();
    expect(await actor.callTool('reprice')).toBe('notified 0');
    const after = updatesOf(watcher);
    await barrier(watcher);
    expect([...after, ...updatesOf(watcher)]).toEqual([]);
  });

  it('accepts subscriptions to URIs served by a template', async () => {
    const client = await connect();
    await client.subscribeResource('shop://items/7');
    expect(await app.notifyResourceUpdated('shop://items/7')).toBe(modern ? 0 : 1);
    await client.waitForNotification('notifications/resources/updated', { where: (n) => n.params.uri === 'shop://items/7' });
  });

  if (modern) {
    it('has no resources/subscribe on 2026-07-28: the client refuses to send it', async () => {
      const client = await connect();
      await expect(client.sdk.subscribeResource({ uri: 'shop://price' })).rejects.toMatchObject({ code: 'METHOD_NOT_SUPPORTED_BY_PROTOCOL_VERSION' });
    });
  } else {
    it('refuses a subscription to an unknown resource with -32602', async () => {
      const client = await connect();
      await expect(client.sdk.subscribeResource({ uri: 'shop://items/7' })).resolves.toEqual({});
      const error = await client.sdk.subscribeResource({ uri: 'shop://unknown' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error).toMatchObject({ code: -32602, message: expect.stringContaining('shop://unknown') });
    });

    it('forgets the subscriptions of a closed session', async () => {
      const client = await connect();
      await client.sdk.subscribeResource({ uri: 'shop://logo' });
      const before = await app.notifyResourceUpdated('shop://logo');
      await client.close();
      expect(await app.notifyResourceUpdated('shop://logo')).toBe(before - 1);
    });
  }
});

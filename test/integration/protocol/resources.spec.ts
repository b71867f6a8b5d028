import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { IsNumberString } from 'class-validator';
import { inject, injectable } from 'tsyringe';
import { createMcpApp, createTestClient, McpApp, Resource, Tool, TOKENS, type TestClient } from 'mcp-decorators';

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

class ItemVariables {
  @IsNumberString() id!: string;
}

describe('resources: templates, binary contents and subscriptions', () => {
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

  let app: McpApp;
  const clients: TestClient[] = [];
  const connect = async (): Promise<TestClient> => {
    const client = await createTestClient(app);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    app = await createMcpApp({ name: 'shop', version: '1.0.0', providers: [Catalog], logger: { level: 'error' } });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await app.close();
  });

  it('declares subscribe and listChanged for resources', async () => {
    const client = await connect();
    expect(client.sdk.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: true });
  });

  it('lists templates apart from static resources and reads through them, validating the variables', async () => {
    const client = await connect();
    expect((await client.listResources()).map((r) => r.uri)).toEqual(['shop://price', 'shop://logo']);
    expect(await client.listResourceTemplates()).toEqual([
      { uriTemplate: 'shop://items/{id}', name: 'item', title: 'An item', mimeType: 'application/json' },
    ]);
    expect(await client.sdk.readResource({ uri: 'shop://items/42' })).toEqual({
      contents: [{ uri: 'shop://items/42', mimeType: 'application/json', text: '{"id":"42","name":"item 42"}' }],
    });
    await expect(client.readResource('shop://items/abc')).rejects.toThrow(/Invalid arguments for resource item: id must be a number string/);
    await expect(client.readResource('shop://nothing')).rejects.toMatchObject({ code: -32002 });
  });

  it('serves bytes as a base64 blob with the declared MIME type', async () => {
    const client = await connect();
    const result = await client.sdk.readResource({ uri: 'shop://logo' });
    expect(result.contents).toEqual([{ uri: 'shop://logo', mimeType: 'image/png', blob: PNG_1X1.toString('base64') }]);
    expect(Buffer.from((result.contents[0] as { blob: string }).blob, 'base64').equals(PNG_1X1)).toBe(true);
  });

  it('notifies exactly the subscribed sessions, until they unsubscribe', async () => {
    const watcher = await connect();
    const bystander = await connect();
    const actor = await connect();
    await watcher.sdk.subscribeResource({ uri: 'shop://price' });
    await bystander.sdk.subscribeResource({ uri: 'shop://logo' });

    expect(await actor.callTool('reprice')).toBe('notified 1');
    const update = await watcher.waitForNotification('notifications/resources/updated');
    expect(update.params).toEqual({ uri: 'shop://price' });
    expect(await watcher.readResource('shop://price')).toEqual({ price: 11 });
    expect(bystander.notificationsOf('notifications/resources/updated')).toEqual([]);
    expect(actor.notificationsOf('notifications/resources/updated')).toEqual([]);

    await watcher.sdk.unsubscribeResource({ uri: 'shop://price' });
    watcher.clearNotifications();
    expect(await actor.callTool('reprice')).toBe('notified 0');
    expect(watcher.notificationsOf('notifications/resources/updated')).toEqual([]);
  });

  it('accepts subscriptions to URIs served by a template, and refuses unknown ones', async () => {
    const client = await connect();
    await expect(client.sdk.subscribeResource({ uri: 'shop://items/7' })).resolves.toEqual({});
    expect(await app.notifyResourceUpdated('shop://items/7')).toBe(1);
    await client.waitForNotification('notifications/resources/updated', { where: (n) => n.params.uri === 'shop://items/7' });
    const error = await client.sdk.subscribeResource({ uri: 'shop://unknown' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32002 });
  });

  it('forgets the subscriptions of a closed session', async () => {
    const client = await connect();
    await client.sdk.subscribeResource({ uri: 'shop://logo' });
    const before = await app.notifyResourceUpdated('shop://logo');
    await client.close();
    expect(await app.notifyResourceUpdated('shop://logo')).toBe(before - 1);
  });
});

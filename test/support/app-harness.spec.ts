import { Tool, type McpApp, type McpAppOptions, type TestClient } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { createAppHarness, useApps } from './app-harness';

@injectable()
class Ping {
  @Tool({ description: 'Answers' })
  ping(): string {
    return 'pong';
  }
}

const options: McpAppOptions = { name: 'harness', version: '1.0.0', providers: [Ping], logger: { level: 'error' }, configSource: { env: {}, envFile: false } };

/** Whether `app` refuses new connections, as a closed app does. */
async function isClosed(app: McpApp, client: TestClient): Promise<boolean> {
  const refused = await client.callTool('ping').then(
    () => false,
    () => true,
  );
  const connect = await createAppHarness()
    .client(app)
    .then(
      () => 'connected',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
  return refused && connect === 'this app is closed';
}

describe.each([['2026-07-28'], ['2025-11-25']])('useApps (%s)', (protocolVersion) => {
  describe("'each': closed after every test", () => {
    const apps = useApps();
    let opened: { app: McpApp; client: TestClient; extra: TestClient } | undefined;

    it('opens an app and clients that answer', async () => {
      const { app, client } = await apps.start(options, { protocolVersion });
      const extra = await apps.client(app, { protocolVersion });
      opened = { app, client, extra };
      expect(await client.callTool('ping')).toBe('pong');
      expect(await extra.callTool('ping')).toBe('pong');
      expect(client.era).toBe(protocolVersion === '2026-07-28' ? 'modern' : 'legacy');
    });

    it('has closed them after the test', async () => {
      expect(opened).toBeDefined();
      const { app, client, extra } = opened!;
      opened = undefined;
      await expect(extra.callTool('ping')).rejects.toThrow();
      expect(await isClosed(app, client)).toBe(true);
    });

    it.failing('opens an app in a test that fails', async () => {
      const { app, client } = await apps.start(options, { protocolVersion });
      opened = { app, client, extra: client };
      throw new Error('this test fails on purpose');
    });

    it('has closed it all the same', async () => {
      expect(opened).toBeDefined();
      expect(await isClosed(opened!.app, opened!.client)).toBe(true);
    });
  });

  describe("'all': closed after the suite", () => {
    let kept: { app: McpApp; client: TestClient } | undefined;

    describe('a suite', () => {
      const apps = useApps('all');
      let client: TestClient;

      beforeAll(async () => {
        ({ client } = await apps.start(options, { protocolVersion }));
      });

      it('keeps the app open from one test', async () => {
        expect(await client.callTool('ping')).toBe('pong');
      });

      it('to the next', async () => {
        expect(await client.callTool('ping')).toBe('pong');
        kept = { app: (await apps.start(options, { protocolVersion })).app, client };
      });
    });

    it('has closed what the suite opened', async () => {
      expect(kept).toBeDefined();
      expect(await isClosed(kept!.app, kept!.client)).toBe(true);
    });
  });
});

describe('createAppHarness().closeAll', () => {
  afterEach(() => jest.restoreAllMocks());

  it('closes the clients, then the apps', async () => {
    const harness = createAppHarness();
    const { app, client } = await harness.start(options);
    const closeClient = jest.spyOn(client.sdk, 'close');
    const closeApp = jest.spyOn(app, 'close');
    await harness.closeAll();
    expect(closeClient).toHaveBeenCalledTimes(1);
    expect(closeApp).toHaveBeenCalledTimes(1);
    expect(closeClient.mock.invocationCallOrder[0]).toBeLessThan(closeApp.mock.invocationCallOrder[0]!);
    expect(await isClosed(app, client)).toBe(true);
  });

  it('is harmless twice, and after the test closed things itself', async () => {
    const harness = createAppHarness();
    const { app, client } = await harness.start(options, { protocolVersion: '2025-11-25' });
    await client.close();
    await app.close();
    const closeApp = jest.spyOn(app, 'close');
    await harness.closeAll();
    await harness.closeAll();
    await expect(client.close()).resolves.toBeUndefined();
    expect(closeApp).toHaveBeenCalledTimes(1);
  });

  it('closes the apps even when a client fails to close, then reports the failure', async () => {
    const harness = createAppHarness();
    const { app, client } = await harness.start(options);
    jest.spyOn(client.sdk, 'close').mockRejectedValueOnce(new Error('client would not close'));
    const closeApp = jest.spyOn(app, 'close');
    await expect(harness.closeAll()).rejects.toThrow('client would not close');
    expect(closeApp).toHaveBeenCalledTimes(1);
    await expect(createAppHarness().client(app)).rejects.toThrow('this app is closed');
  });
});

import { createMcpApp, createTestClient, type McpApp, type McpAppOptions, type TestClient, type TestClientOptions } from 'mcp-decorators';

/**
 * Apps and test clients opened for a test, and closed for it: clients first, then apps, each
 * one even when an earlier one failed to close.
 */
export interface AppHarness {
  /** Creates an app with `createMcpApp(options)`, to be closed after the test. */
  app(options: McpAppOptions): Promise<McpApp>;
  /** Connects a client to `app` with `createTestClient`, to be closed before the apps. */
  client(app: McpApp, options?: TestClientOptions): Promise<TestClient>;
  /** An app and one client connected to it (`{ protocolVersion: '2025-11-25' }` for the 2025 era). */
  start(options: McpAppOptions, clientOptions?: TestClientOptions): Promise<{ app: McpApp; client: TestClient }>;
  /**
   * Closes what is open: every client, then every app. Closing something already closed (by
   * the test, or by an earlier call) is harmless. Rejects with the first failure, once all closed.
   */
  closeAll(): Promise<void>;
}

/** A harness without hooks: the caller calls `closeAll()`. Specs use `useApps`. */
export function createAppHarness(): AppHarness {
  const apps: McpApp[] = [];
  const clients: TestClient[] = [];
  const harness: AppHarness = {
    async app(options) {
      const app = await createMcpApp(options);
      apps.push(app);
      return app;
    },
    async client(app, options = {}) {
      const client = await createTestClient(app, options);
      clients.push(closingOnce(client));
      return client;
    },
    async start(options, clientOptions) {
      const app = await harness.app(options);
      return { app, client: await harness.client(app, clientOptions) };
    },
    async closeAll() {
      const results = [
        ...(await Promise.allSettled(clients.splice(0).map((client) => client.close()))),
        ...(await Promise.allSettled(apps.splice(0).map((app) => app.close()))),
      ];
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
    },
  };
  return harness;
}

/**
 * A harness whose apps and clients are closed after each test (`'each'`, the default), or after
 * the suite (`'all'`, for apps made in `beforeAll`). Call it in a `describe` body (or at the top
 * of a file); what it opened is closed even when the test failed. Jest runs the `afterEach` (and
 * `afterAll`) hooks of a block in the order they were declared: one that must run before the
 * closing (releasing a gate a call waits on) goes above the `useApps()` call.
 *
 * @example
 * const apps = useApps('all');
 * let client: TestClient;
 * beforeAll(async () => ({ client } = await apps.start({ name: 't', version: '1', providers: [MathTools] })));
 */
export function useApps(scope: 'each' | 'all' = 'each'): AppHarness {
  const harness = createAppHarness();
  (scope === 'each' ? afterEach : afterAll)(() => harness.closeAll());
  return harness;
}

/** Makes `client.close()` run once, so a test may close a client the harness closes again. */
function closingOnce(client: TestClient): TestClient {
  let closing: Promise<void> | undefined;
  const close = client.close.bind(client);
  client.close = () => (closing ??= close());
  return client;
}

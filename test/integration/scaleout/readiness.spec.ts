import { createMcpApp, MemoryStore, type McpApp, type Store } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { FlakyStore } from '../../support/flaky-store';

@injectable()
class NoTools {}

describe('app.readiness()', () => {
  const start = (store: Store): Promise<McpApp> => createMcpApp({ name: 'ready', version: '1.0.0', providers: [NoTools], logger: { level: 'error' }, store });

  it('is ready while the store answers, degraded but still ready while it does not, ready again after', async () => {
    const store = new FlakyStore();
    const app = await start(store);
    expect(await app.readiness()).toEqual({ status: 'ready', ready: true, checks: { store: 'ok' } });
    store.down = true;
    expect(await app.readiness()).toEqual({ status: 'degraded', ready: true, checks: { store: 'unavailable' } });
    store.down = false;
    expect(await app.readiness()).toEqual({ status: 'ready', ready: true, checks: { store: 'ok' } });
    await app.close();
  });

  it('counts a store whose ping throws or never answers as unavailable, without hanging', async () => {
    const throwing = Object.assign(new MemoryStore(), { ping: async () => Promise.reject(new Error('boom')) });
    const hanging = Object.assign(new MemoryStore(), { ping: () => new Promise<boolean>(() => undefined) });
    for (const store of [throwing, hanging]) {
      const app = await start(store);
      const started = Date.now();
      expect(await app.readiness()).toMatchObject({ status: 'degraded', ready: true });
      // Liveness bound, not a performance threshold.
      expect(Date.now() - started).toBeLessThan(5_000);
      await app.close();
    }
  });

  it('is not ready once a shutdown has begun', async () => {
    const app = await start(new MemoryStore());
    await app.shutdown({ timeoutMs: 1_000 });
    expect(await app.readiness()).toMatchObject({ status: 'stopping', ready: false });
  });
});

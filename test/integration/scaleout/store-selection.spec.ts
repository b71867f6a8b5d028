import { Redis } from 'ioredis';
import { createMcpApp, McpDefinitionError, MemoryStore, RedisStore, type McpApp } from 'mcp-decorators';
import { randomBytes } from 'node:crypto';
import { injectable } from 'tsyringe';
import { deleteKeysWithPrefix, describeRedis, sleep, TEST_REDIS_URL } from '../../support/redis';

@injectable()
class NoTools {}

const quiet = { level: 'error' } as const;

describe('store selection without Redis', () => {
  const saved = process.env['MCP_REDIS_URL'];
  afterEach(() => {
    if (saved === undefined) delete process.env['MCP_REDIS_URL'];
    else process.env['MCP_REDIS_URL'] = saved;
  });

  it('uses the bounded in-memory store by default, and when MCP_REDIS_URL is empty', async () => {
    delete process.env['MCP_REDIS_URL'];
    const plain = await createMcpApp({ name: 'plain', version: '1.0.0', providers: [NoTools], logger: quiet });
    process.env['MCP_REDIS_URL'] = '';
    const empty = await createMcpApp({ name: 'empty', version: '1.0.0', providers: [NoTools], logger: quiet });
    expect(plain.services.store).toBeInstanceOf(MemoryStore);
    expect(empty.services.store).toBeInstanceOf(MemoryStore);
    await Promise.all([plain.close(), empty.close()]);
  });

  it('refuses store and redis together, naming both', async () => {
    await expect(
      createMcpApp({ name: 'x', version: '1.0.0', providers: [NoTools], logger: quiet, store: new MemoryStore(), redis: { url: TEST_REDIS_URL } }),
    ).rejects.toThrow(new McpDefinitionError('createMcpApp: give either store or redis, not both'));
  });

  it('keeps a store given in code over MCP_REDIS_URL', async () => {
    process.env['MCP_REDIS_URL'] = 'redis://127.0.0.1:1';
    const store = new MemoryStore();
    const app = await createMcpApp({ name: 'given', version: '1.0.0', providers: [NoTools], logger: quiet, store });
    expect(app.services.store).toBe(store);
    await app.close();
  });
});

describeRedis('store selection with Redis', () => {
  const saved = process.env['MCP_REDIS_URL'];
  const name = `selection-${randomBytes(4).toString('hex')}`;
  const apps: McpApp[] = [];
  let raw: Redis;

  beforeAll(() => {
    raw = new Redis(TEST_REDIS_URL);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['MCP_REDIS_URL'];
    else process.env['MCP_REDIS_URL'] = saved;
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await deleteKeysWithPrefix(`mcp:${name}`);
    await deleteKeysWithPrefix(`custom:${name}:`);
    await raw.quit();
  });

  async function app(options: Partial<Parameters<typeof createMcpApp>[0]> = {}): Promise<McpApp> {
    const created = await createMcpApp({ name, version: '1.0.0', providers: [NoTools], logger: quiet, ...options });
    apps.push(created);
    // The first command waits for the connection; on a loaded machine that can outlast the
    // default 500 ms command timeout, which is not what these tests are about.
    const deadline = Date.now() + 10_000;
    while (!(await created.services.store.ping()) && Date.now() < deadline) await sleep(50);
    return created;
  }

  it('MCP_REDIS_URL selects Redis, with keys under mcp:<app name>:', async () => {
    process.env['MCP_REDIS_URL'] = TEST_REDIS_URL;
    const { store } = (await app()).services;
    expect(store).toBeInstanceOf(RedisStore);
    await store.set('from-env', { ok: 1 }, 60_000);
    expect(await raw.get(`mcp:${name}:from-env`)).toBe('{"ok":1}');
  });

  it('the redis option selects Redis without any environment', async () => {
    delete process.env['MCP_REDIS_URL'];
    const { store } = (await app({ redis: { url: TEST_REDIS_URL, commandTimeoutMs: 5_000 } })).services;
    expect(store).toBeInstanceOf(RedisStore);
    await store.set('from-code', 'yes', 60_000);
    expect(await raw.get(`mcp:${name}:from-code`)).toBe('"yes"');
  });

  it('honours an explicit key prefix', async () => {
    const { store } = (await app({ redis: { url: TEST_REDIS_URL, keyPrefix: `custom:${name}:`, commandTimeoutMs: 5_000 } })).services;
    await store.set('k', 1, 60_000);
    expect(await raw.get(`custom:${name}:k`)).toBe('1');
    expect(await raw.exists(`mcp:${name}:k`)).toBe(0);
  });

  it('two apps of the same name share keys; apps of different names do not', async () => {
    const a = (await app({ redis: { url: TEST_REDIS_URL, commandTimeoutMs: 5_000 } })).services.store;
    const b = (await app({ redis: { url: TEST_REDIS_URL, commandTimeoutMs: 5_000 } })).services.store;
    const other = await createMcpApp({
      name: `${name}-other`,
      version: '1.0.0',
      providers: [NoTools],
      logger: quiet,
      redis: { url: TEST_REDIS_URL, commandTimeoutMs: 5_000 },
    });
    apps.push(other);
    await a.set('shared', 'from a', 60_000);
    expect(await b.get('shared')).toBe('from a');
    expect(await other.services.store.get('shared')).toBeUndefined();
  });
});

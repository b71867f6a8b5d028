import { IsInt, IsString, Max, Min } from 'class-validator';
import { ConfigError, createMcpApp, Env, McpConfig, TOKENS, Tool, type Store } from 'mcp-decorators';
import { inject, injectable } from 'tsyringe';
import { RedisStore } from '../../src/stores/redis.store';
import { useApps } from '../support/app-harness';
import { describeRedis, TEST_REDIS_URL } from '../support/redis';

describe('config through createMcpApp', () => {
  const apps = useApps();

  class ServerConfig {
    @Env('GREETING') @IsString() greeting = 'hello';
    @Env('MAX_ITEMS') @IsInt() @Min(1) @Max(100) maxItems = 10;
  }

  @injectable()
  class GreetTools {
    constructor(
      private readonly config: ServerConfig,
      private readonly mcp: McpConfig,
    ) {}

    @Tool()
    greet(): string {
      return `${this.config.greeting} x${this.config.maxItems} on ${this.mcp.transport}`;
    }
  }

  it('injects loaded config classes into providers; McpConfig is there too', async () => {
    const { app, client } = await apps.start({
      name: 'config',
      version: '1.0.0',
      providers: [GreetTools],
      config: [ServerConfig],
      configSource: { env: { GREETING: 'hi', MAX_ITEMS: '3', MCP_LOG_LEVEL: 'warn' }, envFile: false },
    });
    expect(await client.callTool('greet')).toBe('hi x3 on stdio');
    expect(app.config).toBe(app.container.resolve(McpConfig));
    expect(app.container.resolve(ServerConfig).maxItems).toBe(3);
    expect(app.services.logger.level).toBe('warn');
  });

  it('fails at creation with one error listing the bad variables of every config class', async () => {
    const creation = createMcpApp({
      name: 'config',
      version: '1.0.0',
      providers: [GreetTools],
      config: [ServerConfig],
      configSource: { env: { MAX_ITEMS: '0', MCP_PORT: 'eighty', MCP_AUTH_JWT_SECRET: 'short-secret-xyz' }, envFile: false },
    });
    await expect(creation).rejects.toBeInstanceOf(ConfigError);
    await expect(creation).rejects.toMatchObject({
      problems: [{ name: 'MCP_PORT' }, { name: 'MCP_AUTH_JWT_SECRET' }, { name: 'MCP_AUTH_AUDIENCE' }, { name: 'MAX_ITEMS' }],
    });
    await expect(creation).rejects.not.toThrow(/short-secret-xyz/);
  });
});

describeRedis('MCP_REDIS_URL selects the Redis store', () => {
  @injectable()
  class StoreProbe {
    constructor(@inject(TOKENS.Store) readonly store: Store) {}
    @Tool() probe(): string {
      return this.store.constructor.name;
    }
  }

  it('uses RedisStore when MCP_REDIS_URL is set, and closes it with the app', async () => {
    const app = await createMcpApp({
      name: 'redis-config',
      version: '1.0.0',
      providers: [StoreProbe],
      logger: { level: 'error' },
      configSource: { env: { MCP_REDIS_URL: TEST_REDIS_URL }, envFile: false },
    });
    const store = app.services.store;
    expect(store).toBeInstanceOf(RedisStore);
    expect(await store.ping()).toBe(true);
    await app.close();
    expect(await store.ping()).toBe(false);
  });
});

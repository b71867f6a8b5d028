import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpApp, RateLimited, Resource, Tool, ToolContext, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { randomBytes } from 'node:crypto';
import { injectable } from 'tsyringe';
import { captureLogger } from '../../support/capture-logger';
import { describeRedisServer, startRedisServer, type RedisServerHandle } from '../../support/redis';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../support/round-robin-proxy';

/*
 * Two HTTP replicas of one app behind a plain round-robin load balancer (no affinity), sharing a
 * Redis of their own, and 2026-07-28 clients: every request may land on either replica.
 */

const STATE_KEY = 'replicas-share-this-request-state-key!!';

describeRedisServer('2026-07-28 clients and two replicas behind a round-robin load balancer', () => {
  const name = `modern-${randomBytes(4).toString('hex')}`;
  const apps: McpApp[] = [];
  const servers: McpHttpServer[] = [];
  /** Which replica (by port) served each elicitation round of `provision`. */
  const rounds: number[] = [];
  let redis: RedisServerHandle;
  let proxy: RoundRobinProxy;

  @injectable()
  class ReplicaTools {
    port = 0;

    @Tool()
    @RateLimited({ limit: 5, windowMs: 600_000, scope: 'global' })
    ticket(): string {
      return 'issued';
    }

    @Tool()
    whereAmI(): number {
      return this.port;
    }

    @Tool()
    async provision(ctx: ToolContext): Promise<string> {
      rounds.push(this.port);
      const db = await ctx.elicit('Database name?', { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
      if (db.action !== 'accept') return 'cancelled';
      const region = await ctx.elicit('Region?', { type: 'object', properties: { region: { type: 'string', enum: ['eu', 'us'] } }, required: ['region'] });
      if (region.action !== 'accept') return 'cancelled';
      return `${db.content.name} in ${region.content.region}`;
    }

    @Resource('config://flags', { mimeType: 'application/json' })
    flags() {
      return { beta: true };
    }
  }

  function modernClient(): Client {
    const client = new Client(
      { name: 'behind-lb', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    const answers: Record<string, Record<string, string>> = { 'Database name?': { name: 'analytics' }, 'Region?': { region: 'eu' } };
    client.setRequestHandler('elicitation/create', (request) => ({ action: 'accept', content: answers[String(request.params.message)] ?? {} }));
    return client;
  }

  async function connect(url: string): Promise<Client> {
    const client = modernClient();
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    return client;
  }

  beforeAll(async () => {
    redis = await startRedisServer();
    for (let i = 0; i < 2; i += 1) {
      const app = await createMcpApp({
        name,
        version: '1.0.0',
        providers: [ReplicaTools],
        logger: captureLogger('error').logger,
        redis: { url: redis.url, commandTimeoutMs: 1_000 },
        configSource: { env: { MCP_REQUEST_STATE_KEY: STATE_KEY }, envFile: false },
      });
      const server = await app.listen({ transport: 'http', port: 0 });
      app.container.resolve(ReplicaTools).port = server.port;
      apps.push(app);
      servers.push(server);
    }
    proxy = await startRoundRobinProxy(servers.map((server) => server.url));
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all(apps.map((app) => app.close()));
    await redis?.stop();
  });

  it('serves every call whichever replica gets it, with no session id', async () => {
    const client = await connect(proxy.url);
    expect(client.getProtocolEra()).toBe('modern');
    const ports = new Set<number>();
    for (let i = 0; i < 4; i += 1) {
      const result = await client.callTool({ name: 'whereAmI', arguments: {} });
      ports.add((result.structuredContent as { result: number }).result);
    }
    expect(ports).toEqual(new Set(servers.map((server) => server.port)));
    await client.close();
  });

  it('keeps one global rate-limit budget exact across both replicas', async () => {
    const client = await connect(proxy.url);
    const outcomes: boolean[] = [];
    for (let i = 0; i < 8; i += 1) outcomes.push((await client.callTool({ name: 'ticket', arguments: {} })).isError !== true);
    expect(outcomes.filter(Boolean)).toHaveLength(5);
    expect(outcomes.slice(5)).toEqual([false, false, false]);
    await client.close();
  });

  it('completes a tool with two elicitations whose rounds land on different replicas', async () => {
    rounds.length = 0;
    const client = await connect(proxy.url);
    const result = await client.callTool({ name: 'provision', arguments: {} });
    expect(result.isError).not.toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'analytics in eu' }]);
    expect(rounds).toHaveLength(3);
    expect(new Set(rounds).size).toBe(2);
    await client.close();
  });

  it('refuses a requestState that was tampered with (-32602)', async () => {
    const response = await fetch(servers[0]!.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'provision',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: {
          name: 'provision',
          arguments: {},
          requestState: 'v1.eyJwIjp7ImNhbGwiOiJ0b29sOnByb3Zpc2lvbiIsImFuc3dlcnMiOltdfX0.forged',
          inputResponses: { q0: { action: 'accept', content: { name: 'x' } } },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
            'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
          },
        },
      }),
    });
    const text = await response.text();
    expect(text).toContain('-32602');
    expect(text).toMatch(/requestState/i);
  });

  it('delivers a notification raised on replica A to a listen stream held by replica B', async () => {
    const watcher = modernClient();
    await watcher.connect(new StreamableHTTPClientTransport(new URL(servers[1]!.url)));
    const updated = new Promise<string>((resolve) => watcher.setNotificationHandler('notifications/resources/updated', (n) => resolve(n.params.uri)));
    const listed = new Promise<void>((resolve) => watcher.setNotificationHandler('notifications/tools/list_changed', () => resolve()));
    const subscription = await watcher.listen({ toolsListChanged: true, resourceSubscriptions: ['config://flags'] });
    await apps[0]!.notifyResourceUpdated('config://flags');
    await expect(updated).resolves.toBe('config://flags');
    apps[0]!.disableTool('whereAmI');
    await listed;
    apps[0]!.enableTool('whereAmI');
    await subscription.close();
    await watcher.close();
  });

  it('still answers calls while Redis is down, and notifications cross replicas again once it is back', async () => {
    await redis.kill();
    const client = await connect(proxy.url);
    for (let i = 0; i < 2; i += 1) {
      const result = await client.callTool({ name: 'whereAmI', arguments: {} });
      expect(result.isError).not.toBe(true);
    }
    await client.close();
    await redis.restart();
    const watcher = modernClient();
    await watcher.connect(new StreamableHTTPClientTransport(new URL(servers[1]!.url)));
    const subscription = await watcher.listen({ resourceSubscriptions: ['config://flags'] });
    const updated = new Promise<string>((resolve) => watcher.setNotificationHandler('notifications/resources/updated', (n) => resolve(n.params.uri)));
    // The bus re-subscribes by itself; publish until the other replica hears it.
    const timer = setInterval(() => void apps[0]!.notifyResourceUpdated('config://flags'), 200);
    try {
      await expect(updated).resolves.toBe('config://flags');
    } finally {
      clearInterval(timer);
    }
    await subscription.close();
    await watcher.close();
  });
});

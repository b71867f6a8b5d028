import type { Client } from '@modelcontextprotocol/client';
import { IsInt } from 'class-validator';
import { Cached, createMcpApp, RateLimited, Tool, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { randomBytes } from 'node:crypto';
import { injectable } from 'tsyringe';
import { connectHttpClient, ERAS } from '../../support/http';
import { deleteKeysWithPrefix, describeRedis, TEST_REDIS_URL } from '../../support/redis';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../support/round-robin-proxy';

/*
 * Two stateless HTTP replicas of one app behind a round-robin load balancer, sharing one Redis:
 * any replica answers any request, and limits and caches hold across them — for 2026-07-28
 * clients and for 2025 clients (served statelessly by default).
 */

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

for (const era of ERAS)
  describeRedis(`stateless HTTP replicas behind a round-robin load balancer (${era} era)`, () => {
    const name = `stateless-${era}-${randomBytes(4).toString('hex')}`;
    const apps: McpApp[] = [];
    const servers: McpHttpServer[] = [];
    let proxy: RoundRobinProxy;
    let client: Client;
    const bodies = { add: 0, quota: 0, report: 0 };
    /** Which replica ran each body, by its port. */
    const ranOn: number[] = [];

    @injectable()
    class ReplicaTools {
      port = 0;

      @Tool()
      add({ a, b }: AddInput): number {
        bodies.add += 1;
        ranOn.push(this.port);
        return a + b;
      }

      @Tool()
      @RateLimited({ limit: 6, windowMs: 600_000 })
      quota(): string {
        bodies.quota += 1;
        return 'granted';
      }

      @Tool()
      @Cached({ ttlMs: 60_000 })
      report(): { generation: number } {
        bodies.report += 1;
        return { generation: bodies.report };
      }
    }

    beforeAll(async () => {
      for (let i = 0; i < 2; i += 1) {
        const app = await createMcpApp({
          name,
          version: '1.0.0',
          providers: [ReplicaTools],
          logger: { level: 'error' },
          redis: { url: TEST_REDIS_URL, commandTimeoutMs: 5_000 },
        });
        const server = await app.listen({ transport: 'http', port: 0 });
        app.container.resolve(ReplicaTools).port = server.port;
        apps.push(app);
        servers.push(server);
      }
      proxy = await startRoundRobinProxy(servers.map((server) => server.url));
      ({ client } = await connectHttpClient(proxy.url, { era }));
    });

    afterAll(async () => {
      await client?.close();
      await proxy?.close();
      await Promise.all(apps.map((app) => app.close()));
      await deleteKeysWithPrefix(`mcp:${name}:`);
    });

    it('answers every request whichever replica gets it', async () => {
      for (let i = 0; i < 6; i += 1) {
        const result = await client.callTool({ name: 'add', arguments: { a: i, b: 10 } });
        expect(result.structuredContent).toEqual({ result: i + 10 });
      }
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['add', 'quota', 'report']);
      // Both replicas ran calls: consecutive requests of one client were spread over them.
      expect(new Set(ranOn)).toEqual(new Set(servers.map((server) => server.port)));
      expect(proxy.hits.every((hits) => hits > 0)).toBe(true);
    });

    /** Runs `calls`, checking that every replica served some of them. */
    async function overBothReplicas<T>(calls: () => Promise<T>): Promise<T> {
      const before = [...proxy.hits];
      const result = await calls();
      expect(proxy.hits.map((hits, i) => hits - before[i]!).every((served) => served > 0)).toBe(true);
      return result;
    }

    it('shares the rate limit: 6 per 10 minutes in all, whichever replica answers', async () => {
      const results: Array<Awaited<ReturnType<Client['callTool']>>> = [];
      await overBothReplicas(async () => {
        for (let i = 0; i < 10; i += 1) results.push(await client.callTool({ name: 'quota', arguments: {} }));
      });
      expect(results.filter((result) => !result.isError)).toHaveLength(6);
      expect(results.slice(6).every((result) => result.isError === true)).toBe(true);
      expect(results[6]!.content).toEqual([
        { type: 'text', text: expect.stringMatching(/^Rate limit exceeded for tool quota: 6 calls per 10 min\. Retry in \d+ s\.$/) },
      ]);
      expect(bodies.quota).toBe(6);
    });

    it('shares the cache: the value computed on one replica is served by the other', async () => {
      const answers: unknown[] = [];
      await overBothReplicas(async () => {
        for (let i = 0; i < 4; i += 1) answers.push((await client.callTool({ name: 'report', arguments: {} })).structuredContent);
      });
      expect(answers).toEqual(Array(4).fill({ generation: 1 }));
      expect(bodies.report).toBe(1);
    });
  });

import type { AuthInfo } from '@modelcontextprotocol/server';
import { IsInt, IsString } from 'class-validator';
import { Cached, InvalidatesCache, ManualClock, RateLimited, RedisStore, Tool, ToolCallError, type McpApp, type TestClient } from 'mcp-decorators';
import { randomBytes } from 'node:crypto';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';
import { LEGACY_PROTOCOL_VERSION, MODERN_PROTOCOL_VERSION } from '../../support/http';
import { TEST_REDIS_URL, deleteKeysWithPrefix, describeRedis } from '../../support/redis';

/*
 * Two app instances as two replicas would be: separate containers, separate RedisStore
 * connections, nothing shared but the Redis they both point at (under one key prefix, as two
 * replicas of one app have).
 *
 * Time is frozen, one clock for both: GCRA hands a unit back every windowMs / limit (200 ms
 * here), so on a slow machine a burst lasting longer would rightly win a 51st call. Frozen, the
 * counts are exact whatever the speed; the tests elsewhere run the limiter on Redis's own clock.
 */

const as = (sub: string): AuthInfo => ({ token: `token-${sub}`, clientId: 'test', scopes: [], extra: { sub } });

class OrderInput {
  @IsInt() n!: number;
}

class ProfileInput {
  @IsString() id!: string;
}

for (const protocolVersion of [MODERN_PROTOCOL_VERSION, LEGACY_PROTOCOL_VERSION])
  describeRedis(`two app instances sharing one Redis (clients speaking ${protocolVersion})`, () => {
    const name = `replicas-${protocolVersion}-${randomBytes(4).toString('hex')}`;
    // Closes the apps before the afterAll below deletes their keys.
    const apps = useApps('all');
    /** Method bodies run, over both instances. */
    let executions = 0;
    const bodies = { profile: 0, catalog: 0 };
    let catalogVersion = 1;

    @injectable()
    class OrderTools {
      @Tool()
      @RateLimited({ limit: 50, windowMs: 10_000 })
      order({ n }: OrderInput): number {
        executions += 1;
        return n;
      }

      @Tool()
      @Cached({ ttlMs: 60_000 })
      profile({ id }: ProfileInput): { id: string; loadedBy: number } {
        bodies.profile += 1;
        return { id, loadedBy: bodies.profile };
      }

      @Tool()
      @Cached({ ttlMs: 60_000, scope: 'global', tags: ['catalog'] })
      catalog(): string {
        bodies.catalog += 1;
        return `catalog v${catalogVersion}`;
      }

      @Tool()
      @InvalidatesCache('catalog')
      publishCatalog(): string {
        catalogVersion += 1;
        return 'published';
      }
    }

    const clock = new ManualClock();

    async function instance(): Promise<McpApp> {
      const store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: `mcp:${name}:`, clock, commandTimeoutMs: 5_000 });
      return apps.app({ name, version: '1.0.0', providers: [OrderTools], logger: { level: 'error' }, clock, store });
    }

    const connect = (app: McpApp, sub: string): Promise<TestClient> => apps.client(app, { auth: as(sub), protocolVersion });

    let a: McpApp;
    let b: McpApp;

    beforeAll(async () => {
      a = await instance();
      b = await instance();
      expect(a.services.store).not.toBe(b.services.store);
    });

    beforeEach(() => {
      executions = 0;
    });

    afterAll(() => deleteKeysWithPrefix(`mcp:${name}:`));

    it('@RateLimited({ limit: 50, windowMs: 10_000 }): 200 concurrent calls over both instances for one principal → exactly 50 accepted', async () => {
      // Several connections per instance, as clients behind a load balancer would open; 100 calls
      // go to each instance, so separate budgets would accept 100.
      const pool = await Promise.all([a, b, a, b].map((app) => connect(app, 'alice')));
      const outcomes = await Promise.allSettled(Array.from({ length: 200 }, (_, n) => pool[n % pool.length]!.callTool('order', { n })));

      const accepted = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(accepted).toHaveLength(50);
      expect(refused).toHaveLength(150);
      for (const error of refused) expect(error).toMatchObject({ name: ToolCallError.name, category: 'rate_limit' });
      expect(executions).toBe(50);
    });

    it('a budget spent on instance A is spent on instance B; other principals keep theirs', async () => {
      const onA = await connect(a, 'carol');
      const onB = await connect(b, 'carol');
      for (let n = 0; n < 30; n += 1) await onA.callTool('order', { n });
      const onBOutcomes = await Promise.allSettled(Array.from({ length: 30 }, (_, n) => onB.callTool('order', { n })));
      expect(onBOutcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(20);
      await expect(onA.callTool('order', { n: 0 })).rejects.toMatchObject({ category: 'rate_limit' });

      const dave = await connect(b, 'dave');
      expect(await dave.callTool('order', { n: 7 })).toBe(7);
    });

    it('@Cached: a value cached by instance A is a hit on instance B (the method runs once)', async () => {
      const onA = await connect(a, 'erin');
      const onB = await connect(b, 'erin');
      const fromA = await onA.callTool('profile', { id: 'p-1' });
      expect(bodies.profile).toBe(1);
      expect(await onB.callTool('profile', { id: 'p-1' })).toEqual(fromA);
      expect(bodies.profile).toBe(1);

      // Still keyed by principal and input across instances.
      const frank = await connect(b, 'frank');
      expect(await frank.callTool('profile', { id: 'p-1' })).toEqual({ id: 'p-1', loadedBy: 2 });
      expect(await onB.callTool('profile', { id: 'p-2' })).toEqual({ id: 'p-2', loadedBy: 3 });
    });

    it('@InvalidatesCache on instance B drops what instance A cached', async () => {
      const onA = await connect(a, 'grace');
      const onB = await connect(b, 'heidi');
      expect(await onA.callTool('catalog')).toBe('catalog v1');
      expect(await onB.callTool('catalog')).toBe('catalog v1');
      expect(bodies.catalog).toBe(1);
      expect(await onB.callTool('publishCatalog')).toBe('published');
      expect(await onA.callTool('catalog')).toBe('catalog v2');
      expect(bodies.catalog).toBe(2);
    });
  });

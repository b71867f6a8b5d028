import type { AuthInfo } from '@modelcontextprotocol/server';
import { Cached, createMcpApp, createTestClient, RateLimited, Tool, ToolCallError, type McpApp, type TestClient } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { captureLogger } from '../../support/capture-logger';
import { connectHttpClient, ERAS } from '../../support/http';
import { RecordingMetrics } from '../../support/recording-metrics';
import { describeRedisServer, sleep, startRedisServer, type RedisServerHandle } from '../../support/redis';

/*
 * An app on a Redis that dies or hangs under load: every call still gets an answer, within the
 * command timeout, and everything works again once Redis is back, without restarting the app.
 */

const COMMAND_TIMEOUT_MS = 1_000;
/** Liveness bound, not a performance threshold: a call must end, not hang. */
const LIVENESS_MS = 4_000;

const as = (sub: string): AuthInfo => ({ token: `token-${sub}`, clientId: 'test', scopes: [], extra: { sub } });

interface Outcome {
  readonly tool: string;
  readonly ok: boolean;
  readonly error?: unknown;
  readonly ms: number;
}

describeRedisServer('an app when Redis fails under load', () => {
  let server: RedisServerHandle;
  let app: McpApp;
  let clients: TestClient[];
  let capture: ReturnType<typeof captureLogger>;
  let metrics: RecordingMetrics;
  const executions = { lenient: 0, strict: 0, report: 0 };

  @injectable()
  class Tools {
    @Tool()
    @RateLimited({ limit: 100_000, windowMs: 60_000 })
    lenient(): string {
      executions.lenient += 1;
      return 'lenient';
    }

    @Tool()
    @RateLimited({ limit: 100_000, windowMs: 60_000, failMode: 'closed' })
    strict(): string {
      executions.strict += 1;
      return 'strict';
    }

    @Tool()
    @RateLimited({ limit: 2, windowMs: 60_000 })
    scarce(): string {
      return 'scarce';
    }

    @Tool()
    @Cached({ ttlMs: 60_000, scope: 'global' })
    report(): string {
      executions.report += 1;
      return 'report';
    }
  }

  beforeAll(async () => {
    server = await startRedisServer();
    capture = captureLogger('info');
    metrics = new RecordingMetrics();
    app = await createMcpApp({
      name: 'faults',
      version: '1.0.0',
      providers: [Tools],
      logger: capture.logger,
      metrics,
      redis: { url: server.url, commandTimeoutMs: COMMAND_TIMEOUT_MS },
    });
    clients = await Promise.all(['u1', 'u2', 'u3', 'u4'].map((sub) => createTestClient(app, { auth: as(sub) })));
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await app.close();
    await server.stop();
  });

  /** One call, timed; a call still pending after the liveness bound is recorded as a hang. */
  async function timedCall(client: TestClient, tool: string): Promise<Outcome> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${tool} hung past ${LIVENESS_MS} ms`)), LIVENESS_MS);
    });
    try {
      await Promise.race([client.callTool(tool), hang]);
      return { tool, ok: true, ms: Date.now() - started };
    } catch (error) {
      return { tool, ok: false, error, ms: Date.now() - started };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Calls `lenient`, `strict` and `report` from every client without pause until `stop()` resolves. */
  async function underLoad(during: () => Promise<void>): Promise<{ before: Outcome[]; after: Outcome[] }> {
    const before: Outcome[] = [];
    const after: Outcome[] = [];
    let phase = before;
    let running = true;
    const workers = clients.flatMap((client) =>
      ['lenient', 'strict', 'report'].map(async (tool) => {
        while (running) {
          phase.push(await timedCall(client, tool));
          // In-memory transports and failing-fast stores answer in microtasks alone: let timers run.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    await sleep(150);
    phase = after;
    await during();
    running = false;
    await Promise.all(workers);
    return { before, after };
  }

  /** Runs `during` while the Redis server is dead, restarting it afterwards whatever happens. */
  async function redisDown(during: () => Promise<void>): Promise<void> {
    await server.kill();
    try {
      await during();
    } finally {
      await server.restart();
    }
  }

  async function waitForRedis(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await app.services.store.ping())) {
      if (Date.now() > deadline) throw new Error('the app did not reconnect to Redis within 10 s');
      await sleep(50);
    }
  }

  function expectAnswered(outcomes: readonly Outcome[]): void {
    for (const outcome of outcomes) {
      if (!outcome.ok) expect(outcome.error).toBeInstanceOf(ToolCallError); // an answer, not a hang or a transport error
      expect(outcome.ms).toBeLessThan(LIVENESS_MS);
    }
  }

  /** Strict calls refused because the limit could not be checked: the clear failClosed answer. */
  const refusedClosed = (outcomes: readonly Outcome[]): Outcome[] =>
    outcomes.filter(
      (o) =>
        !o.ok &&
        o.tool === 'strict' &&
        (o.error as ToolCallError).category === 'rate_limit' &&
        /cannot be checked right now/.test((o.error as ToolCallError).message),
    );

  it('killed mid-load: failOpen and cached calls succeed, failClosed calls get a clear error, none hangs, readiness says degraded; after a restart the cache and limiter work again', async () => {
    await waitForRedis();
    let loads: { before: Outcome[]; after: Outcome[] };
    try {
      loads = await underLoad(async () => {
        await server.kill();
        await sleep(3 * COMMAND_TIMEOUT_MS);
      });
      // Still down: the replica reports itself degraded, yet still ready to serve.
      expect(await app.readiness()).toEqual({ status: 'degraded', ready: true, checks: { store: 'unavailable' } });
      // The cache is skipped, so each call runs the method, and answers.
      const runs = executions.report;
      for (let i = 0; i < 3; i += 1) expect(await clients[0]!.callTool('report')).toBe('report');
      expect(executions.report).toBe(runs + 3);
    } finally {
      await server.restart();
    }
    const { before, after } = loads;

    expect(before.filter((o) => o.ok && o.tool === 'strict').length).toBeGreaterThan(0);
    for (const outcomes of [before, after]) {
      expectAnswered(outcomes);
      expect(outcomes.filter((o) => o.tool !== 'strict').every((o) => o.ok)).toBe(true);
      // A strict call either ran or was refused clearly (before the kill too, should a loaded
      // machine make Redis miss the command timeout).
      expect(outcomes.filter((o) => !o.ok)).toEqual(refusedClosed(outcomes));
    }
    expect(after.filter((o) => o.tool === 'lenient').length).toBeGreaterThan(0);
    expect(refusedClosed(after).length).toBeGreaterThan(10);
    // Each failed store operation is counted, cache reads and rate-limit checks alike.
    expect(metrics.storeErrors).toEqual(expect.arrayContaining(['get', 'consume']));

    await waitForRedis();
    expect(await app.readiness()).toEqual({ status: 'ready', ready: true, checks: { store: 'ok' } });
    const [client] = clients;
    expect(await client!.callTool('strict')).toBe('strict');
    expect(await client!.callTool('scarce')).toBe('scarce');
    expect(await client!.callTool('scarce')).toBe('scarce');
    await expect(client!.callTool('scarce')).rejects.toMatchObject({ category: 'rate_limit', message: expect.stringMatching(/Rate limit exceeded/) });
    const runs = executions.report;
    expect(await client!.callTool('report')).toBe('report');
    expect(await clients[1]!.callTool('report')).toBe('report');
    expect(executions.report).toBe(runs + 1);

    // The outage is logged when it starts and when it ends, not once per failed call.
    const storeEvents = capture
      .entries()
      .map((e) => e['event'])
      .filter((e) => typeof e === 'string' && e.startsWith('store_'));
    expect(storeEvents.length).toBeLessThan(refusedClosed(after).length / 5);
    expect(storeEvents).toEqual(storeEvents.map((_, i) => (i % 2 === 0 ? 'store_unavailable' : 'store_recovered')));
    expect(storeEvents.at(-1)).toBe('store_recovered');
  });

  it('hung (a frozen Redis): every call ends within the command timeout, and all resumes when it answers again', async () => {
    await waitForRedis();
    let after: Outcome[];
    try {
      ({ after } = await underLoad(async () => {
        server.pause();
        await sleep(3 * COMMAND_TIMEOUT_MS);
      }));
    } finally {
      server.resume();
    }

    expectAnswered(after);
    expect(after.filter((o) => o.tool !== 'strict').every((o) => o.ok)).toBe(true);
    expect(refusedClosed(after).length).toBeGreaterThan(0);
    // They did wait for Redis (a hang, not a refused connection) before giving up.
    expect(Math.max(...refusedClosed(after).map((o) => o.ms))).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 50);

    await waitForRedis();
    expect(await clients[1]!.callTool('strict')).toBe('strict');
  });

  it.each(ERAS)(
    'over stateless HTTP (%s era): /ready says degraded (still 200) while Redis is dead, calls are answered, ready again after a restart',
    async (era) => {
      const http = await app.listen({ transport: 'http', port: 0 });
      const { client } = await connectHttpClient(http.url, { era });
      const ready = async (): Promise<[number, unknown]> => {
        const response = await fetch(new URL('/ready', http.url));
        return [response.status, await response.json()];
      };
      try {
        await waitForRedis();
        expect(await ready()).toEqual([200, { status: 'ready', checks: { store: 'ok' } }]);
        await redisDown(async () => {
          expect(await ready()).toEqual([200, { status: 'degraded', checks: { store: 'unavailable' } }]);
          expect((await client.callTool({ name: 'lenient', arguments: {} })).isError).toBeFalsy();
          const refused = await client.callTool({ name: 'strict', arguments: {} });
          expect(refused.isError).toBe(true);
          expect(refused.content).toEqual([{ type: 'text', text: expect.stringMatching(/cannot be checked right now/) }]);
        });
        await waitForRedis();
        expect(await ready()).toEqual([200, { status: 'ready', checks: { store: 'ok' } }]);
        expect((await client.callTool({ name: 'strict', arguments: {} })).isError).toBeFalsy();
      } finally {
        await client.close();
        await http.close();
      }
    },
  );
});

import type { CallToolResult } from '@modelcontextprotocol/client';
import { IsInt } from 'class-validator';
import { SignJWT } from 'jose';
import {
  createMcpApp,
  ErrorCategory,
  MemoryStore,
  Public,
  RedisStore,
  RequireScopes,
  Route,
  RouteResponse,
  Tool,
  ToolError,
  type McpApp,
  type McpHttpServer,
  type RouteRequest,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { connectHttpClient, ERAS } from '../../support/http';
import { sampleValue } from '../../support/prometheus';

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

@injectable()
class OpsTools {
  @Tool()
  add({ a, b }: AddInput): number {
    return a + b;
  }

  @Route('GET', '/status')
  @Public()
  status(req: RouteRequest): { ok: boolean; verbose: string | null } {
    return { ok: true, verbose: req.query.get('verbose') };
  }

  @Route('POST', '/echo')
  echo(req: RouteRequest): RouteResponse {
    return new RouteResponse({ echoed: req.body, caller: req.auth?.extra?.['sub'] ?? null }, { status: 201, headers: { 'X-Echo': '1' } });
  }

  @Route('DELETE', '/admin/cache')
  @RequireScopes('admin')
  flush(): void {}

  @Route('GET', '/fail')
  @Public()
  fail(req: RouteRequest): never {
    if (req.query.has('expected')) throw new ToolError('Upstream weather API is down', { category: ErrorCategory.EXTERNAL_API });
    throw new Error('secret internals at /srv/db.ts:42');
  }
}

const quiet = { level: 'error' as const };

describe('operations endpoints over real HTTP', () => {
  let app: McpApp;
  let server: McpHttpServer;
  let origin: string;

  beforeAll(async () => {
    app = await createMcpApp({ name: 'ops', version: '2.1.0', providers: [OpsTools], logger: quiet, configSource: { env: {}, envFile: false } });
    app.route('GET', '/version', () => new RouteResponse('2.1.0', { contentType: 'text/plain' }));
    server = await app.listen({ transport: 'http', port: 0 });
    origin = new URL(server.url).origin;
  });

  afterAll(() => app.close());

  it('GET /health: liveness with the seed’s counts and uptime', async () => {
    const response = await fetch(`${origin}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      name: 'ops',
      version: '2.1.0',
      tools: 1,
      resources: 0,
      prompts: 0,
      uptimeSeconds: expect.any(Number),
    });
  });

  it('GET /ready: 200 while the store answers', async () => {
    const response = await fetch(`${origin}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
  });

  it.each(ERAS)('GET /metrics: counters move by exactly the calls made over HTTP (%s era)', async (era) => {
    const before = await (await fetch(`${origin}/metrics`)).text();
    const { client } = await connectHttpClient(server.url, { era });
    try {
      for (let i = 0; i < 4; i++) await client.callTool({ name: 'add', arguments: { a: i, b: 1 } });
      const bad = (await client.callTool({ name: 'add', arguments: { a: 'x', b: 1 } })) as CallToolResult;
      expect(bad.isError).toBe(true);
      const response = await fetch(`${origin}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const after = await response.text();
      const delta = (name: string, labels: Record<string, string>): number => sampleValue(after, name, labels) - sampleValue(before, name, labels);
      expect(delta('mcp_calls_total', { kind: 'tool', name: 'add', status: 'success' })).toBe(4);
      expect(delta('mcp_calls_total', { kind: 'tool', name: 'add', status: 'validation' })).toBe(1);
      expect(delta('mcp_call_duration_seconds_count', { name: 'add', status: 'success' })).toBe(4);
      // Stateless serving opens no session in either era.
      expect(sampleValue(after, 'mcp_active_sessions')).toBe(0);
      expect(sampleValue(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('serves @Route and app.route handlers on the same port', async () => {
    const status = await fetch(`${origin}/status?verbose=yes`);
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({ ok: true, verbose: 'yes' });

    const echo = await fetch(`${origin}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 1 }) });
    expect(echo.status).toBe(201);
    expect(echo.headers.get('x-echo')).toBe('1');
    expect(await echo.json()).toEqual({ echoed: { x: 1 }, caller: null });

    const version = await fetch(`${origin}/version`);
    expect(version.headers.get('content-type')).toBe('text/plain');
    expect(await version.text()).toBe('2.1.0');

    expect((await fetch(`${origin}/admin/cache`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${origin}/status`, { method: 'POST' })).status).toBe(405);
  });

  it('maps route errors like the MCP endpoint: ToolError by category, anything else masked', async () => {
    const expected = await fetch(`${origin}/fail?expected=1`);
    expect(expected.status).toBe(502);
    expect(await expected.json()).toEqual({ error: { message: 'Upstream weather API is down', category: 'external_api', details: {} } });
    const unexpected = await fetch(`${origin}/fail`);
    expect(unexpected.status).toBe(500);
    const body = await unexpected.text();
    expect(body).toMatch(/Internal error\. Correlation id: [0-9a-f-]{36}/);
    expect(body).not.toMatch(/secret internals|db\.ts/);
  });
});

describe('readiness and routes with auth', () => {
  const SECRET = 'ops-test-secret-with-at-least-32-bytes';

  it('GET /ready answers 200 degraded when the store is unreachable (the replica still serves); /health stays 200', async () => {
    const app = await createMcpApp({
      name: 'down',
      version: '1',
      providers: [OpsTools],
      logger: quiet,
      store: new RedisStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 200 }),
      configSource: { env: {}, envFile: false },
    });
    const server = await app.listen({ transport: 'http', port: 0 });
    try {
      const origin = new URL(server.url).origin;
      const ready = await fetch(`${origin}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'degraded', checks: { store: 'unavailable' } });
      expect((await fetch(`${origin}/health`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('applies the access rules to routes: public, authenticated, scoped; /health, /ready, /metrics stay open', async () => {
    const app = await createMcpApp({
      name: 'guarded',
      version: '1',
      providers: [OpsTools],
      logger: quiet,
      store: new MemoryStore(),
      auth: { jwt: { secret: SECRET, audience: 'ops' } },
      configSource: { env: {}, envFile: false },
    });
    const server = await app.listen({ transport: 'http', port: 0 });
    const origin = new URL(server.url).origin;
    const bearer = async (scope: string): Promise<Record<string, string>> => ({
      authorization: `Bearer ${await new SignJWT({ sub: 'op', aud: 'ops', scope }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(SECRET))}`,
    });
    try {
      for (const path of ['/health', '/ready', '/metrics', '/status']) expect([path, (await fetch(`${origin}${path}`)).status]).toEqual([path, 200]);

      const anonymous = await fetch(`${origin}/echo`, { method: 'POST' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata="/);
      const echo = await fetch(`${origin}/echo`, { method: 'POST', headers: { ...(await bearer('')), 'content-type': 'application/json' }, body: '"hi"' });
      expect(await echo.json()).toEqual({ echoed: 'hi', caller: 'op' });

      const forbidden = await fetch(`${origin}/admin/cache`, { method: 'DELETE', headers: await bearer('files:read') });
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get('www-authenticate')).toMatch(
        /^Bearer error="insufficient_scope", error_description="[^"]+", scope="admin", resource_metadata="/,
      );
      expect((await fetch(`${origin}/admin/cache`, { method: 'DELETE', headers: await bearer('admin') })).status).toBe(204);
      expect((await fetch(`${origin}/status`, { headers: { authorization: 'Bearer not-a-jwt' } })).status).toBe(401);
    } finally {
      await app.close();
    }
  });
});

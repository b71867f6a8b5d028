import { createMcpApp, McpDefinitionError, Public, RequireScopes, Route } from 'mcp-decorators';
import { injectable } from 'tsyringe';

const quiet = { logger: { level: 'error' as const }, configSource: { env: {}, envFile: false as const } };

describe('custom route definitions', () => {
  @injectable()
  class StatusRoutes {
    calls = 0;
    @Route('get', '/status')
    @Public()
    status(): { ok: boolean } {
      this.calls += 1;
      return { ok: true };
    }

    @Route('POST', '/admin/flush')
    @RequireScopes('admin')
    flush(): void {}
  }

  it('reads @Route methods with their access policy and binds them to the provider instance', async () => {
    const app = await createMcpApp({ name: 'r', version: '1', providers: [StatusRoutes], ...quiet });
    expect(app.routes.map(({ method, path, where, access }) => ({ method, path, where, access }))).toEqual([
      { method: 'GET', path: '/status', where: 'StatusRoutes.status', access: { public: true } },
      { method: 'POST', path: '/admin/flush', where: 'StatusRoutes.flush', access: { scopes: ['admin'] } },
    ]);
    const route = app.routes[0]!;
    expect(await route.handler({ method: 'GET', path: '/status', query: new URLSearchParams(), headers: {}, auth: undefined, body: undefined })).toEqual({
      ok: true,
    });
    expect(app.container.resolve(StatusRoutes).calls).toBe(1);
    await app.close();
  });

  it('adds routes with app.route and refuses a route defined twice', async () => {
    const app = await createMcpApp({ name: 'r', version: '1', providers: [StatusRoutes], ...quiet });
    app.route('GET', '/version', () => ({ version: '1' }), { scopes: ['ops'] });
    expect(app.routes.at(-1)).toMatchObject({ method: 'GET', path: '/version', access: { scopes: ['ops'] } });
    expect(() => app.route('GET', '/status', () => 1)).toThrow(
      new McpDefinitionError('route GET /status is defined twice: by StatusRoutes.status and app.route(GET /status)'),
    );
    expect(() => app.route('GET', '/x', () => 1, { public: true, scopes: ['a'] })).toThrow(/either public or scoped/);
    await app.close();
  });

  it('refuses bad methods and paths at decoration', () => {
    expect(() => Route('FETCH', '/x')).toThrow(/unsupported HTTP method "FETCH"/);
    expect(() => Route('GET', 'status')).toThrow(/must start with \//);
    expect(() => Route('GET', '/a?b')).toThrow(/no query/);
  });
});

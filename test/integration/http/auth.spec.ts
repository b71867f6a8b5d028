import type { CallToolResult, Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { SignJWT, type JWTPayload } from 'jose';
import { createMcpApp, Public, RequireScopes, Tool, ToolContext, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { captureLogger } from '../../support/capture-logger';
import { connectHttpClient, ERAS, INITIALIZE, modernPost, modernRequest, POST_HEADERS, rawPost, type Era } from '../../support/http';

const SECRET = 'http-auth-test-secret-of-32-bytes!!!';
const ISSUER = 'https://auth.example.com';
const AUDIENCE = 'mcp-test-audience';

@injectable()
class FileTools {
  @Tool()
  whoami(ctx: ToolContext): { principal: string; scopes: string[] } {
    return { principal: ctx.principal, scopes: ctx.auth?.scopes ?? [] };
  }

  @Tool()
  @RequireScopes('files:write')
  write(): string {
    return 'written';
  }
}

function token(claims: JWTPayload, options: { secret?: string; expiresAt?: number } = {}): Promise<string> {
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

function connect(url: string, bearer: string, era: Era = 'legacy'): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  return connectHttpClient(url, { era, headers: { authorization: `Bearer ${bearer}` } });
}

describe('bearer authentication over real HTTP', () => {
  const log = captureLogger('debug');
  let app: McpApp;
  let server: McpHttpServer;
  let origin: string;

  beforeAll(async () => {
    app = await createMcpApp({
      name: 'files',
      version: '1.0.0',
      providers: [FileTools],
      logger: log.logger,
      configSource: {
        env: { MCP_AUTH_JWT_SECRET: SECRET, MCP_AUTH_ISSUER: ISSUER, MCP_AUTH_AUDIENCE: AUDIENCE, MCP_AUTH_SCOPES: 'files:read,files:write' },
        envFile: false,
      },
    });
    // 2025 sessions too, so that binding a session to its token's identity can be shown.
    server = await app.listen({ transport: 'http', port: 0, legacy: 'sessions' });
    origin = new URL(server.url).origin;
  });

  afterAll(() => app.close());

  it('answers a 2026-07-28 request without a token with 401 and the same challenge', async () => {
    const response = await modernPost(server.url, modernRequest(1, 'tools/list'));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`);
    await response.text();
  });

  it('answers a request without a token with 401 and a challenge pointing at the resource metadata', async () => {
    const response = await rawPost(server.url, undefined, INITIALIZE);
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate');
    expect(challenge).toBe(`Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`);

    const metadata = await fetch(`${origin}/.well-known/oauth-protected-resource/mcp`);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toEqual({
      resource: `${origin}/mcp`,
      authorization_servers: [ISSUER],
      scopes_supported: ['files:read', 'files:write'],
      bearer_methods_supported: ['header'],
      resource_name: 'files',
    });
    expect((await fetch(`${origin}/.well-known/oauth-protected-resource`)).status).toBe(200);
  });

  it.each([
    ['a bad signature', () => token({ sub: 'eve' }, { secret: 'another-secret-that-is-32-bytes-long!' }), /signature is invalid/],
    ['a wrong audience', () => token({ sub: 'eve', aud: 'some-other-server' }), /not issued for this server/],
    ['an expired token', () => token({ sub: 'eve' }, { expiresAt: Math.floor(Date.now() / 1000) - 120 }), /has expired/],
    ['garbage', async () => 'garbage', /not a valid JWT/],
  ])('answers %s with 401 invalid_token', async (_name, make, reason) => {
    const response = await rawPost(server.url, undefined, INITIALIZE, { headers: { ...POST_HEADERS, authorization: `Bearer ${await make()}` } });
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(
      /^Bearer error="invalid_token", error_description="[^"]+", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"$/,
    );
    expect(challenge).toMatch(reason);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringMatching(reason) } });
  });

  it.each(ERAS)('hides and refuses a tool whose scope the token lacks; the identity reaches ctx and logs (%s era)', async (era) => {
    const { client } = await connect(server.url, await token({ sub: 'alice', scope: 'files:read' }), era);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['whoami']);
      if (era === 'modern') {
        // The stateless endpoint answers with the step-up challenge (403 insufficient_scope), which the client surfaces.
        await expect(client.callTool({ name: 'write' })).rejects.toThrow(/Insufficient scope/);
      } else {
        // Inside a 2025 session the call is refused in-band.
        const refused = (await client.callTool({ name: 'write' })) as CallToolResult;
        expect(refused).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/requires the scope files:write/) }] });
        expect(refused._meta?.['mcp-decorators/error']).toMatchObject({ category: 'authorization' });
      }
      const me = (await client.callTool({ name: 'whoami' })) as CallToolResult;
      expect(me.structuredContent).toEqual({ principal: 'sub:alice', scopes: ['files:read'] });
    } finally {
      await client.close();
    }
    expect(log.entries().some((entry) => entry['name'] === 'whoami' && entry['principal'] === 'sub:alice')).toBe(true);
  });

  it.each(ERAS)('lists and runs the tool for a token with the scope (%s era)', async (era) => {
    const { client } = await connect(server.url, await token({ sub: 'bob', scope: 'files:read files:write' }), era);
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['whoami', 'write']);
      expect(await client.callTool({ name: 'write' })).toMatchObject({ content: [{ type: 'text', text: 'written' }] });
    } finally {
      await client.close();
    }
  });

  it('refuses a 2025 session id used with another identity', async () => {
    const { client, transport } = await connect(server.url, await token({ sub: 'alice', scope: 'files:write' }));
    try {
      const sessionId = transport.sessionId!;
      expect(sessionId).toBeTruthy();
      const stolen = await rawPost(
        server.url,
        sessionId,
        { jsonrpc: '2.0', id: 5, method: 'tools/list' },
        {
          headers: { ...POST_HEADERS, 'mcp-session-id': sessionId, authorization: `Bearer ${await token({ sub: 'mallory', scope: 'files:write' })}` },
        },
      );
      expect(stolen.status).toBe(404);
      // The owner's session still works.
      expect((await client.listTools()).tools.length).toBe(2);
    } finally {
      await client.close();
    }
  });
});

describe('public handlers over HTTP with auth', () => {
  @injectable()
  class Mixed {
    @Tool() @Public() ping(): string {
      return 'pong';
    }
    @Tool() secret(): string {
      return 'classified';
    }
  }

  it.each(ERAS)('lets callers without a token use public tools only; an invalid token is still refused (%s era)', async (era) => {
    const app = await createMcpApp({
      name: 'mixed',
      version: '1',
      providers: [Mixed],
      logger: { level: 'error' },
      auth: { jwt: { secret: SECRET, audience: AUDIENCE } },
      configSource: { env: {}, envFile: false },
    });
    const server = await app.listen({ transport: 'http', port: 0 });
    try {
      const { client } = await connectHttpClient(server.url, { era });
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['ping']);
      expect(await client.callTool({ name: 'ping' })).toMatchObject({ content: [{ text: 'pong' }] });
      const refused = (await client.callTool({ name: 'secret' })) as CallToolResult;
      expect(refused._meta?.['mcp-decorators/error']).toMatchObject({ category: 'authentication' });
      await client.close();
      const bad = await rawPost(server.url, undefined, INITIALIZE, { headers: { ...POST_HEADERS, authorization: 'Bearer x.y.z' } });
      expect(bad.status).toBe(401);
    } finally {
      await app.close();
    }
  });
});

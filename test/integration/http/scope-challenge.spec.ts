import { SignJWT } from 'jose';
import { createMcpApp, RequireScopes, Tool, type McpApp, type McpHttpServer } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { captureLogger } from '../../support/capture-logger';

const SECRET = 'scope-challenge-secret-of-32-bytes!!';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

@injectable()
class Files {
  @Tool()
  @RequireScopes('files:write')
  write(): string {
    return 'written';
  }

  @Tool()
  read(): string {
    return 'read';
  }
}

function token(scope: string): Promise<string> {
  return new SignJWT({ sub: 'alice', scope, aud: 'files-api' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
}

function call(url: string, bearer: string, name: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${bearer}`,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': name,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: {}, _meta: ENVELOPE } }),
  });
}

describe('a token without the scope a tool needs gets the step-up challenge (403 insufficient_scope)', () => {
  let app: McpApp;
  let server: McpHttpServer;

  beforeAll(async () => {
    app = await createMcpApp({
      name: 'files',
      version: '1.0.0',
      providers: [Files],
      logger: captureLogger('error').logger,
      configSource: { env: { MCP_AUTH_JWT_SECRET: SECRET, MCP_AUTH_AUDIENCE: 'files-api', MCP_AUTH_SCOPES: 'files:read,files:write' }, envFile: false },
    });
    server = await app.listen({ transport: 'http', port: 0 });
  });

  afterAll(() => app.close());

  it('answers 403 with WWW-Authenticate naming the scopes to ask for, and resource_metadata', async () => {
    const response = await call(server.url, await token('files:read'), 'write');
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer error="insufficient_scope"/);
    expect(challenge).toContain('scope="files:read files:write"');
    expect(challenge).toMatch(/resource_metadata="http:\/\/[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/requires the scope files:write/);
  });

  it('serves the same token on a tool it may call, and the tool once the token has the scope', async () => {
    const allowed = await call(server.url, await token('files:read'), 'read');
    expect(allowed.status).toBe(200);
    expect(JSON.stringify(await allowed.json())).toContain('"text":"read"');
    const stepped = await call(server.url, await token('files:read files:write'), 'write');
    expect(stepped.status).toBe(200);
    expect(JSON.stringify(await stepped.json())).toContain('"text":"written"');
  });
});

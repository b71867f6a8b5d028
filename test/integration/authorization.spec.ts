import type { AuthInfo } from '@modelcontextprotocol/server';
import { IsString, MaxLength } from 'class-validator';
import {
  createMcpApp,
  createTestClient,
  InvalidTokenError,
  PrometheusMetrics,
  Prompt,
  Public,
  RequireScopes,
  Resource,
  Tool,
  ToolCallError,
  ToolContext,
  type McpApp,
  type McpAppOptions,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../support/app-harness';
import { sampleValue } from '../support/prometheus';

class WriteInput {
  @IsString() @MaxLength(10) path!: string;
}

class ReviewArgs {
  @IsString() code!: string;
}

@injectable()
@RequireScopes('files:read')
class FileTools {
  @Tool()
  list(ctx: ToolContext): string {
    return `files of ${ctx.principal}`;
  }

  @Tool()
  @RequireScopes('files:read', 'files:write')
  write({ path }: WriteInput): string {
    return `wrote ${path}`;
  }

  @Tool()
  @Public()
  ping(): string {
    return 'pong';
  }

  @Resource('files://index')
  index(): string {
    return 'index';
  }

  @Prompt()
  @RequireScopes('review')
  review({ code }: ReviewArgs): string {
    return `review ${code}`;
  }
}

@injectable()
class OpenTools {
  @Tool()
  hello(): string {
    return 'hello';
  }
}

const identity = (sub: string, scopes: string[]): AuthInfo => ({ token: `t-${sub}`, clientId: 'test', scopes, extra: { sub } });
const base = {
  name: 'auth',
  version: '1.0.0',
  providers: [FileTools, OpenTools],
  logger: { level: 'error' as const },
  configSource: { env: {}, envFile: false as const },
};
// Stands in for a real verifier: over the in-memory transport identities are injected.
const authConfigured: McpAppOptions['auth'] = {
  verifyToken: async () => {
    throw new InvalidTokenError('unused');
  },
};

async function listNames(app: McpApp, protocolVersion: string, auth?: AuthInfo): Promise<{ tools: string[]; resources: string[]; prompts: string[] }> {
  const client = await createTestClient(app, { protocolVersion, auth });
  try {
    return {
      tools: (await client.listTools()).map((t) => t.name).sort(),
      resources: (await client.listResources()).map((r) => r.uri),
      prompts: (await client.listPrompts()).map((p) => p.name),
    };
  } finally {
    await client.close();
  }
}

const ERAS = [['2026-07-28'], ['2025-11-25']];

describe.each(ERAS)('per-tool authorization, app with auth configured (%s)', (protocolVersion) => {
  const suite = useApps('all');
  const apps = useApps();
  let app: McpApp;
  beforeAll(async () => {
    app = await suite.app({ ...base, auth: authConfigured });
  });

  it('shows an anonymous caller only the public handlers and refuses the rest as authentication errors', async () => {
    expect(await listNames(app, protocolVersion)).toEqual({ tools: ['ping'], resources: [], prompts: [] });
    const client = await apps.client(app, { protocolVersion });
    expect(await client.callTool('ping')).toBe('pong');
    await expect(client.callTool('hello')).rejects.toMatchObject({ category: 'authentication', message: expect.stringMatching(/needs a valid bearer token/) });
    await expect(client.readResource('files://index')).rejects.toThrow(/Authentication required/);
  });

  it('hides and refuses what the token’s scopes do not cover', async () => {
    const reader = identity('alice', ['files:read']);
    expect(await listNames(app, protocolVersion, reader)).toEqual({ tools: ['hello', 'list', 'ping'], resources: ['files://index'], prompts: [] });
    const client = await apps.client(app, { protocolVersion, auth: reader });
    expect(await client.callTool('list')).toBe('files of sub:alice');
    const refused = await client.callTool('write', { path: 'a' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ToolCallError);
    expect(refused).toMatchObject({
      category: 'authorization',
      message: 'Not allowed: tool write requires the scope files:write, which the access token does not grant',
    });
    await expect(client.getPrompt('review', { code: 'x' })).rejects.toThrow(/requires the scope review/);
  });

  it('authorizes before validating: a refused caller learns nothing of the input schema', async () => {
    const client = await apps.client(app, { protocolVersion, auth: identity('alice', ['files:read']) });
    const refused = (await client.callTool('write', { path: 'far-too-long-path', extra: 1 }).catch((error: unknown) => error)) as ToolCallError;
    expect(refused.category).toBe('authorization');
    expect(refused.message).not.toMatch(/path|extra|should not exist/);
  });

  it('lets a caller with every scope see and use everything', async () => {
    const writer = identity('bob', ['files:read', 'files:write', 'review']);
    expect(await listNames(app, protocolVersion, writer)).toEqual({
      tools: ['hello', 'list', 'ping', 'write'],
      resources: ['files://index'],
      prompts: ['review'],
    });
    const client = await apps.client(app, { protocolVersion, auth: writer });
    expect(await client.callTool('write', { path: 'a.txt' })).toBe('wrote a.txt');
    expect((await client.getPrompt('review', { code: 'x' })).messages).toHaveLength(1);
  });

  it('counts refused calls in metrics by category', async () => {
    const client = await apps.client(app, { protocolVersion, auth: identity('carol', []) });
    await expect(client.callTool('list')).rejects.toThrow(/files:read/);
    await expect(client.callTool('list')).rejects.toThrow(/files:read/);
    const text = await (app.services.metrics as PrometheusMetrics).render();
    expect(sampleValue(text, 'mcp_calls_total', { name: 'list', status: 'authorization' })).toBe(2);
  });
});

describe.each(ERAS)('per-tool authorization, app without auth (%s)', (protocolVersion) => {
  const suite = useApps('all');
  const apps = useApps();
  let app: McpApp;
  beforeAll(async () => {
    app = await suite.app(base);
  });

  it('leaves everything open to callers without identity (stdio, local use)', async () => {
    expect(await listNames(app, protocolVersion)).toEqual({ tools: ['hello', 'list', 'ping', 'write'], resources: ['files://index'], prompts: ['review'] });
    const client = await apps.client(app, { protocolVersion });
    expect(await client.callTool('write', { path: 'a' })).toBe('wrote a');
  });

  it('still checks the scopes of an identified caller', async () => {
    expect((await listNames(app, protocolVersion, identity('dan', ['files:read']))).tools).toEqual(['hello', 'list', 'ping']);
  });
});

describe('auth configuration', () => {
  const apps = useApps();

  it('builds a JWT verifier from MCP_AUTH_* and refuses auth without a way to verify', async () => {
    const fromEnv = await apps.app({
      ...base,
      configSource: { env: { MCP_AUTH_JWT_SECRET: 's'.repeat(32), MCP_AUTH_AUDIENCE: 'aud', MCP_AUTH_ISSUER: 'https://issuer.example.com' }, envFile: false },
    });
    expect(fromEnv.services.auth).toMatchObject({ authorizationServers: ['https://issuer.example.com'], resourceName: 'auth' });
    await expect(fromEnv.services.auth!.verifyToken('x.y.z')).rejects.toThrow(InvalidTokenError);
    await expect(createMcpApp({ ...base, auth: { resourceUrl: 'https://x.example.com/mcp' } })).rejects.toThrow(/give verifyToken, or jwt/);
    await expect(createMcpApp({ ...base, auth: { jwt: { secret: 's'.repeat(32) } } })).rejects.toThrow(/needs an audience/);
  });

  it('refuses invalid scopes at decoration', () => {
    expect(() => RequireScopes('files write')).toThrow(/not a valid OAuth scope/);
  });
});

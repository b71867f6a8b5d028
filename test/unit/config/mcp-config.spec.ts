import { ConfigError, loadConfig, McpConfig } from 'mcp-decorators';

const load = (env: Record<string, string>): McpConfig => loadConfig(McpConfig, { env, envFile: false });

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('McpConfig: the framework’s MCP_* settings', () => {
  it('has safe defaults', () => {
    expect({ ...load({}) }).toEqual({
      transport: 'stdio',
      host: '127.0.0.1',
      port: 8000,
      path: '/mcp',
      legacy: 'stateless',
      logLevel: 'info',
      metrics: true,
      shutdownTimeoutMs: 10_000,
    });
  });

  it('reads every variable with its type', () => {
    const config = load({
      MCP_TRANSPORT: 'http',
      MCP_HOST: '0.0.0.0',
      MCP_PORT: '4000',
      MCP_PATH: '/api/mcp',
      MCP_LEGACY: 'sessions',
      MCP_REQUEST_STATE_KEY: 'k'.repeat(32),
      MCP_ALLOWED_HOSTS: 'mcp.example.com,mcp.example.com:8443',
      MCP_ALLOWED_ORIGINS: 'https://app.example.com',
      MCP_LOG_LEVEL: 'debug',
      MCP_REDIS_URL: 'redis://:pw@redis:6379/0',
      MCP_METRICS: 'false',
      MCP_SHUTDOWN_TIMEOUT_MS: '2500',
      MCP_AUTH_JWKS_URL: 'https://auth.example.com/.well-known/jwks.json',
      MCP_AUTH_ISSUER: 'https://auth.example.com',
      MCP_AUTH_AUDIENCE: 'https://mcp.example.com, mcp',
      MCP_AUTH_RESOURCE_URL: 'https://mcp.example.com/mcp',
      MCP_AUTH_AUTHORIZATION_SERVERS: 'https://auth.example.com',
      MCP_AUTH_SCOPES: 'files:read,files:write',
    });
    expect({ ...config }).toEqual({
      transport: 'http',
      host: '0.0.0.0',
      port: 4000,
      path: '/api/mcp',
      legacy: 'sessions',
      requestStateKey: 'k'.repeat(32),
      allowedHosts: ['mcp.example.com', 'mcp.example.com:8443'],
      allowedOrigins: ['https://app.example.com'],
      logLevel: 'debug',
      redisUrl: 'redis://:pw@redis:6379/0',
      metrics: false,
      shutdownTimeoutMs: 2500,
      authJwksUrl: 'https://auth.example.com/.well-known/jwks.json',
      authIssuer: 'https://auth.example.com',
      authAudience: ['https://mcp.example.com', 'mcp'],
      authResourceUrl: 'https://mcp.example.com/mcp',
      authAuthorizationServers: ['https://auth.example.com'],
      authScopes: ['files:read', 'files:write'],
    });
  });

  it('lists every bad MCP_* variable in one error, secrets hidden', () => {
    const error = problemsOf({
      MCP_TRANSPORT: 'tcp',
      MCP_PORT: '80a',
      MCP_LEGACY: 'sometimes',
      MCP_REQUEST_STATE_KEY: 'short-state-key',
      MCP_LOG_LEVEL: 'loud',
      MCP_REDIS_URL: 'http://user:redis-password@cache',
      MCP_AUTH_JWT_SECRET: 'too-short-secret-value',
      MCP_AUTH_JWKS_URL: 'https://auth.example.com/jwks',
    });
    expect(error.problems.map((p) => p.name)).toEqual([
      'MCP_TRANSPORT',
      'MCP_PORT',
      'MCP_LEGACY',
      'MCP_REQUEST_STATE_KEY',
      'MCP_LOG_LEVEL',
      'MCP_REDIS_URL',
      'MCP_AUTH_JWT_SECRET',
      'MCP_AUTH_JWKS_URL',
      'MCP_AUTH_AUDIENCE',
    ]);
    expect(error.message).toContain('- MCP_PORT: must be a number (got "80a" from the environment)');
    expect(error.message).toContain('- MCP_REDIS_URL: must be a redis:// or rediss:// URL (from the environment, value hidden)');
    expect(error.message).toContain('- MCP_AUTH_JWT_SECRET: must be at least 32 characters (256 bits) for HS256 (from the environment, value hidden)');
    expect(error.message).toContain('- MCP_AUTH_JWKS_URL: cannot be set together with MCP_AUTH_JWT_SECRET');
    expect(error.message).toMatch(/- MCP_AUTH_AUDIENCE: must be set \(or MCP_AUTH_RESOURCE_URL\) when .* \(not set\)/);
    expect(error.message).not.toContain('redis-password');
    expect(error.message).not.toContain('too-short-secret-value');
    expect(error.message).toContain('- MCP_REQUEST_STATE_KEY: must be at least 32 characters (256 bits) (from the environment, value hidden)');
    expect(error.message).not.toContain('short-state-key');
  });

  it('takes the resource URL as the audience requirement', () => {
    const config = load({ MCP_AUTH_JWT_SECRET: 's'.repeat(32), MCP_AUTH_RESOURCE_URL: 'http://localhost:4000/mcp' });
    expect(config.authResourceUrl).toBe('http://localhost:4000/mcp');
  });
});

import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';
import type { LogLevel } from '../logging/logger';
import { Env } from './env.decorator';

const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];
const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** A cross-field rule, reported on the property it decorates. */
function Check(name: string, rule: (value: unknown, config: McpConfig) => boolean, message: string): PropertyDecorator {
  return ValidateBy({
    name,
    validator: { validate: (value, args) => rule(value, args!.object as McpConfig), defaultMessage: () => message },
  });
}

const isStringList = (value: unknown): boolean =>
  value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0));

/**
 * The framework's own settings, read from fixed `MCP_*` variables (and `.env`) when the app is
 * created. Code options win over them: `app.listen()` with no argument serves what they say,
 * `app.listen({ port: 3000 })` overrides only the port. Injectable (`constructor(config: McpConfig)`)
 * and available as `app.config`.
 *
 * @example
 * // MCP_TRANSPORT=http MCP_PORT=4000 MCP_AUTH_JWKS_URL=https://auth.example.com/.well-known/jwks.json \
 * // MCP_AUTH_AUDIENCE=https://mcp.example.com node server.js
 * const app = await createMcpApp({ name: 'demo', version: '1.0.0', providers: [Tools] });
 * app.config.port;     // 4000
 * await app.listen();  // HTTP on 127.0.0.1:4000, bearer tokens required
 */
export class McpConfig {
  /** `stdio` or `http`. */
  @Env('MCP_TRANSPORT')
  @IsIn(['stdio', 'http'])
  transport: 'stdio' | 'http' = 'stdio';

  /** Interface the HTTP server binds (`0.0.0.0` in a container). */
  @Env('MCP_HOST')
  @IsString()
  @IsNotEmpty()
  host = '127.0.0.1';

  /** HTTP port; `0` picks a free one. */
  @Env('MCP_PORT')
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 8000;

  /** Path of the MCP endpoint. */
  @Env('MCP_PATH')
  @Matches(/^\/[^\s?#]*$/, { message: 'must be a path starting with / (no query, no spaces)' })
  path = '/mcp';

  /**
   * How HTTP serves 2025-era clients: `stateless` (each request on its own, any replica answers),
   * `sessions` (Mcp-Session-Id sessions with resumable streams and server-to-client requests) or
   * `reject` (2026-07-28 clients only). 2026-07-28 clients are always served statelessly.
   */
  @Env('MCP_LEGACY')
  @IsIn(['stateless', 'sessions', 'reject'])
  legacy: 'stateless' | 'sessions' | 'reject' = 'stateless';

  /**
   * HMAC key (at least 32 characters) signing the \`requestState\` of 2026-07-28 \`input_required\`
   * rounds (elicitation, sampling). Replicas must share it; unset, each process draws its own.
   */
  @Env('MCP_REQUEST_STATE_KEY', { sensitive: true })
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters (256 bits)' })
  requestStateKey?: string;

  /**
   * Host names clients use to reach the server (comma-separated, `name` or `name:port`), checked
   * against DNS rebinding; required when `MCP_HOST` is not a loopback address.
   */
  @Env('MCP_ALLOWED_HOSTS')
  @Check('stringList', isStringList, 'must be a comma-separated list of host names')
  allowedHosts?: string[];

  /** Browser origins allowed to call the endpoint (comma-separated, e.g. `https://app.example.com`). */
  @Env('MCP_ALLOWED_ORIGINS')
  @Check('stringList', isStringList, 'must be a comma-separated list of origins')
  allowedOrigins?: string[];

  /** Level of the framework's stderr logger. */
  @Env('MCP_LOG_LEVEL')
  @IsIn(LOG_LEVELS)
  logLevel: LogLevel = 'info';

  /** Redis for caches and rate limits shared by replicas; unset keeps the in-memory store. */
  @Env('MCP_REDIS_URL', { sensitive: true })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['redis', 'rediss'] }, { message: 'must be a redis:// or rediss:// URL' })
  redisUrl?: string;

  /** Serve Prometheus metrics on `/metrics` (HTTP). */
  @Env('MCP_METRICS')
  @IsBoolean()
  metrics = true;

  /** Longest wait for in-flight calls on SIGTERM/SIGINT before closing anyway. */
  @Env('MCP_SHUTDOWN_TIMEOUT_MS')
  @IsInt()
  @Min(0)
  shutdownTimeoutMs = 10_000;

  /** HS256 secret bearer tokens are signed with (at least 32 characters). */
  @Env('MCP_AUTH_JWT_SECRET')
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters (256 bits) for HS256' })
  authJwtSecret?: string;

  /** JWKS of the authorization server, for tokens signed with its keys (RS256, ES256...). */
  @Env('MCP_AUTH_JWKS_URL')
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  @Check(
    'oneVerifier',
    (_value, config) => config.authJwtSecret === undefined,
    'cannot be set together with MCP_AUTH_JWT_SECRET: choose one way to verify tokens',
  )
  authJwksUrl?: string;

  /** Required `iss` claim. */
  @Env('MCP_AUTH_ISSUER')
  @IsOptional()
  @IsString()
  authIssuer?: string;

  /** Accepted `aud` values (comma-separated); defaults to `MCP_AUTH_RESOURCE_URL`. */
  @Env('MCP_AUTH_AUDIENCE')
  @Check('stringList', isStringList, 'must be a comma-separated list')
  @Check(
    'audienceRequired',
    (value, config) => value !== undefined || config.authResourceUrl !== undefined || (config.authJwtSecret === undefined && config.authJwksUrl === undefined),
    'must be set (or MCP_AUTH_RESOURCE_URL) when MCP_AUTH_JWT_SECRET or MCP_AUTH_JWKS_URL is set: tokens must be checked to be meant for this server',
  )
  authAudience?: string[];

  /** This server's canonical URL (`https://mcp.example.com/mcp`), the `resource` of its metadata. */
  @Env('MCP_AUTH_RESOURCE_URL')
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  authResourceUrl?: string;

  /** Authorization servers advertised to clients (comma-separated); defaults to the issuer. */
  @Env('MCP_AUTH_AUTHORIZATION_SERVERS')
  @IsOptional()
  @IsUrl(URL_OPTIONS, { each: true, message: 'must be a comma-separated list of http(s) URLs' })
  authAuthorizationServers?: string[];

  /** Scopes advertised in the protected-resource metadata (comma-separated). */
  @Env('MCP_AUTH_SCOPES')
  @Check('stringList', isStringList, 'must be a comma-separated list')
  authScopes?: string[];
}

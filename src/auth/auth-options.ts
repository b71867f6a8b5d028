import type { McpConfig } from '../config/mcp-config';
import { McpDefinitionError } from '../errors/tool-error';
import { jwtVerifier, type JwtVerifierOptions, type TokenVerifier } from './jwt-verifier';

/**
 * The `auth` option of `createMcpApp`: how HTTP callers prove who they are. Fields left out are
 * taken from the `MCP_AUTH_*` variables; with neither, the app has no auth.
 *
 * @example
 * await createMcpApp({ name: 'files', version: '1.0.0', providers: [FileTools], auth: {
 *   jwt: { jwksUrl: 'https://auth.example.com/.well-known/jwks.json', issuer: 'https://auth.example.com', audience: 'https://files.example.com/mcp' },
 *   resourceUrl: 'https://files.example.com/mcp',
 *   scopesSupported: ['files:read', 'files:write'],
 * }});
 */
export interface AuthOptions {
  /** Your own token check (opaque tokens, introspection...), instead of `jwt`. */
  verifyToken?: TokenVerifier;
  /** JWT access tokens checked with jose; fields left out come from `MCP_AUTH_*`. */
  jwt?: Partial<JwtVerifierOptions>;
  /** This server's canonical URL (`resource` in its metadata); default: derived from each request. */
  resourceUrl?: string;
  /** Authorization servers clients should get tokens from (default: the JWT issuer). */
  authorizationServers?: string[];
  /** Scopes advertised in the protected-resource metadata. */
  scopesSupported?: string[];
  /** Human-readable name in the metadata (default: the app's name). */
  resourceName?: string;
}

/** The app's auth, resolved once at creation. */
export interface ResolvedAuth {
  readonly verifyToken: TokenVerifier;
  readonly resourceUrl: string | undefined;
  readonly authorizationServers: readonly string[];
  readonly scopesSupported: readonly string[] | undefined;
  readonly resourceName: string;
}

/** Merges the `auth` option over `MCP_AUTH_*`; `undefined` when neither configures auth. */
export function resolveAuth(options: AuthOptions | undefined, config: McpConfig, appName: string): ResolvedAuth | undefined {
  const fromEnv = config.authJwtSecret !== undefined || config.authJwksUrl !== undefined;
  if (!options && !fromEnv) return undefined;
  if (options?.verifyToken && options.jwt) throw new McpDefinitionError('auth: give either verifyToken or jwt, not both');
  const issuer = options?.jwt?.issuer ?? config.authIssuer;
  let verifyToken = options?.verifyToken;
  if (!verifyToken) {
    const jwt = options?.jwt ?? {};
    const fromCode = jwt.secret !== undefined || jwt.jwksUrl !== undefined;
    const secret = fromCode ? jwt.secret : config.authJwtSecret;
    const jwksUrl = fromCode ? jwt.jwksUrl : config.authJwksUrl;
    if (secret === undefined && jwksUrl === undefined) {
      throw new McpDefinitionError('auth: give verifyToken, or jwt with a secret or jwksUrl (or set MCP_AUTH_JWT_SECRET or MCP_AUTH_JWKS_URL)');
    }
    const resource = options?.resourceUrl ?? config.authResourceUrl;
    const audience = jwt.audience ?? config.authAudience ?? (resource === undefined ? undefined : [resource]);
    if (audience === undefined) {
      throw new McpDefinitionError(
        'auth: jwt needs an audience (jwt.audience, MCP_AUTH_AUDIENCE or MCP_AUTH_RESOURCE_URL) so that tokens meant for other servers are refused',
      );
    }
    verifyToken = jwtVerifier({ ...jwt, secret, jwksUrl, audience, ...(issuer === undefined ? {} : { issuer }) });
  }
  const issuers = issuer === undefined ? [] : typeof issuer === 'string' ? [issuer] : [...issuer];
  return Object.freeze({
    verifyToken,
    resourceUrl: options?.resourceUrl ?? config.authResourceUrl,
    authorizationServers: Object.freeze([...(options?.authorizationServers ?? config.authAuthorizationServers ?? issuers)]),
    scopesSupported: freezeList(options?.scopesSupported ?? config.authScopes),
    resourceName: options?.resourceName ?? appName,
  });
}

function freezeList(list: readonly string[] | undefined): readonly string[] | undefined {
  return list === undefined ? undefined : Object.freeze([...list]);
}

import type { AuthInfo } from '@modelcontextprotocol/server';
import type * as Jose from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { McpDefinitionError } from '../errors/tool-error';

/** jose, loaded by the first verifier built: servers without JWT auth never load it (~80 modules). */
const loadJose = (): typeof Jose => require('jose') as typeof Jose;

/**
 * A token was refused: its message is safe to show the client (it becomes the
 * `error_description` of the `WWW-Authenticate` challenge). Throw it from a custom verifier.
 *
 * @example
 * const verifyToken: TokenVerifier = async (token) => {
 *   const session = await sessions.find(token);
 *   if (!session) throw new InvalidTokenError('Unknown or revoked token');
 *   return { token, clientId: session.clientId, scopes: session.scopes, extra: { sub: session.userId } };
 * };
 */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/**
 * Checks a bearer token and returns who the caller is. Throws `InvalidTokenError` to refuse it
 * (401); any other error is a server fault (500, logged). Put the user id in `extra.sub`: it
 * becomes `ctx.principal` (`sub:<id>`), the key of per-caller rate limits and caches, and the
 * owner of the sessions the caller opens.
 */
export type TokenVerifier = (token: string) => Promise<AuthInfo>;

/** Options of `jwtVerifier`: one of `secret` or `jwksUrl`, and the audience. */
export interface JwtVerifierOptions {
  /** Shared secret of HS256 tokens (at least 32 bytes). */
  secret?: string | Uint8Array;
  /** JWKS of the authorization server, fetched and cached (keys rotate by `kid`). */
  jwksUrl?: string;
  /** Accepted `aud` values: the token must be meant for this server. */
  audience: string | readonly string[];
  /** Required `iss`. */
  issuer?: string | readonly string[];
  /** Accepted algorithms; default HS256 with a secret, the asymmetric ones with a JWKS. */
  algorithms?: readonly string[];
  /** Seconds of clock skew tolerated on `exp` and `nbf` (default 5). */
  clockToleranceSec?: number;
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * A `TokenVerifier` for JWT access tokens, on jose: signature (HS256 secret or the keys of a
 * JWKS URL), `exp` (required) and `nbf`, audience, and issuer when given. Scopes come from the
 * `scope` claim (space-separated) or `scp` (a list); `extra` holds `sub`, `iss` and all claims.
 *
 * @example
 * const verifyToken = jwtVerifier({
 *   jwksUrl: 'https://auth.example.com/.well-known/jwks.json',
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://mcp.example.com/mcp',
 * });
 */
export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const { createRemoteJWKSet, jwtVerify } = loadJose();
  const hasSecret = options.secret !== undefined;
  const hasJwks = options.jwksUrl !== undefined;
  if (hasSecret === hasJwks) throw new McpDefinitionError('jwtVerifier: give exactly one of secret or jwksUrl');
  const audience = typeof options.audience === 'string' ? [options.audience] : [...(options.audience ?? [])];
  if (audience.length === 0 || audience.some((value) => typeof value !== 'string' || value === '')) {
    throw new McpDefinitionError('jwtVerifier: audience is required, so that tokens issued for other servers are refused');
  }
  let key: Uint8Array | JWTVerifyGetKey;
  if (hasSecret) {
    key = typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret!;
    if (key.byteLength < 32) throw new McpDefinitionError('jwtVerifier: an HS256 secret needs at least 32 bytes');
  } else {
    let url: URL;
    try {
      url = new URL(options.jwksUrl!);
    } catch {
      throw new McpDefinitionError(`jwtVerifier: jwksUrl is not a URL: ${options.jwksUrl}`);
    }
    key = createRemoteJWKSet(url);
  }
  const verifyOptions = {
    audience,
    ...(options.issuer === undefined ? {} : { issuer: typeof options.issuer === 'string' ? options.issuer : [...options.issuer] }),
    algorithms: [...(options.algorithms ?? (hasSecret ? ['HS256'] : ASYMMETRIC))],
    clockTolerance: options.clockToleranceSec ?? 5,
    requiredClaims: ['exp'],
  };

  return async (token) => {
    let payload: JWTPayload;
    try {
      // Two call shapes of one function: jose overloads a key and a key resolver separately.
      ({ payload } = typeof key === 'function' ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions));
    } catch (error) {
      throw toInvalidToken(error);
    }
    return toAuthInfo(token, payload);
  };
}

function toAuthInfo(token: string, payload: JWTPayload): AuthInfo {
  const scope = payload['scope'];
  const scp = payload['scp'];
  const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : Array.isArray(scp) ? scp.filter((s): s is string => typeof s === 'string') : [];
  const clientId = [payload['client_id'], payload['azp'], payload.sub].find((value): value is string => typeof value === 'string') ?? 'unknown';
  return {
    token,
    clientId,
    scopes,
    ...(payload.exp === undefined ? {} : { expiresAt: payload.exp }),
    extra: { ...(payload.sub === undefined ? {} : { sub: payload.sub }), ...(payload.iss === undefined ? {} : { iss: payload.iss }), claims: payload },
  };
}

/** jose's failures that mean "this token is not acceptable", in words for the client. */
function toInvalidToken(error: unknown): unknown {
  const joseErrors = loadJose().errors;
  if (error instanceof joseErrors.JWTExpired) return new InvalidTokenError('The access token has expired');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === 'aud') return new InvalidTokenError('The access token was not issued for this server (audience mismatch)');
    if (claim === 'iss') return new InvalidTokenError('The access token was not issued by a trusted issuer');
    if (claim === 'nbf') return new InvalidTokenError('The access token is not valid yet');
    return new InvalidTokenError(`The access token's "${claim}" claim is missing or invalid`);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new InvalidTokenError('The access token signature is invalid');
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new InvalidTokenError('The access token is signed with an algorithm this server does not accept');
  if (error instanceof joseErrors.JWKSNoMatchingKey) return new InvalidTokenError('The access token is signed with an unknown key');
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JOSENotSupported) {
    return new InvalidTokenError('The access token is not a valid JWT');
  }
  // JWKS unreachable, timeouts...: a server-side fault, not the client's token.
  return error;
}

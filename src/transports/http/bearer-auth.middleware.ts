import type { ResolvedAuth } from '../../auth/auth-options';
import { InvalidTokenError } from '../../auth/jwt-verifier';
import type { Logger } from '../../logging/logger';
import { HttpError, type HttpMiddleware, type HttpRequest } from './http-router';
import { metadataUrlOf, resourceUrlOf } from './protected-resource.route';

/** Options of the bearer middleware. */
export interface BearerAuthOptions {
  readonly auth: ResolvedAuth;
  /** The MCP endpoint's path, from which the resource URL is derived when not configured. */
  readonly mcpPath: string;
  /** Let requests without a token through (anonymous), for apps with `@Public()` handlers. */
  readonly allowAnonymous: boolean;
  readonly logger: Logger;
}

/** A `WWW-Authenticate` parameter value, quoted (RFC 9110 quoted-string). */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/[\r\n]/g, ' ')}"`;
}

/** The `WWW-Authenticate` challenge of a 401/403 (RFC 6750 §3, with RFC 9728's `resource_metadata`). */
export function bearerChallenge(auth: ResolvedAuth, mcpPath: string, req: HttpRequest, error?: { code: string; description: string; scope?: string }): string {
  const params = [
    ...(error ? [`error=${quoted(error.code)}`, `error_description=${quoted(error.description)}`] : []),
    ...(error?.scope ? [`scope=${quoted(error.scope)}`] : []),
    `resource_metadata=${quoted(metadataUrlOf(resourceUrlOf(auth, mcpPath, req)))}`,
  ];
  return `Bearer ${params.join(', ')}`;
}

/**
 * Verifies `Authorization: Bearer <token>` and sets `req.auth`, which becomes `ctx.auth` (and the
 * principal) of every MCP request in the HTTP request. A missing token is a 401 challenge unless
 * anonymous access is allowed; an invalid one is always a 401 with `error="invalid_token"`.
 */
export function bearerAuthMiddleware(options: BearerAuthOptions): HttpMiddleware {
  const { auth, mcpPath, allowAnonymous, logger } = options;
  return async (req) => {
    const header = req.headers.authorization;
    if (header === undefined || header === '') {
      if (allowAnonymous) return;
      throw new HttpError(401, 'Unauthorized: this server requires a bearer token (see the WWW-Authenticate header)', {
        headers: { 'WWW-Authenticate': bearerChallenge(auth, mcpPath, req) },
      });
    }
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
    if (!match) {
      throw new HttpError(401, 'Unauthorized: the Authorization header must be "Bearer <token>"', {
        headers: { 'WWW-Authenticate': bearerChallenge(auth, mcpPath, req, { code: 'invalid_request', description: 'Malformed Authorization header' }) },
      });
    }
    try {
      req.auth = await auth.verifyToken(match[1]);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      logger.info('auth_token_rejected', { event: 'auth_token_rejected', path: req.pathname, reason: error.message });
      throw new HttpError(401, `Unauthorized: ${error.message}`, {
        headers: { 'WWW-Authenticate': bearerChallenge(auth, mcpPath, req, { code: 'invalid_token', description: error.message }) },
      });
    }
  };
}

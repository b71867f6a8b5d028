import type { ServerResponse } from 'node:http';
import { decideAccess } from '../../auth/access';
import type { ResolvedAuth } from '../../auth/auth-options';
import { ErrorCategory, ToolError } from '../../errors/tool-error';
import { RouteResponse, type RouteDefinition } from '../../routes/route.types';
import { bearerChallenge } from './bearer-auth.middleware';
import { HttpError, writeJson, type HttpHandler, type HttpMiddleware } from './http-router';
import { readJsonBody } from './json-body';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The status a `ToolError` thrown by a route answers with. */
const STATUS_BY_CATEGORY: Partial<Record<ErrorCategory, number>> = {
  [ErrorCategory.VALIDATION]: 400,
  [ErrorCategory.AUTHENTICATION]: 401,
  [ErrorCategory.AUTHORIZATION]: 403,
  [ErrorCategory.RATE_LIMIT]: 429,
  [ErrorCategory.TIMEOUT]: 504,
  [ErrorCategory.NETWORK]: 502,
  [ErrorCategory.EXTERNAL_API]: 502,
  [ErrorCategory.DATABASE]: 503,
};

/**
 * Who may call a custom route: the rule of tools (`decideAccess`), answered the HTTP way — 401
 * with a bearer challenge without a token, 403 with `error="insufficient_scope"` without a scope.
 * Runs after the bearer middleware, which has verified any token sent.
 */
export function routeAccessMiddleware(route: RouteDefinition, auth: ResolvedAuth | undefined, mcpPath: string): HttpMiddleware {
  return (req) => {
    const decision = decideAccess(route.access, req.auth, auth !== undefined, `route ${route.method} ${route.path}`);
    if (decision.allowed) return;
    const missing = route.access && 'scopes' in route.access ? route.access.scopes.join(' ') : undefined;
    const forbidden = decision.category === ErrorCategory.AUTHORIZATION;
    const challenge = auth
      ? bearerChallenge(auth, mcpPath, req, forbidden ? { code: 'insufficient_scope', description: decision.message, scope: missing } : undefined)
      : undefined;
    throw new HttpError(forbidden ? 403 : 401, decision.message, { headers: challenge ? { 'WWW-Authenticate': challenge } : {} });
  };
}

/** Adapts a route handler to the HTTP server: request in, JSON (or a `RouteResponse`) out. */
export function customRouteHandler(route: RouteDefinition, maxBodyBytes: number): HttpHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const body = BODY_METHODS.has(req.method ?? '') && hasBody ? await readJsonBody(req, maxBodyBytes) : undefined;
    let result: unknown;
    try {
      result = await route.handler({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, auth: req.auth, body });
    } catch (error) {
      if (!(error instanceof ToolError)) throw error;
      writeJson(res, STATUS_BY_CATEGORY[error.category] ?? 500, { error: { message: error.message, category: error.category, details: error.details } });
      return;
    }
    writeResult(res, result);
  };
}

function writeResult(res: ServerResponse, result: unknown): void {
  if (result === undefined) {
    res.writeHead(204).end();
    return;
  }
  if (!(result instanceof RouteResponse)) {
    writeJson(res, 200, result);
    return;
  }
  const { body, status, headers, contentType } = result;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const type = contentType ?? (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream');
    res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': payload.byteLength });
    res.end(payload);
    return;
  }
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  writeJson(res, status, body, contentType ? { ...headers, 'Content-Type': contentType } : headers);
}

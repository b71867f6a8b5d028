import type { IncomingMessage } from 'node:http';
import type { ResolvedAuth } from '../../auth/auth-options';
import { writeJson, type HttpHandler } from './http-router';

/** Where RFC 9728 puts a protected resource's metadata. */
export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) of the MCP endpoint, as the MCP
 * authorization specification asks: which authorization servers issue tokens for it, and which
 * scopes exist. Clients find it through the `resource_metadata` of a 401 challenge.
 */
export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers?: readonly string[];
  readonly scopes_supported?: readonly string[];
  readonly bearer_methods_supported: readonly string[];
  readonly resource_name: string;
}

/**
 * The resource URL: the configured one, else the MCP endpoint's URL as this request reached it
 * (set `MCP_AUTH_RESOURCE_URL` behind a proxy that rewrites hosts or terminates TLS).
 */
export function resourceUrlOf(auth: ResolvedAuth, mcpPath: string, req: IncomingMessage): URL {
  if (auth.resourceUrl) return new URL(auth.resourceUrl);
  const forwarded = req.headers['x-forwarded-proto'];
  const scheme = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  return new URL(mcpPath, `${scheme}://${req.headers.host ?? 'localhost'}`);
}

/** The metadata URL for a resource: the well-known prefix inserted before its path (RFC 9728 §3.1). */
export function metadataUrlOf(resource: URL): string {
  const path = resource.pathname === '/' ? '' : resource.pathname.replace(/\/$/, '');
  return `${resource.origin}${PROTECTED_RESOURCE_PATH}${path}`;
}

/** The paths the metadata is served on: the root well-known path and the one for the MCP path. */
export function protectedResourcePaths(auth: ResolvedAuth, mcpPath: string): string[] {
  const resourcePath = auth.resourceUrl ? new URL(auth.resourceUrl).pathname : mcpPath;
  const suffixed = resourcePath === '/' ? PROTECTED_RESOURCE_PATH : `${PROTECTED_RESOURCE_PATH}${resourcePath.replace(/\/$/, '')}`;
  return [...new Set([PROTECTED_RESOURCE_PATH, suffixed])];
}

/** `GET /.well-known/oauth-protected-resource[/<path>]`: public, cacheable, readable cross-origin. */
export function protectedResourceRoute(auth: ResolvedAuth, mcpPath: string): HttpHandler {
  return (req, res) => {
    const metadata: ProtectedResourceMetadata = {
      resource: resourceUrlOf(auth, mcpPath, req).href,
      ...(auth.authorizationServers.length > 0 ? { authorization_servers: auth.authorizationServers } : {}),
      ...(auth.scopesSupported ? { scopes_supported: auth.scopesSupported } : {}),
      bearer_methods_supported: ['header'],
      resource_name: auth.resourceName,
    };
    writeJson(res, 200, metadata, { 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' });
  };
}

import type { AuthInfo } from '@modelcontextprotocol/server';
import { ErrorCategory } from '../errors/tool-error';
import type { AccessPolicy } from '../metadata/policy.types';

/** Whether a caller may see and use a handler, and why not. */
export type AccessDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly category: ErrorCategory.AUTHENTICATION | ErrorCategory.AUTHORIZATION; readonly message: string };

const ALLOWED: AccessDecision = Object.freeze({ allowed: true });

/**
 * The one access rule, shared by lists and calls:
 * - `@Public()`: anyone;
 * - no identity: allowed only when the app has no auth configured (stdio, local use);
 * - an identity: it must hold every scope of `@RequireScopes` (none required by default).
 */
export function decideAccess(policy: AccessPolicy | undefined, auth: AuthInfo | undefined, authConfigured: boolean, what: string): AccessDecision {
  if (policy?.public) return ALLOWED;
  if (!auth) {
    if (!authConfigured) return ALLOWED;
    return {
      allowed: false,
      category: ErrorCategory.AUTHENTICATION,
      message: `Authentication required: ${what} needs a valid bearer token`,
    };
  }
  const missing = (policy?.scopes ?? []).filter((scope) => !auth.scopes.includes(scope));
  if (missing.length === 0) return ALLOWED;
  return {
    allowed: false,
    category: ErrorCategory.AUTHORIZATION,
    message: `Not allowed: ${what} requires the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the access token does not grant`,
  };
}

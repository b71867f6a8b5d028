import { POLICY } from '../constants';
import { McpDefinitionError } from '../errors/tool-error';
import type { AccessPolicy } from '../metadata/policy.types';
import { policyDecorator, type PolicyDecorator } from './decorator-guards';

/** OAuth scope tokens (RFC 6749 §3.3): printable ASCII without space, `"` or `\`. */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Restricts a tool, resource or prompt (or every handler of a class) to authenticated callers
 * whose token holds all of `scopes`. Other callers do not see it in lists, and a call is refused
 * with an `authorization` error (or `authentication` without a token). Without scopes, any
 * authenticated caller may use it. A method's `@RequireScopes` or `@Public` replaces its class's.
 *
 * Checked only when someone is authenticated, or when the app has auth configured: without auth
 * (stdio, a local process), every handler is open.
 *
 * @example
 * @injectable()
 * @RequireScopes('files:read')
 * class FileTools {
 *   @Tool() list() { ... }                               // files:read
 *   @Tool() @RequireScopes('files:read', 'files:write')
 *   write(input: WriteInput) { ... }                     // both scopes
 * }
 */
export function RequireScopes(...scopes: string[]): PolicyDecorator {
  for (const scope of scopes) {
    if (typeof scope !== 'string' || !SCOPE.test(scope)) {
      throw new McpDefinitionError(`@RequireScopes: ${JSON.stringify(scope)} is not a valid OAuth scope (no spaces, quotes or backslashes)`);
    }
  }
  const policy: AccessPolicy = Object.freeze({ scopes: Object.freeze([...new Set(scopes)]) });
  return policyDecorator('@RequireScopes', POLICY.access, policy);
}

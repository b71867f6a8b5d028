import { POLICY } from '../constants';
import type { AccessPolicy } from '../metadata/policy.types';
import { policyDecorator, type PolicyDecorator } from './decorator-guards';

const PUBLIC: AccessPolicy = Object.freeze({ public: true });

/**
 * Lets unauthenticated callers see and use a tool, resource or prompt (or every handler of a
 * class) on an app that requires authentication. A method's `@Public` or `@RequireScopes`
 * replaces its class's. With at least one public handler, the HTTP endpoint accepts requests
 * without a token (an invalid token is still refused); the other handlers stay hidden from them.
 *
 * @example
 * @injectable()
 * @RequireScopes('admin')
 * class Ops {
 *   @Tool() @Public() ping() { return 'pong'; }       // anyone
 *   @Tool() restart() { ... }                          // admin only
 * }
 */
export function Public(): PolicyDecorator {
  return policyDecorator('@Public', POLICY.access, PUBLIC);
}

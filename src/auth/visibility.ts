import type { AuthInfo } from '@modelcontextprotocol/server';
import type { AppServices } from '../app/app-services';
import { POLICY } from '../constants';
import { policyOf } from '../metadata/policy.types';
import type { HandlerDefinition } from '../registry/definitions';
import { decideAccess } from './access';

/** Whether a caller may see a definition; `undefined` definitions are never visible. */
export type VisibilityCheck = (definition: HandlerDefinition | undefined, auth: AuthInfo | undefined) => boolean;

/**
 * The list filter of an app, or `undefined` when every caller sees everything (no auth and no
 * `@RequireScopes`/`@Public` anywhere), so lists then cost nothing extra.
 */
export function visibilityFor(definitions: readonly HandlerDefinition[], services: AppServices): VisibilityCheck | undefined {
  const authConfigured = services.auth !== undefined;
  if (!authConfigured && !definitions.some((definition) => policyOf(definition.policies, POLICY.access) !== undefined)) return undefined;
  return (definition, auth) =>
    definition !== undefined && decideAccess(policyOf(definition.policies, POLICY.access), auth, authConfigured, definition.name).allowed;
}

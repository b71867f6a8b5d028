import { decideAccess } from '../auth/access';
import { POLICY } from '../constants';
import { ErrorSeverity, ToolError } from '../errors/tool-error';
import { policyOf } from '../metadata/policy.types';
import type { StepFactory } from './invocation';

/**
 * Refuses callers that may not use the handler (`@RequireScopes`, `@Public`, auth configured)
 * with an `authentication` or `authorization` error. Absent when there is nothing to check.
 */
export const authorizeStep: StepFactory = (definition, services) => {
  const policy = policyOf(definition.policies, POLICY.access);
  const authConfigured = services.auth !== undefined;
  if (!policy && !authConfigured) return undefined;
  const what = `${definition.kind} ${definition.name}`;
  return (invocation, next) => {
    const decision = decideAccess(policy, invocation.context.auth, authConfigured, what);
    // A refusal is a rejected promise, as a Step promises, never a synchronous throw.
    if (!decision.allowed) return Promise.reject(new ToolError(decision.message, { category: decision.category, severity: ErrorSeverity.LOW }));
    return next();
  };
};

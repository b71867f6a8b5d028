import { decideAccess } from '../../auth/access';
import type { ResolvedAuth } from '../../auth/auth-options';
import { POLICY } from '../../constants';
import { ErrorCategory } from '../../errors/tool-error';
import { policyOf } from '../../metadata/policy.types';
import type { HandlerDefinition } from '../../registry/definitions';
import { bearerChallenge } from './bearer-auth.middleware';
import type { HttpServedApp } from './http-app';
import { HttpError, type HttpRequest } from './http-router';

/**
 * The step-up answer of the MCP authorization specification: a caller whose token lacks the
 * scopes of the tool, prompt or resource it calls gets HTTP 403 with
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="..."`, so that its client can
 * obtain a token with those scopes and retry. Without auth configured nothing is checked.
 */
export function scopeChallenge(app: HttpServedApp, auth: ResolvedAuth, mcpPath: string): (req: HttpRequest, message: unknown) => void {
  return (req, message) => {
    if (!req.auth || typeof message !== 'object' || message === null || Array.isArray(message)) return;
    const definition = targetOf(app, message);
    if (!definition) return;
    const policy = policyOf(definition.policies, POLICY.access);
    const decision = decideAccess(policy, req.auth, true, `${definition.kind} ${definition.name}`);
    if (decision.allowed || decision.category !== ErrorCategory.AUTHORIZATION) return;
    const required = policy && !policy.public ? policy.scopes : [];
    const needed = [...new Set([...req.auth.scopes, ...required])].join(' ');
    throw new HttpError(403, `Forbidden: ${decision.message}`, {
      headers: { 'WWW-Authenticate': bearerChallenge(auth, mcpPath, req, { code: 'insufficient_scope', description: decision.message, scope: needed }) },
    });
  };
}

function targetOf(app: HttpServedApp, message: { method?: unknown; params?: { name?: unknown; uri?: unknown } }): HandlerDefinition | undefined {
  const { registry } = app;
  const name = message.params?.name;
  const uri = message.params?.uri;
  switch (message.method) {
    case 'tools/call':
      return typeof name === 'string' ? registry.tool(name) : undefined;
    case 'prompts/get':
      return typeof name === 'string' ? registry.prompt(name) : undefined;
    case 'resources/read':
      return typeof uri === 'string' ? registry.resource(uri)?.definition : undefined;
    default:
      return undefined;
  }
}

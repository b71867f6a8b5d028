import type { AuthInfo } from '@modelcontextprotocol/server';
import { ErrorCategory, ErrorSeverity, Public, RequireScopes, Tool, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { authorizeStep } from '../../../src/pipeline/authorize.step';
import { built, failureOf, identity, invocationOf, runStep, stepHarness, type StepHarness } from './step-harness';

@injectable()
class DeployTools {
  @Tool()
  status(): string {
    return 'green';
  }

  @Tool()
  @RequireScopes('deploy:write', 'deploy:admin')
  deploy(): string {
    return 'deployed';
  }

  @Tool()
  @Public()
  ping(): string {
    return 'pong';
  }
}

const verifyToken = async (token: string): Promise<AuthInfo> => ({ token, clientId: 'test', scopes: [] });

describe('authorizeStep', () => {
  let open: StepHarness;
  let secured: StepHarness;

  beforeAll(async () => {
    open = await stepHarness([DeployTools]);
    secured = await stepHarness([DeployTools], { auth: { verifyToken } });
  });

  afterAll(async () => {
    await open.close();
    await secured.close();
  });

  const refusal = async (run: () => unknown): Promise<ToolError> => {
    const error = await failureOf(run);
    expect(error).toBeInstanceOf(ToolError);
    return error as ToolError;
  };

  it('is absent for a handler without access policy in an app without auth', () => {
    expect(authorizeStep(open.tool('status'), open.services)).toBeUndefined();
    expect(authorizeStep(open.tool('deploy'), open.services)).toBeDefined();
    expect(authorizeStep(secured.tool('status'), secured.services)).toBeDefined();
  });

  it('lets a caller without identity use a scoped handler when the app has no auth (stdio, local use)', async () => {
    const step = built(authorizeStep(open.tool('deploy'), open.services));
    expect(await runStep(step, invocationOf(open.tool('deploy')))).toEqual({ content: [{ type: 'text', text: 'deployed' }] });
  });

  it('refuses a caller without identity with an authentication error once the app has auth, before the method runs', async () => {
    const step = built(authorizeStep(secured.tool('status'), secured.services));
    const next = jest.fn(async () => 'ran');
    const error = await refusal(() => step(invocationOf(secured.tool('status')), next));
    expect(error.category).toBe(ErrorCategory.AUTHENTICATION);
    expect(error.severity).toBe(ErrorSeverity.LOW);
    expect(error.message).toBe('Authentication required: tool status needs a valid bearer token');
    expect(next).not.toHaveBeenCalled();
  });

  it('refuses an identity lacking scopes with an authorization error naming only the missing ones', async () => {
    const step = built(authorizeStep(secured.tool('deploy'), secured.services));
    const next = jest.fn(async () => 'ran');
    const none = await refusal(() => step(invocationOf(secured.tool('deploy'), {}, { auth: identity('alice') }), next));
    expect(none.category).toBe(ErrorCategory.AUTHORIZATION);
    expect(none.message).toBe('Not allowed: tool deploy requires the scopes deploy:write, deploy:admin, which the access token does not grant');
    const partial = await refusal(() => step(invocationOf(secured.tool('deploy'), {}, { auth: identity('alice', ['deploy:write']) }), next));
    expect(partial.message).toBe('Not allowed: tool deploy requires the scope deploy:admin, which the access token does not grant');
    expect(next).not.toHaveBeenCalled();
  });

  it('lets an identity holding every required scope through to the method', async () => {
    const step = built(authorizeStep(secured.tool('deploy'), secured.services));
    const invocation = invocationOf(secured.tool('deploy'), {}, { auth: identity('alice', ['deploy:admin', 'deploy:write', 'other']) });
    expect(await runStep(step, invocation)).toEqual({ content: [{ type: 'text', text: 'deployed' }] });
  });

  it('lets anyone use a @Public() handler, even without identity in an app with auth', async () => {
    const step = built(authorizeStep(secured.tool('ping'), secured.services));
    expect(await runStep(step, invocationOf(secured.tool('ping')))).toEqual({ content: [{ type: 'text', text: 'pong' }] });
  });

  it('lets any authenticated caller use a handler without scopes', async () => {
    const step = built(authorizeStep(secured.tool('status'), secured.services));
    expect(await runStep(step, invocationOf(secured.tool('status'), {}, { auth: identity('bob') }))).toEqual({ content: [{ type: 'text', text: 'green' }] });
  });
});

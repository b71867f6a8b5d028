import { CallToolResultSchema, type ElicitRequestFormParams, type LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { injectable } from 'tsyringe';
import { createMcpApp, createTestClient, Tool, ToolContext, UrlElicitationRequiredError, type McpApp, type TestClient } from 'mcp-decorators';

/** A promise with its resolver outside, to follow a tool from the test. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Exactly equal types, else `false`: a mismatch fails `npm run typecheck`. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

class Contact {
  @IsString() name = 'John Doe';
  @IsInt() @Min(0) age = 30;
  @IsIn(['active', 'inactive']) status = 'active';
  @IsBoolean() verified = true;
  @IsOptional() @IsEmail() email?: string;
}

class Username {
  @IsString() @Matches(/^[a-z]+$/) username!: string;
}

const PREFERENCES = {
  type: 'object',
  properties: {
    untitledSingle: { type: 'string', enum: ['option1', 'option2'], default: 'option1' },
    titledSingle: { type: 'string', oneOf: [{ const: 'value1', title: 'First' }, { const: 'value2', title: 'Second' }] },
    legacyEnum: { type: 'string', enum: ['opt1', 'opt2'], enumNames: ['Option One', 'Option Two'] },
    untitledMulti: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, default: ['a'] },
    titledMulti: { type: 'array', items: { anyOf: [{ const: 'x', title: 'Ex' }, { const: 'y', title: 'Why' }] } },
    count: { type: 'integer', minimum: 1, default: 3 },
  },
  required: ['untitledSingle', 'titledMulti'],
} as const;

describe('the tool context through a real SDK client', () => {
  const started = { cancellable: deferred(), aborted: deferred<unknown>() };

  @injectable()
  class ContextTools {
    @Tool({ description: 'Counts to ten with progress' })
    async count(ctx: ToolContext): Promise<string> {
      for (let i = 0; i <= 10; i++) await ctx.reportProgress(i, 10, `step ${i}`);
      return 'counted';
    }

    @Tool({ description: 'Waits until cancelled' })
    async wait(ctx: ToolContext): Promise<string> {
      started.cancellable.resolve();
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      started.aborted.resolve(ctx.signal.reason);
      return 'aborted';
    }

    @Tool({ description: 'Logs at every level' })
    async chatty(ctx: ToolContext): Promise<string> {
      await ctx.log.debug('d');
      await ctx.log.info('i', { step: 1 });
      await ctx.log.notice('n');
      await ctx.log.warning('w');
      await ctx.log.error('e');
      await ctx.log.critical('c');
      return 'logged';
    }

    @Tool({ description: 'Samples with a prompt' })
    async ask(ctx: ToolContext): Promise<string> {
      const reply = await ctx.sample('What is 2+2?', { maxTokens: 50, systemPrompt: 'Be brief' });
      return reply.content.type === 'text' ? `model said ${reply.content.text} (${reply.model})` : 'no text';
    }

    @Tool({ description: 'Samples with full parameters' })
    async askRaw(ctx: ToolContext): Promise<string> {
      const reply = await ctx.sample({
        messages: [
          { role: 'user', content: { type: 'text', text: 'Hi' } },
          { role: 'assistant', content: { type: 'text', text: 'Hello' } },
          { role: 'user', content: { type: 'text', text: 'Bye' } },
        ],
        maxTokens: 10,
        modelPreferences: { hints: [{ name: 'small' }] },
      });
      return reply.stopReason ?? 'none';
    }

    @Tool({ description: 'Elicits preferences with a raw schema' })
    async preferences(ctx: ToolContext): Promise<object> {
      const answer = await ctx.elicit('Your preferences?', PREFERENCES);
      if (answer.action !== 'accept') return { action: answer.action };
      const content = answer.content;
      assertType<Equals<typeof content.untitledSingle, 'option1' | 'option2'>>();
      assertType<Equals<typeof content.titledSingle, 'value1' | 'value2' | undefined>>();
      assertType<Equals<typeof content.legacyEnum, 'opt1' | 'opt2' | undefined>>();
      assertType<Equals<typeof content.untitledMulti, ('a' | 'b' | 'c')[] | undefined>>();
      assertType<Equals<typeof content.titledMulti, ('x' | 'y')[]>>();
      assertType<Equals<typeof content.count, number | undefined>>();
      return { action: 'accept', content };
    }

    @Tool({ description: 'Elicits a contact from a DTO' })
    async contact(ctx: ToolContext): Promise<object> {
      const answer = await ctx.elicit('Who?', Contact);
      if (answer.action !== 'accept') return { action: answer.action };
      assertType<Equals<typeof answer.content, Contact>>();
      return { isContact: answer.content instanceof Contact, name: answer.content.name, age: answer.content.age };
    }

    @Tool({ description: 'Elicits a username the DTO constrains more than the form can say' })
    async username(ctx: ToolContext): Promise<string> {
      const answer = await ctx.elicit('Username?', Username);
      return answer.action === 'accept' ? answer.content.username : answer.action;
    }

    @Tool({ description: 'Elicits with a short timeout' })
    async impatient(ctx: ToolContext): Promise<string> {
      const answer = await ctx.elicit('Quick!', { type: 'object', properties: { ok: { type: 'boolean' } } }, { timeoutMs: 100 });
      return answer.action;
    }

    @Tool({ description: 'Sends the user to a URL' })
    async connect(ctx: ToolContext): Promise<object> {
      const visit = await ctx.elicitUrl('Connect your account', 'https://example.com/connect', { elicitationId: 'e-1' });
      if (visit.action === 'accept') await visit.complete();
      return { action: visit.action, id: visit.elicitationId };
    }

    @Tool({ description: 'Needs the user to authorize first' })
    needsAuthorization(): never {
      throw new UrlElicitationRequiredError([{ mode: 'url', message: 'Authorize access', url: 'https://example.com/oauth', elicitationId: 'auth-1' }]);
    }

    @Tool({ description: 'Describes the call' })
    whoami(ctx: ToolContext): object {
      return {
        requestId: typeof ctx.requestId,
        principal: ctx.principal,
        clientId: ctx.auth?.clientId ?? null,
        sampling: ctx.clientCapabilities?.sampling !== undefined,
        closedStream: ctx.closeSSEStream(),
      };
    }
  }

  let app: McpApp;
  const open: TestClient[] = [];
  const connect = async (options?: Parameters<typeof createTestClient>[1]): Promise<TestClient> => {
    const client = await createTestClient(app, options);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    app = await createMcpApp({ name: 'ctx', version: '1.0.0', providers: [ContextTools], logger: { level: 'error' } });
  });

  afterAll(async () => {
    await Promise.all(open.map((client) => client.close()));
    await app.close();
  });

  it('delivers progress notifications in order, with total and message', async () => {
    const client = await connect();
    const seen: { progress: number; total?: number; message?: string }[] = [];
    const result = await client.sdk.callTool({ name: 'count', arguments: {} }, CallToolResultSchema, { onprogress: (p) => seen.push(p) });
    expect(result.content).toEqual([{ type: 'text', text: 'counted' }]);
    expect(seen.map((p) => p.progress)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seen[3]).toEqual({ progress: 3, total: 10, message: 'step 3' });
  });

  it('sends no progress when the client did not ask for it', async () => {
    const client = await connect();
    expect(await client.callTool('count')).toBe('counted');
    expect(client.notificationsOf('notifications/progress')).toEqual([]);
  });

  it('aborts ctx.signal when the client cancels the request, and keeps serving', async () => {
    const client = await connect();
    const controller = new AbortController();
    const call = client.sdk.callTool({ name: 'wait', arguments: {} }, CallToolResultSchema, { signal: controller.signal });
    await started.cancellable.promise;
    controller.abort('user pressed stop');
    await expect(call).rejects.toThrow(/user pressed stop|abort/i);
    // The server side saw the cancellation through ctx.signal.
    await expect(started.aborted.promise).resolves.toBeDefined();
    expect(await client.callTool('count')).toBe('counted');
  });

  it('sends every log level until the client sets one, then only that level and above', async () => {
    const client = await connect();
    const levels = (): LoggingLevel[] => client.notificationsOf('notifications/message').map((n) => n.params.level);

    await client.callTool('chatty');
    expect(levels()).toEqual(['debug', 'info', 'notice', 'warning', 'error', 'critical']);
    expect(client.notificationsOf('notifications/message')[1]!.params).toEqual({ level: 'info', logger: 'ctx', data: { message: 'i', step: 1 } });

    client.clearNotifications();
    await client.sdk.setLoggingLevel('warning');
    await client.callTool('chatty');
    expect(levels()).toEqual(['warning', 'error', 'critical']);

    client.clearNotifications();
    await client.sdk.setLoggingLevel('debug');
    await client.callTool('chatty');
    expect(levels()).toHaveLength(6);
  });

  it('keeps log levels per connection', async () => {
    const quiet = await connect();
    const loud = await connect();
    await quiet.sdk.setLoggingLevel('error');
    await quiet.callTool('chatty');
    await loud.callTool('chatty');
    expect(quiet.notificationsOf('notifications/message').map((n) => n.params.level)).toEqual(['error', 'critical']);
    expect(loud.notificationsOf('notifications/message')).toHaveLength(6);
  });

  it('round-trips sampling from a prompt with options', async () => {
    const requests: unknown[] = [];
    const client = await connect({
      onSampling: (params) => {
        requests.push(params);
        return { role: 'assistant', content: { type: 'text', text: '4' }, model: 'test-model', stopReason: 'endTurn' };
      },
    });
    expect(await client.callTool('ask')).toBe('model said 4 (test-model)');
    expect(requests).toEqual([
      { messages: [{ role: 'user', content: { type: 'text', text: 'What is 2+2?' } }], maxTokens: 50, systemPrompt: 'Be brief' },
    ]);
  });

  it('round-trips sampling with full parameters', async () => {
    const requests: { messages: unknown[]; modelPreferences?: unknown }[] = [];
    const client = await connect({
      onSampling: (params) => {
        requests.push(params);
        return { role: 'assistant', content: { type: 'text', text: 'ok' }, model: 'm', stopReason: 'maxTokens' };
      },
    });
    expect(await client.callTool('askRaw')).toBe('maxTokens');
    expect(requests[0]!.messages).toHaveLength(3);
    expect(requests[0]!.modelPreferences).toEqual({ hints: [{ name: 'small' }] });
  });

  it('fails sampling and elicitation with a clear error when the client lacks the capability', async () => {
    const client = await connect();
    await expect(client.callTool('ask')).rejects.toThrow(/did not declare support for sampling/);
    await expect(client.callTool('preferences')).rejects.toThrow(/did not declare support for form elicitation/);
    await expect(client.callTool('connect')).rejects.toThrow(/did not declare support for URL elicitation/);
    expect(await client.callTool('count')).toBe('counted');
  });

  it('elicits with a raw schema: every enum variant and default reaches the client as written', async () => {
    const requests: ElicitRequestFormParams[] = [];
    const client = await connect({
      onElicitation: (params) => {
        requests.push(params as ElicitRequestFormParams);
        return { action: 'accept', content: { untitledSingle: 'option2', titledMulti: ['x', 'y'], count: 5 } };
      },
    });
    expect(await client.callTool('preferences')).toEqual({
      action: 'accept',
      content: { untitledSingle: 'option2', titledMulti: ['x', 'y'], count: 5 },
    });
    expect(requests[0]).toEqual({ mode: 'form', message: 'Your preferences?', requestedSchema: PREFERENCES });
  });

  it('elicits with a DTO: fields, required list and defaults come from the class', async () => {
    const requests: ElicitRequestFormParams[] = [];
    const client = await connect({
      onElicitation: (params) => {
        requests.push(params as ElicitRequestFormParams);
        return { action: 'accept', content: { name: 'Jane', age: 25, status: 'inactive', verified: false } };
      },
    });
    expect(await client.callTool('contact')).toEqual({ isContact: true, name: 'Jane', age: 25 });
    expect(requests[0]!.requestedSchema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', default: 'John Doe' },
        age: { type: 'integer', minimum: 0, default: 30 },
        status: { type: 'string', enum: ['active', 'inactive'], default: 'active' },
        verified: { type: 'boolean', default: true },
        email: { type: 'string', format: 'email' },
      },
      required: ['name', 'age', 'status', 'verified'],
    });
  });

  it('passes decline and cancel through without content', async () => {
    const actions = ['decline', 'cancel'] as const;
    let next = 0;
    const client = await connect({ onElicitation: () => ({ action: actions[next++]! }) });
    expect(await client.callTool('contact')).toEqual({ action: 'decline' });
    expect(await client.callTool('contact')).toEqual({ action: 'cancel' });
  });

  it('rejects an accepted answer that does not fit the DTO, naming the constraint', async () => {
    const client = await connect({ onElicitation: () => ({ action: 'accept', content: { username: 'Bob!' } }) });
    await expect(client.callTool('username')).rejects.toThrow(/does not fit its form: username must match/);
  });

  it('fails with a timeout error the model can read when the client does not answer in time', async () => {
    const client = await connect({ onElicitation: () => new Promise(() => undefined) });
    await expect(client.callTool('impatient')).rejects.toMatchObject({
      message: 'The client did not answer the elicitation request within 100 ms',
      category: 'timeout',
    });
    expect(await client.callTool('count')).toBe('counted');
  });

  it('round-trips URL elicitation and its completion notification', async () => {
    const requests: unknown[] = [];
    const client = await connect({
      onElicitation: (params) => {
        requests.push(params);
        return { action: 'accept' };
      },
    });
    expect(await client.callTool('connect')).toEqual({ action: 'accept', id: 'e-1' });
    expect(requests).toEqual([{ mode: 'url', message: 'Connect your account', url: 'https://example.com/connect', elicitationId: 'e-1' }]);
    const done = await client.waitForNotification('notifications/elicitation/complete');
    expect(done.params).toEqual({ elicitationId: 'e-1' });
  });

  it('answers UrlElicitationRequiredError with JSON-RPC error -32042 carrying the URLs', async () => {
    const client = await connect({ onElicitation: () => ({ action: 'accept' }) });
    const error = await client.callTool('needsAuthorization').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: -32042,
      data: { elicitations: [{ mode: 'url', message: 'Authorize access', url: 'https://example.com/oauth', elicitationId: 'auth-1' }] },
    });
  });

  it('exposes the request id, principal, auth and client capabilities', async () => {
    const client = await connect({
      auth: { token: 't', clientId: 'client-7', scopes: [] },
      onSampling: () => ({ role: 'assistant', content: { type: 'text', text: '' }, model: 'm' }),
    });
    expect(await client.callTool('whoami')).toEqual({
      requestId: 'number',
      principal: 'client:client-7',
      clientId: 'client-7',
      sampling: true,
      closedStream: false,
    });
  });
});

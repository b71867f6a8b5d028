import { LOG_LEVEL_META_KEY, ProtocolError, type ElicitRequestFormParams, type ElicitRequestURLParams, type LoggingLevel } from '@modelcontextprotocol/client';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { Prompt, Resource, Tool, ToolContext, UrlElicitationRequiredError, type McpApp, type TestClient, type TestClientOptions } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';

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
    titledSingle: {
      type: 'string',
      oneOf: [
        { const: 'value1', title: 'First' },
        { const: 'value2', title: 'Second' },
      ],
    },
    legacyEnum: { type: 'string', enum: ['opt1', 'opt2'], enumNames: ['Option One', 'Option Two'] },
    untitledMulti: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, default: ['a'] },
    titledMulti: {
      type: 'array',
      items: {
        anyOf: [
          { const: 'x', title: 'Ex' },
          { const: 'y', title: 'Why' },
        ],
      },
    },
    count: { type: 'integer', minimum: 1, default: 3 },
  },
  required: ['untitledSingle', 'titledMulti'],
} as const;

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';

/** A `tools/call` result of manual multi-round-trip mode (`allowInputRequired`), as the client hands it back. */
interface InputRequiredAnswer {
  resultType?: string;
  inputRequests?: Record<string, { method: string; params: Record<string, unknown> }>;
  requestState?: string;
}

const FIRST = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } as const;
const SECOND = { type: 'object', properties: { nights: { type: 'integer', minimum: 1 } }, required: ['nights'] } as const;

describe.each([[MODERN], [LEGACY]])('the tool context through a real SDK client (%s)', (protocolVersion) => {
  const modern = protocolVersion === MODERN;
  const started = { cancellable: deferred(), aborted: deferred<unknown>() };
  /** Entries into `trip`: on 2026-07-28 the method runs again from the start on every round. */
  let tripRuns = 0;
  /** Whether the user completed the authorization `needsAuthorization` asks for. */
  let authorized = false;

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

    @Tool({ description: 'Asks two questions, one after the other' })
    async trip(ctx: ToolContext): Promise<object> {
      tripRuns++;
      const where = await ctx.elicit('Where to?', FIRST);
      if (where.action !== 'accept') return { cancelled: 'where' };
      const howLong = await ctx.elicit(`How many nights in ${where.content.city}?`, SECOND);
      if (howLong.action !== 'accept') return { cancelled: 'howLong' };
      return { city: where.content.city, nights: howLong.content.nights };
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
    needsAuthorization(): string {
      if (!authorized) {
        throw new UrlElicitationRequiredError([{ mode: 'url', message: 'Authorize access', url: 'https://example.com/oauth', elicitationId: 'auth-1' }]);
      }
      return 'authorized';
    }

    @Prompt({ description: 'Asks for a topic, then prompts about it' })
    async brainstorm(ctx: ToolContext): Promise<string> {
      const answer = await ctx.elicit('Topic?', { type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] } as const);
      return `Ideas about ${answer.action === 'accept' ? answer.content.topic : 'anything'}`;
    }

    @Resource('notes://summary', { description: 'A summary the client’s model writes' })
    async summary(ctx: ToolContext): Promise<string> {
      const reply = await ctx.sample('Summarize the notes', { maxTokens: 20 });
      return reply.content.type === 'text' ? reply.content.text : '';
    }

    @Tool({ description: 'Describes the call' })
    whoami(ctx: ToolContext): object {
      return {
        requestId: typeof ctx.requestId,
        principal: ctx.principal,
        clientId: ctx.auth?.clientId ?? null,
        sampling: ctx.clientCapabilities?.sampling !== undefined,
        era: ctx.era,
        protocolVersion: ctx.protocolVersion ?? null,
        clientName: ctx.clientInfo?.name ?? null,
        closedStream: ctx.closeSSEStream(),
      };
    }
  }

  const apps = useApps('all');
  let app: McpApp;
  const connect = (options: TestClientOptions = {}): Promise<TestClient> => apps.client(app, { protocolVersion, ...options });
  /** A raw `tools/call`, its `input_required` answer handed back rather than fulfilled. */
  const callManually = (client: TestClient, params: Record<string, unknown>): Promise<InputRequiredAnswer> =>
    client.sdk.request({ method: 'tools/call', params }, { allowInputRequired: true }) as Promise<InputRequiredAnswer>;
  const levelsOf = (client: TestClient): LoggingLevel[] => client.notificationsOf('notifications/message').map((n) => n.params.level);

  beforeAll(async () => {
    app = await apps.app({ name: 'ctx', version: '1.0.0', providers: [ContextTools], logger: { level: 'error' } });
  });

  it('connects in the era of its protocol version', async () => {
    const client = await connect();
    expect(client.era).toBe(modern ? 'modern' : 'legacy');
  });

  it('delivers progress notifications in order, with total and message', async () => {
    const client = await connect();
    const seen: { progress: number; total?: number; message?: string }[] = [];
    const result = await client.sdk.callTool({ name: 'count', arguments: {} }, { onprogress: (p) => seen.push(p) });
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
    const call = client.sdk.callTool({ name: 'wait', arguments: {} }, { signal: controller.signal });
    await started.cancellable.promise;
    controller.abort('user pressed stop');
    await expect(call).rejects.toThrow(/user pressed stop|abort/i);
    // The server side saw the cancellation through ctx.signal.
    await expect(started.aborted.promise).resolves.toBeDefined();
    expect(await client.callTool('count')).toBe('counted');
  });

  if (modern) {
    it('sends no log notifications for a request that names no log level', async () => {
      const client = await connect();
      expect(await client.callTool('chatty')).toBe('logged');
      expect(client.notificationsOf('notifications/message')).toEqual([]);
    });

    it('sends the level a request names and above, request by request', async () => {
      const client = await connect();
      const chatty = (level: LoggingLevel) => client.sdk.callTool({ name: 'chatty', arguments: {}, _meta: { [LOG_LEVEL_META_KEY]: level } });

      await chatty('debug');
      expect(levelsOf(client)).toEqual(['debug', 'info', 'notice', 'warning', 'error', 'critical']);
      expect(client.notificationsOf('notifications/message')[1]!.params).toEqual({ level: 'info', logger: 'ctx', data: { message: 'i', step: 1 } });

      client.clearNotifications();
      await chatty('warning');
      expect(levelsOf(client)).toEqual(['warning', 'error', 'critical']);

      // The level is the request's, not the connection's: the next request names its own.
      client.clearNotifications();
      await chatty('error');
      await client.callTool('chatty');
      expect(levelsOf(client)).toEqual(['error', 'critical']);
    });

    it('has no logging/setLevel on 2026-07-28: the client refuses to send it', async () => {
      const client = await connect();
      await expect(client.sdk.setLoggingLevel('warning')).rejects.toMatchObject({ code: 'METHOD_NOT_SUPPORTED_BY_PROTOCOL_VERSION' });
    });
  } else {
    it('sends every log level until the client sets one, then only that level and above', async () => {
      const client = await connect();

      await client.callTool('chatty');
      expect(levelsOf(client)).toEqual(['debug', 'info', 'notice', 'warning', 'error', 'critical']);
      expect(client.notificationsOf('notifications/message')[1]!.params).toEqual({ level: 'info', logger: 'ctx', data: { message: 'i', step: 1 } });

      client.clearNotifications();
      await client.sdk.setLoggingLevel('warning');
      await client.callTool('chatty');
      expect(levelsOf(client)).toEqual(['warning', 'error', 'critical']);

      client.clearNotifications();
      await client.sdk.setLoggingLevel('debug');
      await client.callTool('chatty');
      expect(levelsOf(client)).toHaveLength(6);
    });

    it('keeps log levels per connection', async () => {
      const quiet = await connect();
      const loud = await connect();
      await quiet.sdk.setLoggingLevel('error');
      await quiet.callTool('chatty');
      await loud.callTool('chatty');
      expect(levelsOf(quiet)).toEqual(['error', 'critical']);
      expect(loud.notificationsOf('notifications/message')).toHaveLength(6);
    });
  }

  it('round-trips sampling from a prompt with options', async () => {
    const requests: unknown[] = [];
    const client = await connect({
      onSampling: (params) => {
        requests.push(params);
        return { role: 'assistant', content: { type: 'text', text: '4' }, model: 'test-model', stopReason: 'endTurn' };
      },
    });
    expect(await client.callTool('ask')).toBe('model said 4 (test-model)');
    expect(requests).toEqual([{ messages: [{ role: 'user', content: { type: 'text', text: 'What is 2+2?' } }], maxTokens: 50, systemPrompt: 'Be brief' }]);
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
    expect(requests).toEqual([{ mode: 'form', message: 'Your preferences?', requestedSchema: PREFERENCES }]);
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
    expect(requests).toHaveLength(1);
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

  it('asks two questions in sequence; the second knows the first answer', async () => {
    const asked: string[] = [];
    const client = await connect({
      onElicitation: (params) => {
        asked.push(params.message);
        const content: Record<string, string | number> = params.message === 'Where to?' ? { city: 'Lisbon' } : { nights: 3 };
        return { action: 'accept', content };
      },
    });
    tripRuns = 0;
    expect(await client.callTool('trip')).toEqual({ city: 'Lisbon', nights: 3 });
    expect(asked).toEqual(['Where to?', 'How many nights in Lisbon?']);
    // 2025: one run, waiting for each answer. 2026-07-28: a run per round (two questions, three runs).
    expect(tripRuns).toBe(modern ? 3 : 1);
  });

  it('stops at the first question the user declines', async () => {
    const asked: string[] = [];
    const client = await connect({
      onElicitation: (params) => {
        asked.push(params.message);
        return params.message === 'Where to?' ? { action: 'accept', content: { city: 'Oslo' } } : { action: 'decline' };
      },
    });
    expect(await client.callTool('trip')).toEqual({ cancelled: 'howLong' });
    expect(asked).toEqual(['Where to?', 'How many nights in Oslo?']);
  });

  it('lets prompts elicit and resources sample, like tools', async () => {
    const client = await connect({
      onElicitation: () => ({ action: 'accept', content: { topic: 'tea' } }),
      onSampling: () => ({ role: 'assistant', content: { type: 'text', text: 'Three notes on tea.' }, model: 'm' }),
    });
    expect((await client.getPrompt('brainstorm')).messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Ideas about tea' } }]);
    expect(await client.readResource('notes://summary')).toBe('Three notes on tea.');
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

  if (modern) {
    it('holds nothing on the server while the user answers: the call returns input_required at once, state signed', async () => {
      const client = await connect({ onElicitation: () => ({ action: 'accept', content: { ok: true } }) });
      const round = await callManually(client, { name: 'impatient', arguments: {} });
      expect(round.resultType).toBe('input_required');
      expect(round.inputRequests).toEqual({
        q0: {
          method: 'elicitation/create',
          params: { mode: 'form', message: 'Quick!', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } } },
        },
      });
      expect(round.requestState).toEqual(expect.any(String));
      // The retry with the answer completes the call, however long the user took.
      const done = await client.sdk.request({
        method: 'tools/call',
        params: { name: 'impatient', arguments: {}, requestState: round.requestState, inputResponses: { q0: { action: 'accept', content: { ok: true } } } },
      });
      expect(done.content).toEqual([{ type: 'text', text: 'accept' }]);
    });
  } else {
    it('fails with a timeout error the model can read when the client does not answer in time', async () => {
      const client = await connect({ onElicitation: () => new Promise(() => undefined) });
      await expect(client.callTool('impatient')).rejects.toMatchObject({
        message: 'The client did not answer the elicitation request within 100 ms',
        category: 'timeout',
      });
      expect(await client.callTool('count')).toBe('counted');
    });
  }

  it('refuses a tampered requestState with -32602, before the method runs', async () => {
    const client = await connect({ onElicitation: () => ({ action: 'accept', content: { city: 'Rome' } }) });
    tripRuns = 0;
    const error = await client.sdk
      .request({
        method: 'tools/call',
        params: { name: 'trip', arguments: {}, requestState: 'tampered', inputResponses: { q0: { action: 'accept', content: { city: 'Rome' } } } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: -32602, message: expect.stringMatching(/requestState/) });
    expect(tripRuns).toBe(0);
    expect(await client.callTool('count')).toBe('counted');
  });

  if (modern) {
    it('carries the answers of earlier rounds in requestState, one question per round', async () => {
      const client = await connect({ onElicitation: () => ({ action: 'accept', content: {} }) });
      const first = await callManually(client, { name: 'trip', arguments: {} });
      expect(Object.keys(first.inputRequests ?? {})).toEqual(['q0']);
      expect(first.inputRequests!['q0']!.params).toMatchObject({ message: 'Where to?' });

      const second = await callManually(client, {
        name: 'trip',
        arguments: {},
        requestState: first.requestState,
        inputResponses: { q0: { action: 'accept', content: { city: 'Kyoto' } } },
      });
      expect(Object.keys(second.inputRequests ?? {})).toEqual(['q1']);
      expect(second.inputRequests!['q1']!.params).toMatchObject({ message: 'How many nights in Kyoto?' });

      // The last retry sends only its own answer: the first one travels in the state.
      const done = await client.sdk.request({
        method: 'tools/call',
        params: { name: 'trip', arguments: {}, requestState: second.requestState, inputResponses: { q1: { action: 'accept', content: { nights: 2 } } } },
      });
      expect(done.structuredContent).toEqual({ city: 'Kyoto', nights: 2 });
    });

    it('refuses the requestState of one call on another call with -32602', async () => {
      const client = await connect({ onElicitation: () => ({ action: 'accept', content: {} }) });
      const round = await callManually(client, { name: 'trip', arguments: {} });
      const error = await client.sdk
        .request({
          method: 'tools/call',
          params: {
            name: 'contact',
            arguments: {},
            requestState: round.requestState,
            inputResponses: { q0: { action: 'accept', content: { name: 'Eve', age: 1, status: 'active', verified: true } } },
          },
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: -32602, message: expect.stringMatching(/belongs to another call/) });
    });

    it('refuses the requestState minted for one caller when another caller echoes it', async () => {
      const alice = await connect({ auth: { token: 'a', clientId: 'alice', scopes: [] }, onElicitation: () => ({ action: 'accept', content: {} }) });
      const mallory = await connect({ auth: { token: 'm', clientId: 'mallory', scopes: [] }, onElicitation: () => ({ action: 'accept', content: {} }) });
      const round = await callManually(alice, { name: 'trip', arguments: {} });
      tripRuns = 0;
      const error = await mallory.sdk
        .request({
          method: 'tools/call',
          params: { name: 'trip', arguments: {}, requestState: round.requestState, inputResponses: { q0: { action: 'accept', content: { city: 'Paris' } } } },
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: -32602 });
      expect(tripRuns).toBe(0);
    });
  }

  if (modern) {
    it('round-trips URL elicitation as an input_required round (no elicitationId on the 2026-07-28 wire)', async () => {
      const requests: ElicitRequestURLParams[] = [];
      const client = await connect({
        onElicitation: (params) => {
          requests.push(params as ElicitRequestURLParams);
          return { action: 'accept' };
        },
      });
      expect(await client.callTool('connect')).toEqual({ action: 'accept', id: 'e-1' });
      expect(requests).toEqual([{ mode: 'url', message: 'Connect your account', url: 'https://example.com/connect' }]);
      // complete() has no notification to send on this revision; it resolves all the same, before the result.
      expect(client.notificationsOf('notifications/elicitation/complete')).toEqual([]);
    });
  } else {
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
  }

  if (modern) {
    it('turns UrlElicitationRequiredError into a URL elicitation round, then serves the retry', async () => {
      const requests: unknown[] = [];
      const client = await connect({
        onElicitation: (params) => {
          requests.push(params);
          authorized = true;
          return { action: 'accept' };
        },
      });
      authorized = false;
      expect(await client.callTool('needsAuthorization')).toBe('authorized');
      expect(requests).toEqual([{ mode: 'url', message: 'Authorize access', url: 'https://example.com/oauth' }]);
    });
  } else {
    it('answers UrlElicitationRequiredError with JSON-RPC error -32042 carrying the URLs', async () => {
      const client = await connect({ onElicitation: () => ({ action: 'accept' }) });
      authorized = false;
      const error = await client.callTool('needsAuthorization').catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: -32042,
        data: { elicitations: [{ mode: 'url', message: 'Authorize access', url: 'https://example.com/oauth', elicitationId: 'auth-1' }] },
      });
    });
  }

  it('exposes the request id, era, client and its capabilities', async () => {
    const client = await connect({ onSampling: () => ({ role: 'assistant', content: { type: 'text', text: '' }, model: 'm' }) });
    expect(await client.callTool('whoami')).toEqual({
      requestId: 'number',
      principal: 'anonymous',
      clientId: null,
      sampling: true,
      era: modern ? 'modern' : 'legacy',
      protocolVersion,
      clientName: 'mcp-decorators-test-client',
      closedStream: false,
    });
  });

  it('exposes the caller’s identity given to createTestClient as principal and auth', async () => {
    const client = await connect({ auth: { token: 't', clientId: 'client-7', scopes: [] } });
    expect(await client.callTool('whoami')).toMatchObject({ principal: 'client:client-7', clientId: 'client-7' });
  });
});

import type { AuthInfo } from '@modelcontextprotocol/server';
import { IsInt, IsString, MaxLength } from 'class-validator';
import {
  Cached,
  ErrorCategory,
  type McpApp,
  type McpAppOptions,
  type McpCall,
  McpDefinitionError,
  type McpInterceptor,
  Prompt,
  RateLimited,
  RequireScopes,
  Resource,
  SetMetadata,
  type TestClient,
  text,
  Tool,
  ToolContext,
  ToolError,
  toolResult,
  Trim,
  UseInterceptors,
} from 'mcp-decorators';
import { inject, injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';
import { captureLogger } from '../../support/capture-logger';

/*
 * Users' interceptors through a real SDK client: their order, what they see, what they may do
 * (short-circuit, replace the result, throw), and a custom decorator built on SetMetadata.
 */

/** What the interceptors of one test did, in order. */
const trail: string[] = [];

/** A decorator of the user's own: its value is read by the AuditInterceptor. */
const AUDIT = Symbol('audit');
const Audited = (level: 'basic' | 'strict'): ClassDecorator & MethodDecorator => SetMetadata(AUDIT, level);

@injectable()
class AuditLog {
  static built = 0;
  readonly records: Array<{ kind: string; name: string; principal: string; level: unknown; input: unknown; era: string; status: string }> = [];
  constructor() {
    AuditLog.built++;
  }
}

function tracing(label: string): new () => McpInterceptor {
  @injectable()
  class Tracing implements McpInterceptor {
    async intercept(_call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
      trail.push(`${label}>`);
      try {
        return await next();
      } finally {
        trail.push(`<${label}`);
      }
    }
  }
  Object.defineProperty(Tracing, 'name', { value: `Tracing${label}` });
  return Tracing;
}
const AppOuter = tracing('app1');
const AppInner = tracing('app2');
const ClassLevel = tracing('class');
const MethodLevel = tracing('method');

@injectable()
class AuditInterceptor implements McpInterceptor {
  static built = 0;
  constructor(private readonly audit: AuditLog) {
    AuditInterceptor.built++;
  }
  async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    const entry = { kind: call.kind, name: call.name, principal: call.principal, level: call.metadata(AUDIT), input: call.input, era: call.era };
    try {
      const result = await next();
      this.audit.records.push({ ...entry, status: 'ok' });
      return result;
    } catch (error) {
      this.audit.records.push({ ...entry, status: error instanceof ToolError ? error.category : 'error' });
      throw error;
    }
  }
}

/** Answers `maintenance` tools without running them. */
@injectable()
class MaintenanceInterceptor implements McpInterceptor {
  async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    if (call.metadata<boolean>('maintenance') === true) return toolResult([text(`${call.name} is under maintenance`)]);
    return next();
  }
}

/** Replaces a tool's text with an upper-cased copy. */
@injectable()
class ShoutInterceptor implements McpInterceptor {
  async intercept(_call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    const result = (await next()) as { content: Array<{ type: string; text: string }> };
    return { ...result, content: result.content.map((block) => ({ ...block, text: block.text.toUpperCase() })) };
  }
}

/** Throws an unexpected error on the calls whose input says so. */
@injectable()
class BrokenInterceptor implements McpInterceptor {
  async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    if ((call.input as { word?: string }).word === 'boom') throw new TypeError('interceptor bug: secret detail');
    return next();
  }
}

class WordInput {
  @Trim()
  @IsString()
  @MaxLength(10)
  word!: string;
}

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

let executions = 0;

@injectable()
@Audited('basic')
@UseInterceptors(ClassLevel)
class EchoTools {
  @Tool()
  @UseInterceptors(MethodLevel)
  echo({ word }: WordInput): string {
    trail.push('method');
    executions++;
    return word;
  }

  @Tool()
  @Audited('strict')
  add({ a, b }: AddInput): number {
    executions++;
    return a + b;
  }

  @Tool()
  @SetMetadata('maintenance', true)
  reindex(): string {
    executions++;
    return 'reindexed';
  }

  @Tool()
  @UseInterceptors(ShoutInterceptor)
  greet({ word }: WordInput): string {
    return `hello ${word}`;
  }

  @Tool()
  @UseInterceptors(BrokenInterceptor)
  fragile({ word }: WordInput): string {
    return `fine ${word}`;
  }

  @Tool()
  @Cached({ ttlMs: 60_000 })
  cached({ word }: WordInput): string {
    executions++;
    return `cached ${word}`;
  }

  @Tool()
  @RateLimited({ limit: 1, windowMs: 60_000 })
  once(): string {
    return 'once';
  }

  @Tool()
  @RequireScopes('admin')
  admin(): string {
    return 'admin';
  }

  @Resource('words://{word}')
  @UseInterceptors(BrokenInterceptor)
  word({ word }: { word: string }): string {
    return `word ${word}`;
  }

  @Prompt()
  @Audited('strict')
  review({ word }: WordInput): string {
    return `review ${word}`;
  }
}

const alice: AuthInfo = { token: 't-alice', clientId: 'test', scopes: ['read'], extra: { sub: 'alice' } };

describe('interceptors', () => {
  const apps = useApps();
  let app: McpApp;
  let client: TestClient;
  let capture: ReturnType<typeof captureLogger>;

  async function start(options: Partial<McpAppOptions> = {}, auth?: AuthInfo): Promise<void> {
    ({ app, client } = await apps.start(
      {
        name: 'interceptors',
        version: '1.0.0',
        providers: [EchoTools],
        services: [AuditLog],
        logger: capture.logger,
        configSource: { env: {}, envFile: false },
        interceptors: [AppOuter, AppInner, AuditInterceptor, MaintenanceInterceptor],
        ...options,
      },
      auth ? { auth } : {},
    ));
  }

  const audit = (): AuditLog['records'] => app.container.resolve(AuditLog).records;

  beforeEach(async () => {
    trail.length = 0;
    executions = 0;
    AuditLog.built = 0;
    AuditInterceptor.built = 0;
    capture = captureLogger('debug');
    await start();
  });

  it("runs app-wide interceptors, then the class's, then the method's, each around the next", async () => {
    expect(await client.callTool('echo', { word: 'hi' })).toBe('hi');
    expect(trail).toEqual(['app1>', 'app2>', 'class>', 'method>', 'method', '<method', '<class', '<app2', '<app1']);
  });

  it('builds each interceptor once, through the app container, with its dependencies', async () => {
    await client.callTool('echo', { word: 'a' });
    await client.callTool('add', { a: 1, b: 2 });
    await client.getPrompt('review', { word: 'x' });
    expect(AuditInterceptor.built).toBe(1);
    expect(AuditLog.built).toBe(1);
    expect(audit().map((record) => record.name)).toEqual(['echo', 'add', 'review']);
  });

  it('sees the validated, sanitized input, the principal, the era and the kind', async () => {
    await start({}, alice);
    await client.callTool('echo', { word: '  padded  ' });
    await client.getPrompt('review', { word: 'code' });
    const [tool, prompt] = audit();
    expect(tool).toMatchObject({ kind: 'tool', name: 'echo', principal: 'sub:alice', era: 'modern', input: { word: 'padded' } });
    expect(tool!.input).toBeInstanceOf(WordInput);
    expect(prompt).toMatchObject({ kind: 'prompt', name: 'review', input: { word: 'code' } });
  });

  it('never sees a call that authorization or validation refused', async () => {
    const invalid = await client.callToolRaw('echo', { word: 'far too long a word' });
    expect(invalid.isError).toBe(true);
    await start({ auth: { verifyToken: async () => alice } }, alice);
    const refused = await client.callToolRaw('admin');
    expect(refused.isError).toBe(true);
    expect(trail).toEqual([]);
    expect(audit()).toEqual([]);
  });

  it("reads a custom decorator through call.metadata: the method's value over the class's", async () => {
    await client.callTool('echo', { word: 'a' });
    await client.callTool('add', { a: 1, b: 2 });
    await client.getPrompt('review', { word: 'x' });
    expect(audit().map((record) => [record.name, record.level])).toEqual([
      ['echo', 'basic'],
      ['add', 'strict'],
      ['review', 'strict'],
    ]);
  });

  it('may short-circuit: the method does not run', async () => {
    expect(await client.callTool('reindex')).toBe('reindex is under maintenance');
    expect(executions).toBe(0);
  });

  it('may replace the result', async () => {
    expect(await client.callTool('greet', { word: 'bob' })).toBe('HELLO BOB');
  });

  it('wraps the built-in policies: it sees cache hits and rate-limit refusals', async () => {
    expect(await client.callTool('cached', { word: 'x' })).toBe('cached x');
    expect(await client.callTool('cached', { word: 'x' })).toBe('cached x');
    expect(executions).toBe(1);
    expect(await client.callTool('once')).toBe('once');
    const limited = await client.callToolRaw('once');
    expect(limited.isError).toBe(true);
    expect(audit().map((record) => [record.name, record.status])).toEqual([
      ['cached', 'ok'],
      ['cached', 'ok'],
      ['once', 'ok'],
      ['once', ErrorCategory.RATE_LIMIT],
    ]);
  });

  it('a throwing interceptor gives a masked error with a correlation id, logged with its stack; the next call works', async () => {
    const result = await client.callToolRaw('fragile', { word: 'boom' });
    expect(result.isError).toBe(true);
    const message = (result.content[0] as { text: string }).text;
    expect(message).toMatch(/^Internal error in tool fragile\. Correlation id: [0-9a-f-]{36}$/);
    expect(message).not.toContain('secret detail');
    const correlationId = message.split(': ')[1];
    const logged = capture.entries().find((entry) => entry['event'] === 'unexpected_error');
    expect(logged).toMatchObject({
      correlationId,
      errorType: 'TypeError',
      errorMessage: 'interceptor bug: secret detail',
      stack: expect.stringContaining('BrokenInterceptor'),
    });
    expect(await client.callTool('fragile', { word: 'ok' })).toBe('fine ok');
  });

  it('a throwing interceptor on a resource gives a masked JSON-RPC error; the next read works', async () => {
    await expect(client.readResource('words://boom')).rejects.toThrow(/Internal error in resource words:\/\/boom\. Correlation id: /);
    expect(await client.readResource('words://fine')).toBe('word fine');
  });

  it('fails at app creation, naming the interceptor, when the container cannot build it', async () => {
    class NotInjectable implements McpInterceptor {
      constructor(readonly dependency: AuditLog) {}
      intercept(_call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
        return next();
      }
    }
    await expect(start({ interceptors: [NotInjectable] })).rejects.toThrow(McpDefinitionError);
    await expect(start({ interceptors: [NotInjectable] })).rejects.toThrow(
      /createMcpApp: interceptors: cannot create interceptor NotInjectable \(is @injectable\(\) missing/,
    );
  });

  it('fails at app creation when a class has no intercept method', async () => {
    @injectable()
    class NotAnInterceptor {
      constructor(@inject(AuditLog) readonly log: AuditLog) {}
    }
    await expect(start({ interceptors: [NotAnInterceptor as never] })).rejects.toThrow(/NotAnInterceptor has no intercept\(call, next\) method/);
  });
});

describe('SetMetadata and UseInterceptors misuse', () => {
  const apps = useApps();

  it('rejects an empty key and an empty interceptor list at decoration time', () => {
    expect(() => SetMetadata('', 1)).toThrow(McpDefinitionError);
    expect(() => UseInterceptors()).toThrow(/at least one interceptor class/);
    expect(() => UseInterceptors('x' as never)).toThrow(/must be classes/);
  });

  it('rejects a property that is not a method', () => {
    expect(() => {
      class Bad {
        @(SetMetadata('k', 1) as unknown as PropertyDecorator)
        field = 1;
      }
      return Bad;
    }).toThrow(/only methods can be decorated/);
  });

  it('records a frozen copy of plain objects', async () => {
    const value = { level: 'strict' };
    const seen: unknown[] = [];
    @injectable()
    class Reader implements McpInterceptor {
      async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
        seen.push(call.metadata('policy'));
        return next();
      }
    }
    @injectable()
    class Tools {
      @Tool()
      @SetMetadata('policy', value)
      run(_ctx: ToolContext): string {
        return 'ok';
      }
    }
    value.level = 'changed';
    const { client } = await apps.start({
      name: 'x',
      version: '1',
      providers: [Tools],
      interceptors: [Reader],
      logger: { level: 'error' },
      configSource: { env: {}, envFile: false },
    });
    await client.callTool('run');
    expect(seen).toEqual([{ level: 'strict' }]);
    expect(Object.isFrozen(seen[0])).toBe(true);
  });
});

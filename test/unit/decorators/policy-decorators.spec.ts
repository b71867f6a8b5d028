import { Cached, Fallback, InvalidatesCache, Logged, McpDefinitionError, Prompt, RateLimited, Resource, Sensitive, Timeout, Tool } from 'mcp-decorators';
import { getDtoFields, getPolicies } from '../../../src/metadata/reflect';

describe('policy decorators record, validate and freeze their options', () => {
  it('@Logged records on a method or on the class; the method wins', () => {
    @Logged({ level: 'warn' })
    class Tools {
      @Tool()
      @Logged({ includeArgs: true })
      a(): void {}

      @Tool()
      b(): void {}
    }
    expect(getPolicies(Tools, 'a')['logged']).toEqual({ includeArgs: true });
    expect(getPolicies(Tools, 'b')['logged']).toEqual({ level: 'warn' });
    expect(Object.isFrozen(getPolicies(Tools, 'a')['logged'])).toBe(true);
    expect(new Tools().a()).toBeUndefined();
  });

  it('@Logged refuses an unknown level and a bad redact list, naming the option', () => {
    expect(() => Logged({ level: 'loud' as never })).toThrow(McpDefinitionError);
    expect(() => Logged({ level: 'loud' as never })).toThrow(/@Logged: level must be one of 'error', 'warn'/);
    expect(() => Logged({ redact: ['ok', ''] })).toThrow(/@Logged: redact must be a list of non-empty strings/);
  });

  it('@Logged copies the caller’s redact list', () => {
    const redact = ['iban'];
    class Tools {
      @Logged({ redact })
      a(): void {}
    }
    redact.push('other');
    expect(getPolicies(Tools, 'a')['logged']).toEqual({ redact: ['iban'] });
  });

  it('@Sensitive marks a DTO property, inherited by subclasses', () => {
    class Base {
      @Sensitive() password!: string;
    }
    class Derived extends Base {
      @Sensitive() pin!: string;
    }
    expect(getDtoFields(Derived)).toEqual({ pin: { sensitive: true }, password: { sensitive: true } });
  });

  it('every policy decorator fits a class or a tool, resource or prompt method, and only records', () => {
    const keyFn = (input: { id: string }): string => input.id;
    @RateLimited({ limit: 10, windowMs: 1_000 })
    @Cached({ ttlMs: 5_000, scope: 'global' })
    @Timeout(2_000)
    class Tools {
      @Tool()
      @RateLimited({ limit: 1, windowMs: 60_000, key: keyFn })
      @Fallback({ methods: ['backup'], default: 'n/a' })
      tool(): string {
        return 'tool';
      }

      @Resource('config://x')
      @Cached({ ttlMs: 1_000, tags: ['config'] })
      resource(): string {
        return 'resource';
      }

      @Prompt()
      @InvalidatesCache('config', 'other')
      prompt(): string {
        return 'prompt';
      }

      backup(): string {
        return 'backup';
      }
    }
    expect(getPolicies(Tools, 'tool')).toEqual({
      'rate-limited': { limit: 1, windowMs: 60_000, key: keyFn },
      cached: { ttlMs: 5_000, scope: 'global' },
      timeout: { ms: 2_000 },
      fallback: { methods: ['backup'], default: 'n/a' },
    });
    expect(getPolicies(Tools, 'resource')).toMatchObject({ cached: { ttlMs: 1_000, tags: ['config'] }, 'rate-limited': { limit: 10 } });
    expect(getPolicies(Tools, 'prompt')).toMatchObject({ 'invalidates-cache': { tags: ['config', 'other'] } });
    const tools = new Tools();
    expect([tools.tool(), tools.resource(), tools.prompt()]).toEqual(['tool', 'resource', 'prompt']);
  });

  it('refuses policy decorators on static or symbol-named methods', () => {
    const symbol = Symbol('s');
    expect(() => {
      class Statics {
        @Timeout(1)
        static method(): void {}
      }
      return Statics;
    }).toThrow(/@Timeout on Statics.method: static methods are not supported/);
    expect(() => {
      class Symbols {
        @Cached({ ttlMs: 1 })
        [symbol](): void {}
      }
      return Symbols;
    }).toThrow(/symbol-named methods are not supported/);
  });
});

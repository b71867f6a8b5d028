import { Tool, UseInterceptors } from 'mcp-decorators';
import type { HandlerRecord } from '../../../src/metadata/metadata.types';
import {
  addHandler,
  addInterceptors,
  addRoute,
  getCustomMetadata,
  getDtoClass,
  getDtoFields,
  getEnvFields,
  getHandlers,
  getInterceptors,
  getParamTypes,
  getPolicies,
  getPropertyType,
  getReturnType,
  getRoutes,
  setCustomMetadata,
  setDtoClass,
  setDtoField,
  setEnvField,
  setPolicy,
} from '../../../src/metadata/reflect';

/** A decorator that does nothing, so that TypeScript emits `design:*` metadata. */
const mark = (): MethodDecorator & PropertyDecorator => () => undefined;

const tool = (method: string, description?: string): HandlerRecord => ({ kind: 'tool', method, options: description ? { description } : {} });

describe('reflect.ts: the recorded metadata', () => {
  describe('handlers', () => {
    it('records handlers in order, in a frozen list, and reads them back', () => {
      class Tools {}
      addHandler(Tools.prototype, tool('a'));
      addHandler(Tools.prototype, { kind: 'resource', method: 'b', uri: 'x://b', options: {} });
      expect(getHandlers(Tools)).toEqual([tool('a'), { kind: 'resource', method: 'b', uri: 'x://b', options: {} }]);
    });

    it('a class without handlers has none', () => {
      class Plain {}
      expect(getHandlers(Plain)).toEqual([]);
    });

    it('a subclass inherits the handlers of its base classes, its own first', () => {
      class Base {}
      class Middle extends Base {}
      class Leaf extends Middle {}
      addHandler(Base.prototype, tool('base'));
      addHandler(Middle.prototype, tool('middle'));
      addHandler(Leaf.prototype, tool('leaf'));
      expect(getHandlers(Leaf).map((r) => r.method)).toEqual(['leaf', 'middle', 'base']);
      expect(getHandlers(Middle).map((r) => r.method)).toEqual(['middle', 'base']);
      // The base class is not changed by its subclasses.
      expect(getHandlers(Base).map((r) => r.method)).toEqual(['base']);
    });

    it('a subclass redecorating a method replaces the base record of that kind', () => {
      class Base {}
      class Derived extends Base {}
      addHandler(Base.prototype, tool('search', 'from the base'));
      addHandler(Base.prototype, tool('other', 'kept'));
      addHandler(Derived.prototype, tool('search', 'from the subclass'));
      expect(getHandlers(Derived)).toEqual([tool('search', 'from the subclass'), tool('other', 'kept')]);
    });

    it('a method recorded as another kind in the subclass does not replace the base record', () => {
      class Base {}
      class Derived extends Base {}
      addHandler(Base.prototype, tool('brief'));
      addHandler(Derived.prototype, { kind: 'prompt', method: 'brief', options: {} });
      expect(getHandlers(Derived).map((r) => `${r.kind}:${r.method}`)).toEqual(['prompt:brief', 'tool:brief']);
    });

    it('works through the @Tool decorator on real subclasses', () => {
      class Base {
        @Tool({ description: 'base' })
        search(): string {
          return 'base';
        }
      }
      class Derived extends Base {
        @Tool({ description: 'derived' })
        override search(): string {
          return 'derived';
        }
      }
      expect(getHandlers(Derived).map((r) => r.options.description)).toEqual(['derived']);
      expect(getHandlers(Base).map((r) => r.options.description)).toEqual(['base']);
    });
  });

  describe('policies', () => {
    it('merges a method’s policies over its class’s: the method wins per policy', () => {
      class Tools {
        a(): void {}
        b(): void {}
      }
      setPolicy(Tools, undefined, 'logged', { level: 'warn' });
      setPolicy(Tools, undefined, 'timeout', { ms: 1_000 });
      setPolicy(Tools.prototype, 'a', 'timeout', { ms: 50 });
      expect(getPolicies(Tools, 'a')).toEqual({ logged: { level: 'warn' }, timeout: { ms: 50 } });
      expect(getPolicies(Tools, 'b')).toEqual({ logged: { level: 'warn' }, timeout: { ms: 1_000 } });
    });

    it('a later record of the same policy replaces the earlier one; others stay', () => {
      class Tools {
        a(): void {}
      }
      setPolicy(Tools.prototype, 'a', 'cached', { ttlMs: 1 });
      setPolicy(Tools.prototype, 'a', 'logged', {});
      setPolicy(Tools.prototype, 'a', 'cached', { ttlMs: 2 });
      expect(getPolicies(Tools, 'a')).toEqual({ cached: { ttlMs: 2 }, logged: {} });
    });

    it('returns a frozen record, empty when nothing is recorded', () => {
      class Tools {
        a(): void {}
      }
      expect(getPolicies(Tools, 'a')).toEqual({});
      setPolicy(Tools.prototype, 'a', 'logged', {});
      expect(Object.isFrozen(getPolicies(Tools, 'a'))).toBe(true);
    });

    it('a subclass inherits the class and method policies of its base class', () => {
      class Base {
        a(): void {}
      }
      class Derived extends Base {}
      setPolicy(Base, undefined, 'logged', { level: 'info' });
      setPolicy(Base.prototype, 'a', 'timeout', { ms: 10 });
      expect(getPolicies(Derived, 'a')).toEqual({ logged: { level: 'info' }, timeout: { ms: 10 } });
    });

    it('a policy on one method does not leak to another, nor to the base class', () => {
      class Base {
        a(): void {}
      }
      class Derived extends Base {
        b(): void {}
      }
      setPolicy(Derived.prototype, 'b', 'timeout', { ms: 10 });
      setPolicy(Derived, undefined, 'logged', {});
      expect(getPolicies(Derived, 'a')).toEqual({ logged: {} });
      expect(getPolicies(Base, 'a')).toEqual({});
      expect(getPolicies(Base, 'b')).toEqual({});
    });

    it('class policies of a subclass merge over its base classes’, the nearest class winning per policy', () => {
      class Base {
        a(): void {}
      }
      class Middle extends Base {}
      class Derived extends Middle {}
      setPolicy(Base, undefined, 'cached', { ttlMs: 1_000 });
      setPolicy(Base, undefined, 'timeout', { ms: 10 });
      setPolicy(Middle, undefined, 'timeout', { ms: 20 });
      setPolicy(Derived, undefined, 'logged', {});
      expect(getPolicies(Derived, 'a')).toEqual({ cached: { ttlMs: 1_000 }, timeout: { ms: 20 }, logged: {} });
      expect(getPolicies(Base, 'a')).toEqual({ cached: { ttlMs: 1_000 }, timeout: { ms: 10 } });
    });
  });

  describe('custom metadata (SetMetadata)', () => {
    it('merges a method’s values over its class’s, string and symbol keys alike', () => {
      const AUDIT = Symbol('audit');
      class Tools {
        a(): void {}
        b(): void {}
      }
      setCustomMetadata(Tools, undefined, AUDIT, 'basic');
      setCustomMetadata(Tools, undefined, 'team', 'billing');
      setCustomMetadata(Tools.prototype, 'a', AUDIT, 'strict');
      const onA = getCustomMetadata(Tools, 'a');
      expect(onA[AUDIT]).toBe('strict');
      expect(onA['team']).toBe('billing');
      expect(getCustomMetadata(Tools, 'b')[AUDIT]).toBe('basic');
      expect(Object.isFrozen(onA)).toBe(true);
    });

    it('a subclass’s class values merge over its base class’s', () => {
      class Base {
        a(): void {}
      }
      class Derived extends Base {}
      setCustomMetadata(Base, undefined, 'team', 'billing');
      setCustomMetadata(Derived, undefined, 'audit', 'strict');
      expect(getCustomMetadata(Derived, 'a')).toEqual({ team: 'billing', audit: 'strict' });
    });

    it('is empty where nothing was set, and separate from policies', () => {
      class Tools {
        a(): void {}
      }
      setPolicy(Tools.prototype, 'a', 'logged', {});
      expect(getCustomMetadata(Tools, 'a')).toEqual({});
      setCustomMetadata(Tools.prototype, 'a', 'logged', 'custom');
      expect(getPolicies(Tools, 'a')).toEqual({ logged: {} });
      expect(getCustomMetadata(Tools, 'a')).toEqual({ logged: 'custom' });
    });
  });

  describe('interceptors', () => {
    class Passthrough {
      intercept(_call: unknown, next: () => Promise<unknown>): Promise<unknown> {
        return next();
      }
    }
    class A extends Passthrough {}
    class B extends Passthrough {}
    class C extends Passthrough {}
    class D extends Passthrough {}

    it('each call is put before the earlier ones: decorators apply bottom-up, the top one runs first', () => {
      class Tools {
        m(): void {}
      }
      addInterceptors(Tools.prototype, 'm', [C, D]);
      addInterceptors(Tools.prototype, 'm', [A, B]);
      expect(getInterceptors(Tools, 'm')).toEqual([A, B, C, D]);
    });

    it('class interceptors come before the method’s', () => {
      class Tools {
        m(): void {}
        n(): void {}
      }
      addInterceptors(Tools, undefined, [A]);
      addInterceptors(Tools.prototype, 'm', [B]);
      expect(getInterceptors(Tools, 'm')).toEqual([A, B]);
      expect(getInterceptors(Tools, 'n')).toEqual([A]);
      expect(Object.isFrozen(getInterceptors(Tools, 'm'))).toBe(true);
    });

    it('through @UseInterceptors, the order written is the order run', () => {
      @UseInterceptors(A)
      @UseInterceptors(B)
      class Tools {
        @UseInterceptors(C)
        @UseInterceptors(D)
        m(): void {}
      }
      expect(getInterceptors(Tools, 'm')).toEqual([A, B, C, D]);
    });

    it('a class without its own takes those of the nearest base class', () => {
      class Base {
        m(): void {}
      }
      class Derived extends Base {}
      addInterceptors(Base, undefined, [A]);
      expect(getInterceptors(Derived, 'm')).toEqual([A]);
      expect(getInterceptors(class Unrelated {}, 'm')).toEqual([]);
    });
  });

  describe('DTO fields', () => {
    it('merges the annotations of a property recorded in several calls', () => {
      class Dto {}
      setDtoField(Dto.prototype, 'password', { sensitive: true });
      setDtoField(Dto.prototype, 'password', { trimmed: true });
      setDtoField(Dto.prototype, 'name', { trimmed: true });
      expect(getDtoFields(Dto)).toEqual({ password: { sensitive: true, trimmed: true }, name: { trimmed: true } });
      expect(Object.isFrozen(getDtoFields(Dto)['password'])).toBe(true);
    });

    it('includes the fields of base classes; a subclass’s annotation of a property wins', () => {
      class Base {}
      class Derived extends Base {}
      setDtoField(Base.prototype, 'password', { sensitive: true });
      setDtoField(Base.prototype, 'note', { stripped: true });
      setDtoField(Derived.prototype, 'note', { escaped: true });
      setDtoField(Derived.prototype, 'pin', { sensitive: true });
      expect(getDtoFields(Derived)).toEqual({ password: { sensitive: true }, note: { escaped: true }, pin: { sensitive: true } });
      expect(getDtoFields(Base)).toEqual({ password: { sensitive: true }, note: { stripped: true } });
    });

    it('a DTO without annotations has none', () => {
      expect(getDtoFields(class Empty {})).toEqual({});
    });
  });

  describe('DTO class annotations', () => {
    it('merge from the oldest base class down: a subclass overrides per key', () => {
      class Base {}
      class Middle extends Base {}
      class Leaf extends Middle {}
      setDtoClass(Base, { maxLength: 100, allowControlCharacters: false });
      setDtoClass(Middle, { maxLength: 50 });
      setDtoClass(Leaf, { allowControlCharacters: true });
      expect(getDtoClass(Leaf)).toEqual({ maxLength: 50, allowControlCharacters: true });
      expect(getDtoClass(Middle)).toEqual({ maxLength: 50, allowControlCharacters: false });
      expect(getDtoClass(Base)).toEqual({ maxLength: 100, allowControlCharacters: false });
      expect(Object.isFrozen(getDtoClass(Leaf))).toBe(true);
    });

    it('later calls on one class merge over earlier ones', () => {
      class Dto {}
      setDtoClass(Dto, { a: 1, b: 1 });
      setDtoClass(Dto, { b: 2 });
      expect(getDtoClass(Dto)).toEqual({ a: 1, b: 2 });
    });
  });

  describe('@Env fields', () => {
    it('lists the bindings of a class and its base classes; a subclass’s binding of a property wins', () => {
      class BaseConfig {}
      class AppConfig extends BaseConfig {}
      setEnvField(BaseConfig.prototype, { property: 'port', variable: 'PORT', options: {} });
      setEnvField(BaseConfig.prototype, { property: 'host', variable: 'HOST', options: {} });
      setEnvField(AppConfig.prototype, { property: 'port', variable: 'APP_PORT', options: { description: 'the port' } });
      setEnvField(AppConfig.prototype, { property: 'token', variable: 'APP_TOKEN', options: { sensitive: true } });
      expect(getEnvFields(AppConfig)).toEqual([
        { property: 'port', variable: 'APP_PORT', options: { description: 'the port' } },
        { property: 'token', variable: 'APP_TOKEN', options: { sensitive: true } },
        { property: 'host', variable: 'HOST', options: {} },
      ]);
      expect(getEnvFields(BaseConfig).map((f) => f.variable)).toEqual(['PORT', 'HOST']);
    });

    it('a second binding of a property in one class replaces the first', () => {
      class Config {}
      setEnvField(Config.prototype, { property: 'port', variable: 'A', options: {} });
      setEnvField(Config.prototype, { property: 'port', variable: 'B', options: {} });
      expect(getEnvFields(Config)).toEqual([{ property: 'port', variable: 'B', options: {} }]);
    });
  });

  describe('routes', () => {
    it('lists the routes of a class and its base classes, the subclass’s record for a handler and HTTP method winning', () => {
      class Base {}
      class Derived extends Base {}
      addRoute(Base.prototype, { method: 'GET', path: '/status', handler: 'status' });
      addRoute(Base.prototype, { method: 'POST', path: '/status', handler: 'status' });
      addRoute(Base.prototype, { method: 'GET', path: '/version', handler: 'version' });
      addRoute(Derived.prototype, { method: 'GET', path: '/v2/status', handler: 'status' });
      expect(getRoutes(Derived)).toEqual([
        { method: 'GET', path: '/v2/status', handler: 'status' },
        { method: 'POST', path: '/status', handler: 'status' },
        { method: 'GET', path: '/version', handler: 'version' },
      ]);
      expect(getRoutes(Base)).toHaveLength(3);
      expect(getRoutes(class None {})).toEqual([]);
    });
  });

  describe('design-time types emitted by TypeScript', () => {
    class Thing {}
    class Tools {
      @mark()
      run(_name: string, _count: number, _thing: Thing): boolean {
        return true;
      }

      undecorated(_name: string): void {}

      @mark() label!: string;
      @mark() size!: number;
    }

    it('reads parameter types of a decorated method, none for an undecorated one', () => {
      expect(getParamTypes(Tools, 'run')).toEqual([String, Number, Thing]);
      expect(getParamTypes(Tools, 'undecorated')).toEqual([]);
    });

    it('reads the return type of a method and the declared type of a property', () => {
      expect(getReturnType(Tools, 'run')).toBe(Boolean);
      expect(getPropertyType(Tools, 'label')).toBe(String);
      expect(getPropertyType(Tools, 'size')).toBe(Number);
      expect(getPropertyType(Tools, 'missing')).toBeUndefined();
    });
  });
});

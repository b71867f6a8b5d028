import 'reflect-metadata';
import { SetMetadata } from '../../../src/decorators/set-metadata.decorator';
import { UseInterceptors } from '../../../src/decorators/use-interceptors.decorator';
import { getCustomMetadata, getInterceptors } from '../../../src/metadata/reflect';
import type { McpCall, McpInterceptor } from '../../../src/pipeline/interceptor';

describe('SetMetadata', () => {
  it("records values on a class and on methods; a method's value wins over its class's", () => {
    const KEY = Symbol('key');
    @SetMetadata(KEY, 'class')
    @SetMetadata('shared', 1)
    class Tools {
      @SetMetadata(KEY, 'method')
      a(): void {}

      b(): void {}
    }
    expect(getCustomMetadata(Tools, 'a')).toEqual({ shared: 1, [KEY]: 'method' });
    expect(getCustomMetadata(Tools, 'b')).toEqual({ shared: 1, [KEY]: 'class' });
    expect(Object.isFrozen(getCustomMetadata(Tools, 'a'))).toBe(true);
  });

  it('keeps class instances and functions as given', () => {
    class Level {}
    const level = new Level();
    const fn = (): number => 1;
    class Tools {
      @SetMetadata('level', level)
      @SetMetadata('fn', fn)
      a(): void {}
    }
    expect(getCustomMetadata(Tools, 'a')['level']).toBe(level);
    expect(getCustomMetadata(Tools, 'a')['fn']).toBe(fn);
  });
});

describe('UseInterceptors', () => {
  const make = (): new () => McpInterceptor =>
    class implements McpInterceptor {
      intercept(_call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
        return next();
      }
    };
  const [A, B, C, D] = [make(), make(), make(), make()];

  it("lists the class's interceptors, then the method's, in the order written (stacked decorators included)", () => {
    @UseInterceptors(A)
    class Tools {
      @UseInterceptors(B, C)
      @UseInterceptors(D)
      a(): void {}

      b(): void {}
    }
    expect(getInterceptors(Tools, 'a')).toEqual([A, B, C, D]);
    expect(getInterceptors(Tools, 'b')).toEqual([A]);
  });

  it('rejects static methods', () => {
    expect(() => {
      class Tools {
        @UseInterceptors(A)
        static a(): void {}
      }
      return Tools;
    }).toThrow(/@UseInterceptors on Tools.a: static methods are not supported/);
  });
});

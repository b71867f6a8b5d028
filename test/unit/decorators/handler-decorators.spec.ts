import { IsString } from 'class-validator';
import { McpDefinitionError, Prompt, Resource, Tool } from 'mcp-decorators';
import { getHandlers } from '../../../src/metadata/reflect';

describe('@Tool, @Resource, @Prompt', () => {
  class Args {
    @IsString() code!: string;
  }

  class Handlers {
    @Tool({ description: 'adds', annotations: { readOnlyHint: true } })
    add(): number {
      return 1;
    }

    @Tool({ name: 'renamed', title: 'Renamed tool' })
    original(): string {
      return '';
    }

    @Resource('config://app', { mimeType: 'application/json' })
    config(): object {
      return {};
    }

    @Prompt({ description: 'review' })
    review(_args: Args): string {
      return '';
    }
  }

  it('records one handler per decorated method, with its options, without wrapping the method', () => {
    const records = getHandlers(Handlers);
    expect(records.map((r) => [r.kind, r.method])).toEqual([
      ['tool', 'add'],
      ['tool', 'original'],
      ['resource', 'config'],
      ['prompt', 'review'],
    ]);
    expect(records[0]!.options).toEqual({ description: 'adds', annotations: { readOnlyHint: true } });
    expect(records[2]).toMatchObject({ uri: 'config://app', options: { mimeType: 'application/json' } });
    expect(new Handlers().add()).toBe(1);
  });

  it('freezes a copy of the options and leaves the caller’s object untouched', () => {
    const options = { description: 'd' };
    class Owner {
      @Tool(options)
      m(): void {}
    }
    const [record] = getHandlers(Owner);
    expect(Object.isFrozen(record!.options)).toBe(true);
    expect(record!.options).not.toBe(options);
    expect(options).toEqual({ description: 'd' });
  });

  it('inherits handlers from a base class', () => {
    class Base {
      @Tool()
      ping(): string {
        return 'pong';
      }
    }
    class Derived extends Base {
      @Tool()
      echo(): string {
        return '';
      }
    }
    expect(
      getHandlers(Derived)
        .map((r) => r.method)
        .sort(),
    ).toEqual(['echo', 'ping']);
  });

  it('rejects a resource URI without a scheme, naming it', () => {
    expect(() => Resource('not a uri')).toThrow(McpDefinitionError);
    expect(() => Resource('not a uri')).toThrow(/"not a uri" is not a URI/);
  });

  it('rejects decorating a static method', () => {
    expect(() => {
      class Statics {
        @Tool()
        static add(): number {
          return 1;
        }
      }
      return Statics;
    }).toThrow(/@Tool on Statics.add: static methods are not supported/);
  });
});

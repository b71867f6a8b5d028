import { IsInt } from 'class-validator';
import { createMcpApp, McpDefinitionError, Tool, ToolContext } from 'mcp-decorators';
import { injectable } from 'tsyringe';

describe('discovery through the container', () => {
  class AddInput {
    @IsInt() a!: number;
    @IsInt() b!: number;
  }

  @injectable()
  class Greeter {
    greet(name: string): string {
      return `hello ${name}`;
    }
  }

  it('injects constructor dependencies and builds one definition per handler', async () => {
    @injectable()
    class Tools {
      constructor(private readonly greeter: Greeter) {}

      @Tool()
      hello(): string {
        return this.greeter.greet('world');
      }

      @Tool()
      add({ a, b }: AddInput): number {
        return a + b;
      }
    }
    const app = await createMcpApp({ name: 't', version: '1', providers: [Tools], logger: { level: 'error' } });
    expect(app.registry.listTools().map((t) => t.name)).toEqual(['hello', 'add']);
    expect(Object.isFrozen(app.registry.tool('add'))).toBe(true);
    expect(app.registry.tool('add')!.dto).toBe(AddInput);
    await app.close();
  });

  it('fails at creation when @injectable() is missing, naming the class', async () => {
    class NotInjectable {
      constructor(readonly greeter: Greeter) {}

      @Tool()
      hello(): string {
        return '';
      }
    }
    await expect(createMcpApp({ name: 't', version: '1', providers: [NotInjectable] })).rejects.toThrow(
      /cannot create provider NotInjectable \(is @injectable\(\) missing on NotInjectable/,
    );
  });

  it('fails at creation on an unresolvable dependency, naming the class', async () => {
    interface Db {
      query(): void;
    }
    @injectable()
    class NeedsDb {
      constructor(readonly db: Db) {}
    }
    await expect(createMcpApp({ name: 't', version: '1', providers: [NeedsDb] })).rejects.toThrow(/cannot create provider NeedsDb/);
  });

  it('fails at creation on duplicate tool names, naming both methods', async () => {
    @injectable()
    class One {
      @Tool({ name: 'same' })
      a(): string {
        return '';
      }
    }
    @injectable()
    class Two {
      @Tool({ name: 'same' })
      b(): string {
        return '';
      }
    }
    const creation = createMcpApp({ name: 't', version: '1', providers: [One, Two] });
    await expect(creation).rejects.toThrow(McpDefinitionError);
    await expect(createMcpApp({ name: 't', version: '1', providers: [One, Two] })).rejects.toThrow('duplicate tool same: declared by One.a and Two.b');
  });

  it('rejects an input parameter that is not a class, naming the method', async () => {
    @injectable()
    class Loose {
      @Tool()
      add(input: { a: number }): number {
        return input.a;
      }
    }
    await expect(createMcpApp({ name: 't', version: '1', providers: [Loose] })).rejects.toThrow(/Loose.add: its input parameter is not a class/);
  });

  it('rejects invalid tool names', async () => {
    @injectable()
    class BadName {
      @Tool({ name: 'has spaces' })
      m(): string {
        return '';
      }
    }
    await expect(createMcpApp({ name: 't', version: '1', providers: [BadName] })).rejects.toThrow(/tool name "has spaces" is invalid/);
  });

  it('finds the context parameter by its type, first or second', async () => {
    @injectable()
    class WithContext {
      @Tool()
      onlyContext(ctx: ToolContext): string {
        return String(ctx.requestId !== undefined);
      }

      @Tool()
      both({ a }: AddInput, ctx: ToolContext): string {
        return `${a}:${ctx.principal}`;
      }
    }
    const app = await createMcpApp({ name: 't', version: '1', providers: [WithContext], logger: { level: 'error' } });
    expect(app.registry.tool('onlyContext')!.dto).toBeUndefined();
    expect(app.registry.tool('both')!.dto).toBe(AddInput);
    await app.close();
  });

  it('keeps apps isolated: each has its own child container and provider instances', async () => {
    @injectable()
    class Counter {
      count = 0;
      @Tool()
      next(): number {
        return ++this.count;
      }
    }
    const one = await createMcpApp({ name: 'a', version: '1', providers: [Counter], logger: { level: 'error' } });
    const two = await createMcpApp({ name: 'b', version: '1', providers: [Counter], logger: { level: 'error' } });
    expect(one.container.resolve(Counter)).not.toBe(two.container.resolve(Counter));
    expect(one.container.resolve(Counter)).toBe(one.container.resolve(Counter));
    await Promise.all([one.close(), two.close()]);
  });
});

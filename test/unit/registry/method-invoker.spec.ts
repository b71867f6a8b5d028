import 'reflect-metadata';
import { ToolContext } from '../../../src/context/tool-context';
import { methodInvoker } from '../../../src/registry/method-invoker';

describe('methodInvoker', () => {
  /** Any decorator makes TypeScript emit the method's parameter types. */
  const Marked =
    (_label: string): MethodDecorator =>
    () =>
      undefined;

  class Input {
    city!: string;
  }

  class Tools {
    @Marked('input and context')
    both(input: Input, ctx: ToolContext): unknown[] {
      return [input, ctx];
    }

    @Marked('context only')
    contextOnly(ctx: ToolContext): unknown[] {
      return [ctx];
    }

    @Marked('input only')
    inputOnly(input: Input): unknown[] {
      return [input];
    }

    undecorated(...args: unknown[]): unknown[] {
      return args;
    }
  }

  const tools = new Tools();
  const call = (method: keyof Tools): unknown[] =>
    methodInvoker(Tools, tools, method, tools[method] as (...args: unknown[]) => unknown).invoke('input', 'ctx') as unknown[];

  it('puts the context where the method declares a ToolContext', () => {
    expect(call('both')).toEqual(['input', 'ctx']);
    expect(call('contextOnly')).toEqual(['ctx']);
    expect(call('inputOnly')).toEqual(['input']);
  });

  it('passes both to a method without emitted parameter types', () => {
    expect(call('undecorated')).toEqual(['input', 'ctx']);
  });

  it('reports the input type, none when the method takes only the context', () => {
    expect(methodInvoker(Tools, tools, 'both', tools.both as never).inputType).toBe(Input);
    expect(methodInvoker(Tools, tools, 'contextOnly', tools.contextOnly as never).inputType).toBeUndefined();
  });
});

import 'reflect-metadata';
import { injectable, container as root } from 'tsyringe';
import { McpDefinitionError } from '../../../src/errors/tool-error';
import type { McpCall, McpInterceptor } from '../../../src/pipeline/interceptor';
import { interceptorChain, resolveInterceptor } from '../../../src/pipeline/interceptor-chain';
import type { Invocation } from '../../../src/pipeline/invocation';

describe('interceptorChain', () => {
  /** A new invocation per call, as the server makes one per request. */
  const invocation = (input: unknown = { word: 'raw' }): Invocation =>
    ({
      definition: { kind: 'tool', name: 'echo', providerClass: Object, methodName: 'echo', metadata: { level: 'strict' } },
      context: { principal: 'sub:alice', era: 'legacy' },
      input,
    }) as unknown as Invocation;

  const recorder = (label: string, log: string[], calls: McpCall[]): McpInterceptor => ({
    async intercept(call, next) {
      calls.push(call);
      log.push(`${label}>`);
      const result = await next();
      log.push(`<${label}`);
      return result;
    },
  });

  it('runs the interceptors in order around next, sharing one call object', async () => {
    const log: string[] = [];
    const calls: McpCall[] = [];
    const step = interceptorChain([recorder('a', log, calls), recorder('b', log, calls), recorder('c', log, calls)]);
    const result = await step(invocation(), async () => {
      log.push('next');
      return 'result';
    });
    expect(result).toBe('result');
    expect(log).toEqual(['a>', 'b>', 'c>', 'next', '<c', '<b', '<a']);
    expect(new Set(calls).size).toBe(1);
  });

  it('gives a view of the invocation: its input, its context, the metadata of its definition', async () => {
    const seen: unknown[] = [];
    const step = interceptorChain([
      {
        async intercept(call, next) {
          seen.push(call.kind, call.name, call.principal, call.era, call.input, call.metadata('level'), call.metadata('absent'));
          return next();
        },
      },
    ]);
    await step(invocation({ word: 'validated' }), async () => undefined);
    expect(seen).toEqual(['tool', 'echo', 'sub:alice', 'legacy', { word: 'validated' }, 'strict', undefined]);
  });

  it('lets an interceptor answer without calling next', async () => {
    const next = jest.fn(async () => 'from method');
    const step = interceptorChain([{ intercept: async () => 'short' }, { intercept: async (_call, n) => n() }]);
    expect(await step(invocation(), next)).toBe('short');
    expect(next).not.toHaveBeenCalled();
  });
});

describe('resolveInterceptor', () => {
  it('builds a class once per container', () => {
    @injectable()
    class Counting implements McpInterceptor {
      static built = 0;
      constructor() {
        Counting.built++;
      }
      intercept(_call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
        return next();
      }
    }
    const container = root.createChildContainer();
    const first = resolveInterceptor(container, Counting, 'A.a');
    expect(resolveInterceptor(container, Counting, 'A.b')).toBe(first);
    expect(Counting.built).toBe(1);
    expect(resolveInterceptor(root.createChildContainer(), Counting, 'B.a')).not.toBe(first);
  });

  it('names where a broken interceptor is used', () => {
    expect(() => resolveInterceptor(root.createChildContainer(), 'nope' as never, 'A.a')).toThrow(
      new McpDefinitionError('A.a: interceptors must be classes, got nope'),
    );
  });
});

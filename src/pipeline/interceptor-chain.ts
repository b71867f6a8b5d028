import type { DependencyContainer } from 'tsyringe';
import { McpDefinitionError } from '../errors/tool-error';
import type { Class } from '../metadata/metadata.types';
import type { McpInterceptor } from './interceptor';
import type { Step } from './invocation';
import { InvocationCall } from './mcp-call';

/**
 * One pipeline step running `interceptors` in order around the rest of the pipeline. Every
 * interceptor of a call, ours and the users', sees the same `McpCall`, made once per call.
 */
export function interceptorChain(interceptors: readonly McpInterceptor[]): Step {
  if (interceptors.length === 1) {
    const only = interceptors[0];
    return (invocation, next) => only.intercept((invocation.call ??= new InvocationCall(invocation)), next);
  }
  const count = interceptors.length;
  return (invocation, next) => {
    const call = (invocation.call ??= new InvocationCall(invocation));
    const run = (index: number): Promise<unknown> => (index === count ? next() : interceptors[index].intercept(call, () => run(index + 1)));
    return run(0);
  };
}

/**
 * Builds an interceptor class through the app's container, once per app (it is registered as
 * a singleton there unless the container already knows it), or fails naming where it is used.
 */
export function resolveInterceptor(container: DependencyContainer, cls: Class, usedBy: string): McpInterceptor {
  if (typeof cls !== 'function') throw new McpDefinitionError(`${usedBy}: interceptors must be classes, got ${String(cls)}`);
  if (!container.isRegistered(cls, true)) container.registerSingleton(cls);
  let instance: Partial<McpInterceptor>;
  try {
    instance = container.resolve<Partial<McpInterceptor>>(cls);
  } catch (error) {
    const reason = (error as Error).message;
    const hint = /TypeInfo not known/.test(reason) ? ` (is @injectable() missing on ${cls.name} or on one of its dependencies?)` : '';
    throw new McpDefinitionError(`${usedBy}: cannot create interceptor ${cls.name}${hint}: ${reason}`);
  }
  if (typeof instance.intercept !== 'function') {
    throw new McpDefinitionError(`${usedBy}: interceptor ${cls.name} has no intercept(call, next) method`);
  }
  return instance as McpInterceptor;
}

import { interceptorChain, resolveInterceptor } from './interceptor-chain';
import type { StepFactory } from './invocation';

/**
 * The users' interceptors of a handler: app-wide ones (`createMcpApp({ interceptors })`), then
 * its class's `@UseInterceptors`, then its method's. Absent when there are none.
 */
export const interceptorsStep: StepFactory = (definition, services) => {
  const classes = [...services.interceptors, ...definition.interceptors];
  if (classes.length === 0) return undefined;
  return interceptorChain(classes.map((cls) => resolveInterceptor(services.container, cls, definition.where)));
};

import { ToolContext } from '../context/tool-context';
import type { Class } from '../metadata/metadata.types';
import { getParamTypes } from '../metadata/reflect';

/** How a provider method takes a call: where its input and its context go. */
export interface MethodInvoker {
  /** The emitted type of the input parameter; undefined when the method takes only the context. */
  readonly inputType: unknown;
  /** Calls the method on its instance with the input and the context in their places. */
  readonly invoke: (input: unknown, context: unknown) => unknown;
}

/**
 * Binds a method once, from its emitted parameter types: the context goes to the parameter
 * typed `ToolContext`, else to the second one; the input to the first one unless the context is
 * there. Handlers and `@Fallback` methods are called the same way.
 *
 * @example
 * const { invoke } = methodInvoker(WeatherTools, tools, 'fromBackupApi', tools.fromBackupApi);
 * await invoke({ city: 'Oslo' }, ctx);
 */
export function methodInvoker(cls: Class, instance: object, method: string, fn: (...args: unknown[]) => unknown): MethodInvoker {
  const params = getParamTypes(cls, method);
  // TypeScript emits parameter types for decorated methods only: an undecorated `@Fallback`
  // method (or one without parameters) gets both, input first.
  if (params.length === 0) return { inputType: undefined, invoke: (input, context) => fn.call(instance, input, context) };
  let contextIndex = params.indexOf(ToolContext);
  if (contextIndex === -1 && params.length >= 2) contextIndex = 1;
  const inputType = contextIndex === 0 ? undefined : params[0];
  const invoke =
    contextIndex === -1
      ? (input: unknown) => fn.call(instance, input)
      : contextIndex === 0
        ? (_input: unknown, context: unknown) => fn.call(instance, context)
        : (input: unknown, context: unknown) => fn.call(instance, input, context);
  return { inputType, invoke };
}

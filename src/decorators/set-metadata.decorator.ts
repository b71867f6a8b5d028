import { McpDefinitionError } from '../errors/tool-error';
import { setCustomMetadata } from '../metadata/reflect';
import { assertMethod, type PolicyDecorator } from './decorator-guards';

/**
 * Records `value` under `key` on a handler method, or on a class for all its handlers (a
 * method's value wins over its class's). Interceptors read it with `call.metadata(key)`; it is
 * read once, when the app is created. Plain objects and arrays are copied and frozen.
 * The building block of a user's own policy decorators.
 *
 * @example
 * export const AUDIT = Symbol('audit');
 * export const Audited = (level: 'basic' | 'strict') => SetMetadata(AUDIT, level);
 *
 * @Audited('strict')
 * @Tool()
 * refund({ orderId }: RefundInput) { ... }
 * // in an interceptor: call.metadata<'basic' | 'strict'>(AUDIT)
 */
export function SetMetadata(key: string | symbol, value: unknown): PolicyDecorator {
  if (typeof key !== 'symbol' && (typeof key !== 'string' || key.length === 0)) {
    throw new McpDefinitionError(`SetMetadata: key must be a non-empty string or a symbol, got ${String(key)}`);
  }
  const recorded = frozenCopy(value);
  return (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (propertyKey === undefined) {
      setCustomMetadata(target, undefined, key, recorded);
      return;
    }
    setCustomMetadata(target, assertMethod(`SetMetadata(${String(key)})`, target, propertyKey, descriptor), key, recorded);
  };
}

/** A frozen shallow copy of plain objects and arrays; anything else (instances, functions) as given. */
function frozenCopy(value: unknown): unknown {
  if (Array.isArray(value)) return Object.freeze([...(value as unknown[])]);
  if (value !== null && typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return Object.freeze({ ...value });
  }
  return value;
}

import { isPositiveInteger } from '../errors/invalid-option';
import { McpDefinitionError } from '../errors/tool-error';
import { setPolicy } from '../metadata/reflect';

/** Checks that a handler decorator sits on a named instance method and returns its name. */
export function assertMethod(decorator: string, target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor | undefined): string {
  const owner = typeof target === 'function' ? target.name : target.constructor.name;
  if (typeof target === 'function') {
    throw new McpDefinitionError(`${decorator} on ${owner}.${String(propertyKey)}: static methods are not supported`);
  }
  if (typeof propertyKey === 'symbol') {
    throw new McpDefinitionError(`${decorator} on ${owner}: symbol-named methods are not supported`);
  }
  if (!descriptor || typeof descriptor.value !== 'function') {
    throw new McpDefinitionError(`${decorator} on ${owner}.${propertyKey}: only methods can be decorated`);
  }
  return propertyKey;
}

/** A decorator that fits a class (every handler of it) or a handler method. */
export type PolicyDecorator = ClassDecorator & MethodDecorator;

/**
 * Records `options` under the policy `name`, on the method when applied to one, else on the
 * class (where method options override it). Options must already be validated and frozen.
 */
export function policyDecorator(decorator: string, name: string, options: unknown): PolicyDecorator {
  return (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (propertyKey === undefined) {
      setPolicy(target, undefined, name, options);
      return;
    }
    setPolicy(target, assertMethod(decorator, target, propertyKey, descriptor), name, options);
  };
}

/** Throws a definition error unless `value` is a finite number above 0 (`integer`: an integer). */
export function assertPositive(decorator: string, option: string, value: unknown, integer = false): void {
  const ok = integer ? isPositiveInteger(value) : typeof value === 'number' && Number.isFinite(value) && value > 0;
  if (!ok) {
    throw new McpDefinitionError(
      `${decorator}: ${option} must be a positive ${integer ? 'integer' : 'number'}, got ${typeof value === 'string' ? value : String(JSON.stringify(value))}`,
    );
  }
}

/** Throws a definition error unless `value` is one of `allowed` (or undefined). */
export function assertOneOf(decorator: string, option: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw new McpDefinitionError(
      `${decorator}: ${option} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${typeof value === 'string' ? value : String(JSON.stringify(value))}`,
    );
  }
}

/** Throws a definition error unless `value` is a list of non-empty strings. */
export function assertNames(decorator: string, option: string, value: unknown): void {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.length > 0)) {
    throw new McpDefinitionError(`${decorator}: ${option} must be a list of non-empty strings`);
  }
}

/** Throws a definition error unless `value` is a function (or undefined). */
export function assertOptionalFunction(decorator: string, option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new McpDefinitionError(`${decorator}: ${option} must be a function, got ${typeof value}`);
  }
}

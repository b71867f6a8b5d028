import { McpDefinitionError } from '../errors/tool-error';

/** Checks that a handler decorator sits on a named instance method and returns its name. */
export function assertMethod(
  decorator: string,
  target: object,
  propertyKey: string | symbol,
  descriptor: PropertyDescriptor | undefined,
): string {
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

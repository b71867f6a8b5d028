/**
 * Freezes a value and everything it holds, in place, so that definitions built once at
 * start-up (schemas, descriptors) cannot be changed by whoever reads them.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

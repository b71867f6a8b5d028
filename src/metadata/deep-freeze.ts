/**
 * Freezes a value and everything it holds, in place, so that definitions built once at
 * start-up (schemas, descriptors) cannot be changed by whoever reads them. Values that refer to
 * themselves are fine, and what an already-frozen object holds is frozen too.
 */
export function deepFreeze<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child, seen);
  return value;
}

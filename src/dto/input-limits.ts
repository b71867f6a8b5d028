/*
 * The bounds on raw tool arguments, enforced before any DTO code (transforms, validators) runs,
 * by one walk that also copies them out of the reach of prototype pollution.
 */

/** Bounds on raw arguments, checked before any DTO code (transforms, validators) sees them. */
export interface InputLimits {
  /** Approximate JSON-encoded size of the arguments, in bytes (UTF-8). */
  maxBytes: number;
  /** Nesting of objects and arrays; the arguments object itself is level 1. */
  maxDepth: number;
  /** Most items in any one array. */
  maxArrayLength: number;
  /** In UTF-16 code units, as `string.length` counts. */
  maxStringLength: number;
}

/**
 * The limits used unless `createMcpApp({ inputLimits })` overrides them: 1 MiB, depth 32, 10 000
 * items per array, strings of 1 Mi UTF-16 code units.
 */
export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 32,
  maxArrayLength: 10_000,
  maxStringLength: 1024 * 1024,
});

/** Longest validation message sent back; longer ones end with an ellipsis. */
const MAX_MESSAGE = 512;

export const capMessage = (message: string): string => (message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message);

/** Keys that reach `Object.prototype` or a constructor when assigned; never copied. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const joinPath = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));
const at = (path: string): string => path || 'arguments';
export const isPlainObject = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

export type Copied = { ok: true; value: Record<string, unknown> } | { ok: false; errors: string[] };

/**
 * One iterative walk that enforces the limits and copies the arguments into fresh objects,
 * dropping prototype-polluting keys. Iterative so that hostile nesting cannot overflow the stack.
 * The first stage of both validators (DTO and JSON Schema).
 */
export function copyWithinLimits(input: object, limits: InputLimits): Copied {
  const fail = (error: string): Copied => ({ ok: false, errors: [capMessage(error)] });
  const root: Record<string, unknown> = {};
  const stack: { from: object; to: Record<string, unknown> | unknown[]; path: string; depth: number }[] = [{ from: input, to: root, path: '', depth: 1 }];
  let bytes = 0;
  while (stack.length > 0) {
    const { from, to, path, depth } = stack.pop()!;
    const isArray = Array.isArray(from);
    if (isArray && from.length > limits.maxArrayLength) {
      return fail(`array at ${at(path)} has more than ${limits.maxArrayLength} items (limit maxArrayLength)`);
    }
    const entries: [string | number, unknown][] = isArray ? from.map((v, i) => [i, v]) : Object.entries(from);
    bytes += 2;
    for (const [key, value] of entries) {
      if (typeof key === 'string' && UNSAFE_KEYS.has(key)) continue;
      const where = joinPath(path, key);
      bytes += typeof key === 'string' ? Buffer.byteLength(key) + 4 : 1;
      let copy: unknown = value;
      if (typeof value === 'string') {
        if (value.length > limits.maxStringLength) {
          return fail(`string at ${where} is longer than ${limits.maxStringLength} characters (limit maxStringLength)`);
        }
        bytes += Buffer.byteLength(value) + 2;
      } else if (typeof value === 'number' || typeof value === 'boolean') {
        bytes += String(value).length;
      } else if (value === null || value === undefined) {
        bytes += 4;
      } else if (typeof value === 'object' && (Array.isArray(value) || isPlainObject(value))) {
        if (depth + 1 > limits.maxDepth) return fail(`arguments nest deeper than ${limits.maxDepth} levels (limit maxDepth)`);
        const container: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
        stack.push({ from: value, to: container, path: where, depth: depth + 1 });
        copy = container;
      } else {
        return fail(`value at ${where} is not JSON data`);
      }
      if (bytes > limits.maxBytes) return fail(`arguments are larger than ${limits.maxBytes} bytes (limit maxBytes)`);
      if (Array.isArray(to)) to.push(copy);
      else to[key] = copy;
    }
  }
  return { ok: true, value: root };
}

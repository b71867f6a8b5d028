/** Whether `value` is a whole number from 1 to `max` (default: the largest safe integer). */
export function isPositiveInteger(value: unknown, max = Number.MAX_SAFE_INTEGER): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= max;
}

/**
 * Returns `value` when it is a whole number from 1 to `max`, else throws a `RangeError` naming
 * the option: `"<label> must be a positive integer[ up to <max>], got <value>"`.
 */
export function positiveInteger(label: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (!isPositiveInteger(value, max)) {
    throw new RangeError(`${label} must be a positive integer${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}, got ${String(value)}`);
  }
  return value;
}

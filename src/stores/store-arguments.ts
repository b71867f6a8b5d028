/* The argument checks that the memory and Redis stores share, so that both refuse the same calls. */

/**
 * Validates a TTL and returns it in whole milliseconds (rounded up, as Redis `PX` needs).
 *
 * @internal
 */
export function checkTtl(ttlMs: number): number {
  // An infinite TTL would defeat boundedness in Redis, and 0 would mean "already expired".
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`set: ttlMs must be a positive finite number, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}

/** @internal */
export function checkIncrement(by: number): void {
  if (!Number.isSafeInteger(by)) {
    throw new RangeError(`increment: by must be an integer, got ${by}`);
  }
}

/**
 * JSON-encodes a value to store, refusing what JSON cannot carry rather than storing nothing.
 *
 * @internal
 */
export function encodeJson(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) {
    throw new TypeError(`set: value of type ${typeof value} is not JSON-serialisable`);
  }
  return json;
}

/**
 * A store could not answer in time: connection refused or lost, command timed out, server
 * loading or read-only. Policies catch this one type to apply `failOpen` / `failClosed`; any
 * other error from a store is a programming mistake (bad arguments, wrong value type) and must
 * not be mistaken for an outage.
 *
 * @example
 * try {
 *   decision = await store.consume(key, 10, 60_000);
 * } catch (error) {
 *   if (!(error instanceof StoreUnavailableError)) throw error;
 *   decision = policy.failOpen ? ALLOW : DENY;
 * }
 */
export class StoreUnavailableError extends Error {
  /** The store operation that failed (`get`, `set`, `consume`...). */
  readonly operation: string;

  constructor(operation: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreUnavailableError';
    this.operation = operation;
  }
}

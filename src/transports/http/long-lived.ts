import type { ServerResponse } from 'node:http';

/**
 * Requests a graceful shutdown waits for, and how to stop waiting for one: a request that became
 * a stream meant to stay open (a 2026-07-28 `subscriptions/listen`) never ends by itself.
 */
const stopWaiting = new WeakMap<ServerResponse, () => void>();

/** Counts `res` among the requests in progress until `done` runs (at the latest when it closes). */
export function trackUntilDone(res: ServerResponse, done: () => void): void {
  stopWaiting.set(res, done);
}

/** Stops counting `res` among the requests a graceful shutdown waits for. */
export function markLongLived(res: ServerResponse): void {
  stopWaiting.get(res)?.();
}

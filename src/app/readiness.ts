import type { Store } from '../stores/store';
import { withDeadline } from '../timing/deadline';

/**
 * What `app.readiness()` reports: whether this replica should receive traffic, and why.
 *
 * @example
 * const { ready, status } = await app.readiness();
 * // { ready: true, status: 'degraded', checks: { store: 'unavailable' } } while Redis is down
 */
export interface Readiness {
  /**
   * `ready`: all is well. `degraded`: the store does not answer; calls are still served, with
   * caches skipped and rate limits following their `failMode`. `stopping`: shutting down.
   */
  readonly status: 'ready' | 'degraded' | 'stopping';
  /**
   * Whether to route traffic here: false only while stopping. A degraded replica still answers
   * every call, and a shared Redis that is down is down for every replica alike: taking them
   * all out of rotation would turn a degraded service into no service.
   */
  readonly ready: boolean;
  /** Each dependency checked: `store` is `ok` when the store answered its ping within 2 s. */
  readonly checks: { readonly store: 'ok' | 'unavailable' };
}

/** Longest wait for the store's answer; `RedisStore.ping` is bounded by its own command timeout. */
const PING_BOUND_MS = 2_000;

/** Asks the store whether it answers (within a bound, whatever the store) and says what that means. */
export async function checkReadiness(store: Store, stopping: boolean): Promise<Readiness> {
  const storeOk = await pingWithin(store, PING_BOUND_MS);
  const checks = { store: storeOk ? 'ok' : 'unavailable' } as const;
  if (stopping) return { status: 'stopping', ready: false, checks };
  return { status: storeOk ? 'ready' : 'degraded', ready: true, checks };
}

function pingWithin(store: Store, ms: number): Promise<boolean> {
  return withDeadline(
    store.ping().then(
      (ok) => ok === true,
      () => false,
    ),
    ms,
    () => false,
  );
}

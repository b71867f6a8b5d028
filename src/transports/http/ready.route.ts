import type { Store } from '../../stores/store';
import { writeJson, type HttpHandler } from './http-router';

/**
 * The body of `GET /ready`.
 *
 * @example
 * const ready = (await fetch('http://127.0.0.1:8000/ready')).status === 200;
 */
export interface ReadyStatus {
  readonly status: 'ready' | 'not_ready';
  readonly checks: { readonly store: 'ok' | 'unavailable' };
}

/**
 * `GET /ready`: readiness for load balancers — 200 while the app's store answers (Redis
 * reachable), 503 otherwise, so traffic goes to replicas that can serve it. Liveness is `/health`.
 */
export function readyRoute(store: Store): HttpHandler {
  return async (_req, res) => {
    const storeOk = await store.ping().catch(() => false);
    const body: ReadyStatus = { status: storeOk ? 'ready' : 'not_ready', checks: { store: storeOk ? 'ok' : 'unavailable' } };
    writeJson(res, storeOk ? 200 : 503, body, { 'Cache-Control': 'no-store' });
  };
}

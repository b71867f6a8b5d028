import type { Readiness } from '../../app/readiness';
import type { HttpServedApp } from './http-app';
import { writeJson, type HttpHandler } from './http-router';

/**
 * The body of `GET /ready`.
 *
 * @example
 * const { status } = await (await fetch('http://127.0.0.1:8000/ready')).json(); // 'ready' | 'degraded' | 'stopping'
 */
export type ReadyStatus = Pick<Readiness, 'status' | 'checks'>;

/**
 * `GET /ready`: readiness for load balancers (liveness is `/health`), from `app.readiness()`.
 * 200 `ready`, or 200 `degraded` while the store does not answer: the replica still serves every
 * call (caches skipped, limits per their failMode), and a shared Redis that is down is down for
 * all replicas, so answering 503 would take the whole service out of rotation. 503 `stopping`
 * once a shutdown has begun.
 */
export function readyRoute(app: HttpServedApp): HttpHandler {
  return async (_req, res) => {
    const { ready, status, checks } = await app.readiness();
    const body: ReadyStatus = { status, checks };
    writeJson(res, ready ? 200 : 503, body, { 'Cache-Control': 'no-store' });
  };
}

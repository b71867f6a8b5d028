import type { PrometheusMetrics } from '../../metrics/prometheus-metrics';
import type { HttpHandler } from './http-router';

/** `GET /metrics`: the app's Prometheus registry in the text exposition format. */
export function metricsRoute(metrics: PrometheusMetrics): HttpHandler {
  return async (_req, res) => {
    const body = await metrics.render();
    res.writeHead(200, { 'Content-Type': metrics.contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
    res.end(body);
  };
}

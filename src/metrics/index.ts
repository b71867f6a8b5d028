/* The public names of metrics/. */
export { NO_METRICS, type MetricsRecorder } from './metrics-recorder';
export { PrometheusMetrics, type PrometheusMetricsOptions } from './prometheus-metrics';

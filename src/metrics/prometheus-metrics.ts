import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsRecorder } from './metrics-recorder';

/** Options of `PrometheusMetrics`. */
export interface PrometheusMetricsOptions {
  /** Prefix of the framework's metric names (default `mcp_`); process metrics keep their standard names. */
  prefix?: string;
  /**
   * Also export the process metrics of prom-client (CPU, memory, event-loop lag, GC, handles)
   * into this registry, from the first scrape on. Default `true`.
   */
  processMetrics?: boolean;
  /** Buckets of the call duration histogram, in seconds. */
  durationBuckets?: number[];
  /** Labels added to every metric (`{ service: 'weather' }`). */
  defaultLabels?: Record<string, string>;
  /** A registry to add the metrics to (e.g. one holding your own); default: a new one for this app. */
  registry?: Registry;
}

const DEFAULT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The Prometheus recorder: every app gets its own registry (never prom-client's global one), so
 * two apps in one process, or a test and its server, never mix their counts. Apps use it by
 * default (`MCP_METRICS=true`); the HTTP transport serves it on `GET /metrics`.
 *
 * | metric | labels |
 * |---|---|
 * | `mcp_calls_total` | `kind` (tool/resource/prompt), `name`, `status` (`success`, `error` or the error category) |
 * | `mcp_call_duration_seconds` (histogram) | `kind`, `name`, `status` |
 * | `mcp_cache_hits_total`, `mcp_cache_misses_total` | `name` |
 * | `mcp_rate_limited_total` | `name` |
 * | `mcp_store_errors_total` | `operation` |
 * | `mcp_active_sessions` (gauge) | |
 *
 * @example
 * const metrics = new PrometheusMetrics({ defaultLabels: { service: 'weather' } });
 * const app = await createMcpApp({ name: 'weather', version: '1.0.0', providers: [WeatherTools], metrics });
 * await client.callTool('forecast', { city: 'Paris' });
 * await metrics.render(); // '... mcp_calls_total{kind="tool",name="forecast",status="success",service="weather"} 1 ...'
 */
export class PrometheusMetrics implements MetricsRecorder {
  readonly registry: Registry;
  private readonly calls: Counter<'kind' | 'name' | 'status'>;
  private readonly duration: Histogram<'kind' | 'name' | 'status'>;
  private readonly cacheHits: Counter<'name'>;
  private readonly cacheMisses: Counter<'name'>;
  private readonly rateLimits: Counter<'name'>;
  private readonly storeErrors: Counter<'operation'>;
  private readonly sessions: Gauge;
  /** Label-bound children, so a call costs a map lookup rather than hashing its labels twice. */
  private readonly callChildren = new Map<string, { count: { inc(): void }; time: { observe(value: number): void } }>();
  private processMetrics: boolean;

  constructor(options: PrometheusMetricsOptions = {}) {
    const prefix = options.prefix ?? 'mcp_';
    this.registry = options.registry ?? new Registry();
    if (options.defaultLabels) this.registry.setDefaultLabels(options.defaultLabels);
    const registers = [this.registry];
    this.processMetrics = options.processMetrics ?? true;
    this.calls = new Counter({
      name: `${prefix}calls_total`,
      help: 'Tool, resource and prompt calls, by outcome (success, error, or the error category).',
      labelNames: ['kind', 'name', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: `${prefix}call_duration_seconds`,
      help: 'Duration of tool, resource and prompt calls, policies included.',
      labelNames: ['kind', 'name', 'status'],
      buckets: options.durationBuckets ?? DEFAULT_BUCKETS,
      registers,
    });
    this.cacheHits = new Counter({ name: `${prefix}cache_hits_total`, help: 'Calls answered from the cache.', labelNames: ['name'], registers });
    this.cacheMisses = new Counter({ name: `${prefix}cache_misses_total`, help: 'Cacheable calls that ran the method.', labelNames: ['name'], registers });
    this.rateLimits = new Counter({ name: `${prefix}rate_limited_total`, help: 'Calls rejected by a rate limit.', labelNames: ['name'], registers });
    this.storeErrors = new Counter({
      name: `${prefix}store_errors_total`,
      help: 'Failed store operations (Redis unreachable or slow).',
      labelNames: ['operation'],
      registers,
    });
    this.sessions = new Gauge({ name: `${prefix}active_sessions`, help: 'Open MCP sessions (connections).', registers });
  }

  /** The `Content-Type` of `render()`'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric of the registry in the Prometheus text format. */
  async render(): Promise<string> {
    if (this.processMetrics) {
      // Started on the first scrape: prom-client's process collectors (a GC observer, an
      // event-loop monitor) cannot be stopped, so apps that are never scraped never start them.
      this.processMetrics = false;
      collectDefaultMetrics({ register: this.registry });
    }
    return this.registry.metrics();
  }

  callCompleted(kind: string, name: string, status: string, durationMs: number): void {
    const key = `${kind}\u0000${name}\u0000${status}`;
    let child = this.callChildren.get(key);
    if (!child) {
      child = { count: this.calls.labels(kind, name, status), time: this.duration.labels(kind, name, status) };
      this.callChildren.set(key, child);
    }
    child.count.inc();
    child.time.observe(durationMs / 1000);
  }

  cacheHit(name: string): void {
    this.cacheHits.inc({ name });
  }

  cacheMiss(name: string): void {
    this.cacheMisses.inc({ name });
  }

  rateLimited(name: string): void {
    this.rateLimits.inc({ name });
  }

  storeError(operation: string): void {
    this.storeErrors.inc({ operation });
  }

  sessionOpened(): void {
    this.sessions.inc();
  }

  sessionClosed(): void {
    this.sessions.dec();
  }
}

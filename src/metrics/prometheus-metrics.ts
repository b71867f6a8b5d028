import type { Metric, MetricObjectWithValues, MetricValueWithName, Registry } from 'prom-client';
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
  private readonly prefix: string;
  private readonly buckets: readonly number[];
  private readonly options: PrometheusMetricsOptions;
  /** Calls by `kind\0name\0status`: what the counter and the histogram export. */
  private readonly calls = new Map<string, CallTally>();
  private readonly cacheHits = new Map<string, number>();
  private readonly cacheMisses = new Map<string, number>();
  private readonly rateLimits = new Map<string, number>();
  private readonly storeErrors = new Map<string, number>();
  private sessions = 0;
  private built?: Registry;
  private processMetrics: boolean;

  constructor(options: PrometheusMetricsOptions = {}) {
    this.options = options;
    this.prefix = options.prefix ?? 'mcp_';
    this.buckets = [...(options.durationBuckets ?? DEFAULT_BUCKETS)].sort((a, b) => a - b);
    this.processMetrics = options.processMetrics ?? true;
    // A registry of the caller's may be read by the caller directly: the metrics must be in it now.
    if (options.registry) void this.registry;
  }

  /**
   * The prom-client registry holding the metrics (add your own to it). prom-client is loaded
   * here, on first use: calls are tallied by this recorder, and the registry reads the tallies
   * when it is scraped, so an app whose metrics nobody reads never loads prom-client.
   */
  get registry(): Registry {
    if (this.built) return this.built;
    const prom = require('prom-client') as typeof import('prom-client');
    const registry = this.options.registry ?? new prom.Registry();
    if (this.options.defaultLabels) registry.setDefaultLabels(this.options.defaultLabels);
    const p = this.prefix;
    const counter = (name: string, help: string, label: string, tallies: Map<string, number>): TallyMetric =>
      tallyMetric(
        name,
        help,
        'counter',
        () => [...tallies].map(([value, count]) => ({ labels: { [label]: value }, value: count })),
        () => tallies.clear(),
      );
    const metrics = [
      tallyMetric(
        `${p}calls_total`,
        'Tool, resource and prompt calls, by outcome (success, error, or the error category).',
        'counter',
        () => [...this.calls.values()].map((t) => ({ labels: { ...t.labels }, value: t.count })),
        () => this.calls.clear(),
      ),
      tallyMetric(
        `${p}call_duration_seconds`,
        'Duration of tool, resource and prompt calls, policies included.',
        'histogram',
        () => [...this.calls.values()].flatMap((t) => histogramValues(`${p}call_duration_seconds`, this.buckets, t)),
        () => this.calls.clear(),
      ),
      counter(`${p}cache_hits_total`, 'Calls answered from the cache.', 'name', this.cacheHits),
      counter(`${p}cache_misses_total`, 'Cacheable calls that ran the method.', 'name', this.cacheMisses),
      counter(`${p}rate_limited_total`, 'Calls rejected by a rate limit.', 'name', this.rateLimits),
      counter(`${p}store_errors_total`, 'Failed store operations (Redis unreachable or slow).', 'operation', this.storeErrors),
      tallyMetric(
        `${p}active_sessions`,
        'Open MCP sessions (connections).',
        'gauge',
        () => [{ labels: {}, value: this.sessions }],
        () => {
          this.sessions = 0;
        },
      ),
    ];
    for (const metric of metrics) registry.registerMetric(metric as unknown as Metric);
    this.built = registry;
    return registry;
  }

  /** The `Content-Type` of `render()`'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric of the registry in the Prometheus text format. */
  async render(): Promise<string> {
    const registry = this.registry;
    if (this.processMetrics) {
      // Started on the first scrape: prom-client's process collectors (a GC observer, an
      // event-loop monitor) cannot be stopped, so apps that are never scraped never start them.
      this.processMetrics = false;
      (require('prom-client') as typeof import('prom-client')).collectDefaultMetrics({ register: registry });
    }
    return registry.metrics();
  }

  /** Counts the call in `mcp_calls_total` and observes its duration (given in ms, exported in seconds). */
  callCompleted(kind: string, name: string, status: string, durationMs: number): void {
    const key = `${kind}\u0000${name}\u0000${status}`;
    let tally = this.calls.get(key);
    if (!tally) {
      tally = { labels: Object.freeze({ kind, name, status }), count: 0, observed: 0, sum: 0, buckets: new Array<number>(this.buckets.length).fill(0) };
      this.calls.set(key, tally);
    }
    tally.count++;
    const seconds = durationMs / 1000;
    // A duration that is not a number (a clock gone wrong) is counted as a call but not timed.
    if (!Number.isFinite(seconds)) return;
    tally.observed++;
    tally.sum += seconds;
    const bounds = this.buckets;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]) {
        tally.buckets[i]++;
        break;
      }
    }
  }

  /** Counts a hit in `mcp_cache_hits_total`. */
  cacheHit(name: string): void {
    bump(this.cacheHits, name);
  }

  /** Counts a miss in `mcp_cache_misses_total`. */
  cacheMiss(name: string): void {
    bump(this.cacheMisses, name);
  }

  /** Counts a refused call in `mcp_rate_limited_total`. */
  rateLimited(name: string): void {
    bump(this.rateLimits, name);
  }

  /** Counts a failed store operation in `mcp_store_errors_total`. */
  storeError(operation: string): void {
    bump(this.storeErrors, operation);
  }

  /** Raises the `mcp_active_sessions` gauge by one. */
  sessionOpened(): void {
    this.sessions++;
  }

  /** Lowers the `mcp_active_sessions` gauge by one. */
  sessionClosed(): void {
    this.sessions--;
  }
}

/** Calls of one `kind`/`name`/`status`: count, timed count, sum of durations (s), count per bucket (not cumulative). */
interface CallTally {
  readonly labels: Readonly<Record<'kind' | 'name' | 'status', string>>;
  count: number;
  observed: number;
  sum: number;
  readonly buckets: number[];
}

function bump(tallies: Map<string, number>, key: string): void {
  tallies.set(key, (tallies.get(key) ?? 0) + 1);
}

type Value = MetricValueWithName<string>;

/**
 * A metric as prom-client's registry reads it (`get()`, `reset()`), whose values are read from
 * the recorder's tallies at scrape time.
 */
interface TallyMetric {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly aggregator: 'sum';
  get(): Promise<MetricObjectWithValues<Value>>;
  reset(): void;
}

function tallyMetric(name: string, help: string, type: 'counter' | 'gauge' | 'histogram', values: () => Value[], reset: () => void): TallyMetric {
  return {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, values: values(), aggregator: 'sum' }) as unknown as MetricObjectWithValues<Value>,
    reset,
  };
}

/** The samples prom-client's histogram writes: cumulative buckets, `+Inf`, sum and count. */
function histogramValues(name: string, bounds: readonly number[], tally: CallTally): Value[] {
  const values: Value[] = [];
  let cumulative = 0;
  bounds.forEach((le, i) => {
    cumulative += tally.buckets[i];
    values.push({ labels: { le, ...tally.labels }, value: cumulative, metricName: `${name}_bucket` });
  });
  values.push(
    { labels: { le: '+Inf', ...tally.labels }, value: tally.observed, metricName: `${name}_bucket` },
    { labels: { ...tally.labels }, value: tally.sum, metricName: `${name}_sum` },
    { labels: { ...tally.labels }, value: tally.observed, metricName: `${name}_count` },
  );
  return values;
}

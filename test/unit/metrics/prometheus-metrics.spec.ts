import { NO_METRICS, PrometheusMetrics } from 'mcp-decorators';
import { Registry } from 'prom-client';
import { parseExposition, sampleValue } from '../../support/prometheus';

/** A recorder whose scrapes hold only the framework's metrics. */
const quiet = (options: ConstructorParameters<typeof PrometheusMetrics>[0] = {}): PrometheusMetrics =>
  new PrometheusMetrics({ processMetrics: false, ...options });

describe('PrometheusMetrics', () => {
  describe('calls', () => {
    it('counts calls by kind, name and status', async () => {
      const metrics = quiet();
      metrics.callCompleted('tool', 'forecast', 'success', 10);
      metrics.callCompleted('tool', 'forecast', 'success', 20);
      metrics.callCompleted('tool', 'forecast', 'rate_limit', 1);
      metrics.callCompleted('resource', 'forecast', 'success', 5);
      const text = await metrics.render();
      expect(sampleValue(text, 'mcp_calls_total', { kind: 'tool', name: 'forecast', status: 'success' })).toBe(2);
      expect(sampleValue(text, 'mcp_calls_total', { kind: 'tool', name: 'forecast', status: 'rate_limit' })).toBe(1);
      expect(sampleValue(text, 'mcp_calls_total', { kind: 'resource', name: 'forecast', status: 'success' })).toBe(1);
      expect(sampleValue(text, 'mcp_calls_total', { kind: 'prompt', name: 'forecast', status: 'success' })).toBe(0);
    });

    it('times calls in a histogram: cumulative buckets, +Inf, sum and count, in seconds', async () => {
      const metrics = quiet({ durationBuckets: [0.01, 0.1, 1] });
      const labels = { kind: 'tool', name: 'slow', status: 'success' };
      for (const ms of [5, 10, 50, 100, 500, 2_000]) metrics.callCompleted('tool', 'slow', 'success', ms);
      const text = await metrics.render();
      // A duration equal to a bound falls in that bucket (le: less than or equal).
      expect(sampleValue(text, 'mcp_call_duration_seconds_bucket', { ...labels, le: '0.01' })).toBe(2);
      expect(sampleValue(text, 'mcp_call_duration_seconds_bucket', { ...labels, le: '0.1' })).toBe(4);
      expect(sampleValue(text, 'mcp_call_duration_seconds_bucket', { ...labels, le: '1' })).toBe(5);
      expect(sampleValue(text, 'mcp_call_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(6);
      expect(sampleValue(text, 'mcp_call_duration_seconds_count', labels)).toBe(6);
      expect(sampleValue(text, 'mcp_call_duration_seconds_sum', labels)).toBeCloseTo(2.665, 10);
    });

    it('sorts the buckets it is given', async () => {
      const metrics = quiet({ durationBuckets: [1, 0.1, 0.5] });
      metrics.callCompleted('tool', 't', 'success', 300);
      const buckets = parseExposition(await metrics.render()).filter((s) => s.name === 'mcp_call_duration_seconds_bucket');
      expect(buckets.map((s) => [s.labels['le'], s.value])).toEqual([
        ['0.1', 0],
        ['0.5', 1],
        ['1', 1],
        ['+Inf', 1],
      ]);
    });

    it('uses the default buckets from 1 ms to 30 s', async () => {
      const metrics = quiet();
      metrics.callCompleted('tool', 't', 'success', 1);
      const bounds = parseExposition(await metrics.render())
        .filter((s) => s.name === 'mcp_call_duration_seconds_bucket')
        .map((s) => s.labels['le']);
      expect(bounds[0]).toBe('0.001');
      expect(bounds.at(-2)).toBe('30');
      expect(bounds.at(-1)).toBe('+Inf');
      const numeric = bounds.slice(0, -1).map(Number);
      expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
    });

    it('counts a call whose duration is not a number, without timing it', async () => {
      const metrics = quiet();
      const labels = { kind: 'tool', name: 't', status: 'error' };
      metrics.callCompleted('tool', 't', 'error', NaN);
      metrics.callCompleted('tool', 't', 'error', Infinity);
      metrics.callCompleted('tool', 't', 'error', 100);
      const text = await metrics.render();
      expect(sampleValue(text, 'mcp_calls_total', labels)).toBe(3);
      expect(sampleValue(text, 'mcp_call_duration_seconds_count', labels)).toBe(1);
      expect(sampleValue(text, 'mcp_call_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1);
      expect(sampleValue(text, 'mcp_call_duration_seconds_sum', labels)).toBeCloseTo(0.1, 10);
    });

    it('escapes label values it cannot print as they are', async () => {
      const metrics = quiet();
      const name = 'say "hi"\\\nnow';
      metrics.callCompleted('tool', name, 'success', 1);
      expect(sampleValue(await metrics.render(), 'mcp_calls_total', { name })).toBe(1);
    });
  });

  describe('cache, rate-limit, store and session metrics', () => {
    it('counts cache hits and misses, rate-limited calls and store errors by their label', async () => {
      const metrics = quiet();
      metrics.cacheHit('forecast');
      metrics.cacheHit('forecast');
      metrics.cacheMiss('forecast');
      metrics.cacheMiss('news');
      metrics.rateLimited('pay');
      metrics.storeError('get');
      metrics.storeError('get');
      metrics.storeError('consume');
      const text = await metrics.render();
      expect(sampleValue(text, 'mcp_cache_hits_total', { name: 'forecast' })).toBe(2);
      expect(sampleValue(text, 'mcp_cache_misses_total', { name: 'forecast' })).toBe(1);
      expect(sampleValue(text, 'mcp_cache_misses_total', { name: 'news' })).toBe(1);
      expect(sampleValue(text, 'mcp_rate_limited_total', { name: 'pay' })).toBe(1);
      expect(sampleValue(text, 'mcp_store_errors_total', { operation: 'get' })).toBe(2);
      expect(sampleValue(text, 'mcp_store_errors_total', { operation: 'consume' })).toBe(1);
      expect(sampleValue(text, 'mcp_cache_hits_total', { name: 'news' })).toBe(0);
    });

    it('the active sessions gauge goes up and down', async () => {
      const metrics = quiet();
      expect(sampleValue(await metrics.render(), 'mcp_active_sessions')).toBe(0);
      metrics.sessionOpened();
      metrics.sessionOpened();
      metrics.sessionOpened();
      metrics.sessionClosed();
      expect(sampleValue(await metrics.render(), 'mcp_active_sessions')).toBe(2);
    });

    it('declares each metric’s type and help', async () => {
      const text = await quiet().render();
      for (const [name, type] of [
        ['mcp_calls_total', 'counter'],
        ['mcp_call_duration_seconds', 'histogram'],
        ['mcp_cache_hits_total', 'counter'],
        ['mcp_cache_misses_total', 'counter'],
        ['mcp_rate_limited_total', 'counter'],
        ['mcp_store_errors_total', 'counter'],
        ['mcp_active_sessions', 'gauge'],
      ]) {
        expect(text).toContain(`# TYPE ${name} ${type}\n`);
        expect(text).toMatch(new RegExp(`# HELP ${name} \\S`));
      }
    });

    it('reads the tallies at each scrape: counts recorded after a scrape show in the next', async () => {
      const metrics = quiet();
      metrics.cacheHit('a');
      expect(sampleValue(await metrics.render(), 'mcp_cache_hits_total', { name: 'a' })).toBe(1);
      metrics.cacheHit('a');
      expect(sampleValue(await metrics.render(), 'mcp_cache_hits_total', { name: 'a' })).toBe(2);
    });

    it('resetting the registry clears the tallies', async () => {
      const metrics = quiet();
      metrics.callCompleted('tool', 't', 'success', 1);
      metrics.cacheHit('t');
      metrics.sessionOpened();
      metrics.registry.resetMetrics();
      const text = await metrics.render();
      expect(sampleValue(text, 'mcp_calls_total', { name: 't' })).toBe(0);
      expect(sampleValue(text, 'mcp_cache_hits_total', { name: 't' })).toBe(0);
      expect(sampleValue(text, 'mcp_active_sessions')).toBe(0);
    });
  });

  describe('options', () => {
    it('prefix renames the framework’s metrics', async () => {
      const metrics = quiet({ prefix: 'shop_' });
      metrics.callCompleted('tool', 't', 'success', 1);
      const names = new Set(parseExposition(await metrics.render()).map((s) => s.name));
      expect(names).toContain('shop_calls_total');
      expect(names).toContain('shop_active_sessions');
      expect([...names].filter((name) => name.startsWith('mcp_'))).toEqual([]);
    });

    it('defaultLabels are added to every sample', async () => {
      const metrics = quiet({ defaultLabels: { service: 'weather' } });
      metrics.callCompleted('tool', 'forecast', 'success', 1);
      metrics.storeError('get');
      const samples = parseExposition(await metrics.render());
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.filter((s) => s.labels['service'] !== 'weather')).toEqual([]);
      expect(sampleValue(await metrics.render(), 'mcp_calls_total', { name: 'forecast', service: 'weather' })).toBe(1);
    });

    it('a registry of the caller’s holds the metrics at once, beside the caller’s own', async () => {
      const registry = new Registry();
      const metrics = quiet({ registry });
      expect(metrics.registry).toBe(registry);
      expect(registry.getSingleMetric('mcp_calls_total')).toBeDefined();
      metrics.cacheMiss('x');
      expect(sampleValue(await registry.metrics(), 'mcp_cache_misses_total', { name: 'x' })).toBe(1);
    });

    it('every recorder has its own registry: two apps never mix their counts', async () => {
      const first = quiet();
      const second = quiet();
      first.cacheHit('a');
      expect(first.registry).not.toBe(second.registry);
      expect(sampleValue(await second.render(), 'mcp_cache_hits_total', { name: 'a' })).toBe(0);
      expect(sampleValue(await first.render(), 'mcp_cache_hits_total', { name: 'a' })).toBe(1);
    });

    it('processMetrics: false keeps the process metrics out', async () => {
      const names = parseExposition(await quiet().render()).map((s) => s.name);
      expect(names.filter((name) => name.startsWith('process_') || name.startsWith('nodejs_'))).toEqual([]);
    });

    it('process metrics are exported by default, from the first scrape on', async () => {
      const registry = new Registry();
      const metrics = new PrometheusMetrics({ registry });
      expect(registry.getSingleMetric('process_cpu_user_seconds_total')).toBeUndefined();
      const names = new Set(parseExposition(await metrics.render()).map((s) => s.name));
      expect(names).toContain('process_cpu_user_seconds_total');
      expect(names).toContain('mcp_active_sessions');
      // A second scrape does not register them again (prom-client would throw on a duplicate).
      await expect(metrics.render()).resolves.toContain('process_cpu_user_seconds_total');
    });

    it('contentType is the Prometheus text format’s', () => {
      expect(quiet().contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    });
  });

  it('NO_METRICS accepts every event and keeps nothing', () => {
    expect(Object.isFrozen(NO_METRICS)).toBe(true);
    expect(NO_METRICS.callCompleted('tool', 't', 'success', 1)).toBeUndefined();
    expect(NO_METRICS.sessionOpened()).toBeUndefined();
  });
});

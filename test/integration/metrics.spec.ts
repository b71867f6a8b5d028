import { IsInt } from 'class-validator';
import { ErrorCategory, NO_METRICS, PrometheusMetrics, Tool, ToolError, type McpApp } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../support/app-harness';
import { sampleValue } from '../support/prometheus';

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

@injectable()
class CountedTools {
  @Tool()
  add({ a, b }: AddInput): number {
    return a + b;
  }

  @Tool()
  refuse(): string {
    throw new ToolError('no', { category: ErrorCategory.AUTHORIZATION });
  }

  @Tool()
  crash(): string {
    throw new Error('boom');
  }
}

const quiet = { level: 'error' } as const;
const isolated = { env: {}, envFile: false } as const;

async function render(app: McpApp): Promise<string> {
  return (app.services.metrics as PrometheusMetrics).render();
}

describe('Prometheus metrics through a real SDK client', () => {
  const apps = useApps();

  it.each([['2026-07-28'], ['2025-11-25']])('counts every call once, by tool and status, with its duration (%s)', async (protocolVersion) => {
    const app = await apps.app({ name: 'm', version: '1.0.0', providers: [CountedTools], logger: quiet, configSource: isolated });
    expect(app.services.metrics).toBeInstanceOf(PrometheusMetrics);
    const client = await apps.client(app, { protocolVersion });
    for (let i = 0; i < 3; i++) await client.callTool('add', { a: i, b: 1 });
    await expect(client.callTool('add', { a: 'x', b: 1 })).rejects.toThrow(/a must be an integer/);
    for (let i = 0; i < 2; i++) await expect(client.callTool('refuse')).rejects.toThrow('no');
    await expect(client.callTool('crash')).rejects.toThrow(/Internal error/);
    await expect(client.sdk.callTool({ name: 'missing' })).rejects.toThrow(/Unknown tool/);

    const text = await render(app);
    const calls = (name: string, status: string): number => sampleValue(text, 'mcp_calls_total', { kind: 'tool', name, status });
    expect(calls('add', 'success')).toBe(3);
    expect(calls('add', 'validation')).toBe(1);
    expect(calls('refuse', 'authorization')).toBe(2);
    expect(calls('crash', 'system')).toBe(1);
    expect(sampleValue(text, 'mcp_calls_total', { name: 'missing' })).toBe(0);
    expect(sampleValue(text, 'mcp_call_duration_seconds_count', { kind: 'tool', name: 'add', status: 'success' })).toBe(3);
    expect(sampleValue(text, 'mcp_call_duration_seconds_bucket', { name: 'add', status: 'success', le: '+Inf' })).toBe(3);
    expect(sampleValue(text, 'mcp_active_sessions')).toBe(1);

    await client.callTool('add', { a: 1, b: 1 });
    expect(sampleValue(await render(app), 'mcp_calls_total', { name: 'add', status: 'success' })).toBe(4);
    await client.close();
    expect(sampleValue(await render(app), 'mcp_active_sessions')).toBe(0);
  });

  it('keeps one registry per app: another app’s calls never show', async () => {
    const first = await apps.app({ name: 'a', version: '1.0.0', providers: [CountedTools], logger: quiet, configSource: isolated });
    const second = await apps.app({ name: 'b', version: '1.0.0', providers: [CountedTools], logger: quiet, configSource: isolated });
    const client = await apps.client(first);
    await client.callTool('add', { a: 1, b: 2 });
    expect(sampleValue(await render(first), 'mcp_calls_total', { name: 'add' })).toBe(1);
    expect(sampleValue(await render(second), 'mcp_calls_total', { name: 'add' })).toBe(0);
  });

  it('exports process metrics into the app’s registry', async () => {
    const app = await apps.app({ name: 'p', version: '1.0.0', providers: [CountedTools], logger: quiet, configSource: isolated });
    // Process metrics start on the first scrape and count CPU from there: spend some, then read again.
    await render(app);
    const until = process.cpuUsage().user + 20_000;
    while (process.cpuUsage().user < until) JSON.stringify({ busy: true });
    const text = await render(app);
    expect(sampleValue(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('records nothing with MCP_METRICS=false', async () => {
    const app = await apps.app({
      name: 'off',
      version: '1.0.0',
      providers: [CountedTools],
      logger: quiet,
      configSource: { env: { MCP_METRICS: 'false' }, envFile: false },
    });
    expect(app.services.metrics).toBe(NO_METRICS);
  });
});

describe('PrometheusMetrics recorder', () => {
  it('counts cache, rate-limit, store and session events exactly', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false, defaultLabels: { service: 'unit' } });
    metrics.cacheHit('weather');
    metrics.cacheHit('weather');
    metrics.cacheMiss('weather');
    metrics.rateLimited('add');
    metrics.storeError('get');
    metrics.storeError('get');
    metrics.storeError('consume');
    metrics.sessionOpened();
    metrics.sessionOpened();
    metrics.sessionClosed();
    const text = await metrics.render();
    expect(sampleValue(text, 'mcp_cache_hits_total', { name: 'weather', service: 'unit' })).toBe(2);
    expect(sampleValue(text, 'mcp_cache_misses_total', { name: 'weather' })).toBe(1);
    expect(sampleValue(text, 'mcp_rate_limited_total', { name: 'add' })).toBe(1);
    expect(sampleValue(text, 'mcp_store_errors_total', { operation: 'get' })).toBe(2);
    expect(sampleValue(text, 'mcp_store_errors_total', { operation: 'consume' })).toBe(1);
    expect(sampleValue(text, 'mcp_active_sessions')).toBe(1);
    expect(text).not.toContain('process_cpu');
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('puts durations in the right buckets, in seconds', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false, durationBuckets: [0.01, 0.1] });
    metrics.callCompleted('tool', 'slow', 'success', 50);
    metrics.callCompleted('tool', 'slow', 'success', 5);
    const text = await metrics.render();
    expect(sampleValue(text, 'mcp_call_duration_seconds_bucket', { name: 'slow', le: '0.01' })).toBe(1);
    expect(sampleValue(text, 'mcp_call_duration_seconds_bucket', { name: 'slow', le: '0.1' })).toBe(2);
    expect(sampleValue(text, 'mcp_call_duration_seconds_sum', { name: 'slow' })).toBeCloseTo(0.055, 10);
  });
});

import { context, metrics, propagation, ProxyTracerProvider, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { type Histogram as HistogramPoint, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { IsString } from 'class-validator';
import {
  Cached,
  ErrorCategory,
  Fallback,
  type McpAppOptions,
  NotFoundError,
  POLICY_EVENT,
  Prompt,
  RateLimited,
  Resource,
  type TestClient,
  Tool,
  ToolError,
  TracingInterceptor,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';
import { captureLogger } from '../../support/capture-logger';

/*
 * OpenTelemetry spans and the duration histogram, recorded by the SDK's in-memory exporter and
 * a pull metric reader, for calls made by a real SDK client.
 */

class CityInput {
  @IsString() city!: string;
}

class TopicInput {
  @IsString() topic!: string;
}

/** A pull reader: metrics are read when the test collects them. */
class TestReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let primaryUp = true;

@injectable()
class WeatherTools {
  @Tool()
  weather({ city }: CityInput): string {
    // A span of the method's own: its parent must be the call's span.
    trace.getTracer('weather-client').startSpan('fetch weather').end();
    return `sunny in ${city}`;
  }

  @Tool()
  failing({ city }: CityInput): string {
    throw new ToolError(`no station in ${city}`, { category: ErrorCategory.EXTERNAL_API });
  }

  @Tool()
  @Cached({ ttlMs: 60_000 })
  cachedWeather({ city }: CityInput): string {
    return `cached ${city}`;
  }

  @Tool()
  @RateLimited({ limit: 1, windowMs: 60_000 })
  limited(): string {
    return 'ok';
  }

  @Tool()
  @Fallback({ default: 'no data' })
  degraded(): string {
    if (!primaryUp) throw new Error('upstream down');
    return 'data';
  }

  @Resource('stations://{id}', { mimeType: 'text/plain' })
  station({ id }: { id: string }): string {
    if (id === 'missing') throw new NotFoundError(`no station ${id}`);
    if (id === 'broken') throw new TypeError('bug');
    return `station ${id}`;
  }

  @Prompt()
  forecast({ topic }: TopicInput): string {
    return `Write a forecast about ${topic}`;
  }
}

const base = { name: 'weather', version: '1.0.0', providers: [WeatherTools], configSource: { env: {}, envFile: false as const } };
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`;

describe('tracing', () => {
  let exporter: InMemorySpanExporter;
  let tracerProvider: BasicTracerProvider;
  let reader: TestReader;
  let meterProvider: MeterProvider;
  let client: TestClient;
  // Declared before the afterEach below: the apps close before the global providers go.
  const apps = useApps();

  async function start(options: Partial<McpAppOptions> = {}): Promise<void> {
    ({ client } = await apps.start({ ...base, logger: captureLogger('error').logger, ...options }));
  }

  const mcpSpans = (): ReadableSpan[] => exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
  const only = (): ReadableSpan => {
    const spans = mcpSpans();
    expect(spans).toHaveLength(1);
    return spans[0]!;
  };

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });

  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  beforeEach(() => {
    primaryUp = true;
    exporter = new InMemorySpanExporter();
    tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    reader = new TestReader();
    meterProvider = new MeterProvider({ readers: [reader] });
  });

  afterEach(() => {
    trace.disable();
    metrics.disable();
  });

  describe('with providers given to createMcpApp', () => {
    beforeEach(() => start({ telemetry: { tracerProvider, meterProvider } }));

    it('records a tool call as a SERVER span named "tools/call {tool}" with the MCP attributes', async () => {
      await client.callTool('weather', { city: 'Oslo' });
      const span = only();
      expect(span.name).toBe('tools/call weather');
      expect(span.kind).toBe(SpanKind.SERVER);
      expect(span.attributes).toEqual({
        'mcp.method.name': 'tools/call',
        'mcp.protocol.version': '2026-07-28',
        'gen_ai.tool.name': 'weather',
        'gen_ai.operation.name': 'execute_tool',
        'jsonrpc.request.id': expect.stringMatching(/^\d+$/),
      });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.parentSpanContext).toBeUndefined();
    });

    it('records a resource read as "resources/read" with its URI, and a prompt as "prompts/get {prompt}"', async () => {
      await client.readResource('stations://12');
      await client.getPrompt('forecast', { topic: 'rain' });
      const [read, prompt] = mcpSpans();
      expect(read!.name).toBe('resources/read');
      expect(read!.attributes).toMatchObject({ 'mcp.method.name': 'resources/read', 'mcp.resource.uri': 'stations://12' });
      expect(read!.attributes['gen_ai.operation.name']).toBeUndefined();
      expect(prompt!.name).toBe('prompts/get forecast');
      expect(prompt!.attributes).toMatchObject({ 'mcp.method.name': 'prompts/get', 'gen_ai.prompt.name': 'forecast' });
    });

    it('takes the parent from the traceparent in the request _meta', async () => {
      await client.sdk.callTool({ name: 'weather', arguments: { city: 'Oslo' }, _meta: { traceparent: TRACEPARENT } });
      const span = only();
      expect(span.spanContext().traceId).toBe(TRACE_ID);
      expect(span.parentSpanContext).toMatchObject({ traceId: TRACE_ID, spanId: PARENT_SPAN_ID, isRemote: true });
    });

    it('ignores a malformed traceparent: the span starts a trace of its own', async () => {
      await client.sdk.callTool({ name: 'weather', arguments: { city: 'Oslo' }, _meta: { traceparent: 'not-a-traceparent' } });
      const span = only();
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(TRACE_ID);
    });

    it('marks a failed tool call: error.type tool_error and an ERROR status with the message', async () => {
      const result = await client.callToolRaw('failing', { city: 'Oslo' });
      expect(result.isError).toBe(true);
      const span = only();
      expect(span.attributes['error.type']).toBe('tool_error');
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no station in Oslo' });
    });

    it('marks invalid arguments as a failed call too (the span covers validation)', async () => {
      await client.callToolRaw('weather', { city: 3 });
      expect(only().status.code).toBe(SpanStatusCode.ERROR);
    });

    it('marks failed reads with the JSON-RPC code, and records unexpected exceptions without exposing them as the status', async () => {
      await expect(client.readResource('stations://missing')).rejects.toThrow(/no station missing/);
      await expect(client.readResource('stations://broken')).rejects.toThrow(/Internal error/);
      const [missing, broken] = mcpSpans();
      expect(missing!.attributes).toMatchObject({ 'error.type': '-32602', 'rpc.response.status_code': '-32602' });
      expect(missing!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no station missing' });
      expect(broken!.attributes).toMatchObject({ 'error.type': '-32603' });
      expect(broken!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'TypeError' });
      expect(broken!.events.map((event) => event.name)).toEqual(['exception']);
    });

    it('adds policy outcomes as span events: cache hit, rate limited, fallback served', async () => {
      await client.callTool('cachedWeather', { city: 'Oslo' });
      await client.callTool('cachedWeather', { city: 'Oslo' });
      await client.callTool('limited');
      await client.callToolRaw('limited');
      primaryUp = false;
      expect(await client.callTool('degraded')).toBe('no data');
      const events = mcpSpans().map((span) => span.events.map((event) => [event.name, event.attributes]));
      expect(events).toEqual([
        [],
        [[POLICY_EVENT.cacheHit, {}]],
        [],
        [[POLICY_EVENT.rateLimited, { scope: 'handler' }]],
        [[POLICY_EVENT.fallbackServed, { source: 'default' }]],
      ]);
      expect(mcpSpans()[4]!.attributes['mcp_decorators.degraded']).toBe('default');
    });

    it('records mcp.server.operation.duration in seconds, by method, target and error type', async () => {
      await client.callTool('weather', { city: 'Oslo' });
      await client.callTool('weather', { city: 'Bergen' });
      await client.callToolRaw('failing', { city: 'Oslo' });
      const { resourceMetrics } = await reader.collect();
      const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === 'mcp.server.operation.duration');
      expect(metric?.descriptor.unit).toBe('s');
      const points = metric!.dataPoints.map((point) => ({
        attributes: point.attributes,
        count: (point.value as HistogramPoint).count,
        sum: (point.value as HistogramPoint).sum,
      }));
      expect(points).toEqual([
        {
          attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'weather', 'gen_ai.operation.name': 'execute_tool' },
          count: 2,
          sum: expect.any(Number),
        },
        {
          attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'failing', 'gen_ai.operation.name': 'execute_tool', 'error.type': 'tool_error' },
          count: 1,
          sum: expect.any(Number),
        },
      ]);
      // Seconds, not milliseconds: an in-process call takes far less than one second.
      expect(points[0]!.sum).toBeLessThan(1);
    });
  });

  describe('with providers registered globally (as the OpenTelemetry Node SDK does)', () => {
    it("traces without any option, and the method's own spans are children of the call's span", async () => {
      trace.setGlobalTracerProvider(tracerProvider);
      await start();
      await client.callTool('weather', { city: 'Oslo' });
      const call = only();
      const child = exporter.getFinishedSpans().find((span) => span.name === 'fetch weather');
      expect(child?.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
      expect(child?.spanContext().traceId).toBe(call.spanContext().traceId);
    });

    it('telemetry: false turns it off', async () => {
      trace.setGlobalTracerProvider(tracerProvider);
      await start({ telemetry: false });
      await client.callTool('weather', { city: 'Oslo' });
      expect(mcpSpans()).toEqual([]);
    });
  });

  describe('without any provider', () => {
    it('leaves the tracing interceptor out of the pipeline: no span, no context, no extraction per call', async () => {
      const intercept = jest.spyOn(TracingInterceptor.prototype, 'intercept');
      const getTracer = jest.spyOn(ProxyTracerProvider.prototype, 'getTracer');
      const withContext = jest.spyOn(context, 'with');
      const extract = jest.spyOn(propagation, 'extract');
      try {
        await start();
        await client.callTool('weather', { city: 'Oslo' });
        await client.sdk.callTool({ name: 'weather', arguments: { city: 'Oslo' }, _meta: { traceparent: TRACEPARENT } });
        await client.readResource('stations://1');
        // The method's own getTracer call is the only one: the framework asked for no tracer.
        expect(getTracer.mock.calls.map(([name]) => name)).toEqual(['weather-client', 'weather-client']);
        expect(intercept).not.toHaveBeenCalled();
        expect(withContext).not.toHaveBeenCalled();
        expect(extract).not.toHaveBeenCalled();
        expect(exporter.getFinishedSpans()).toEqual([]);
      } finally {
        jest.restoreAllMocks();
      }
    });
  });
});

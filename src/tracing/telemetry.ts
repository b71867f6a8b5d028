import { createNoopMeter, metrics, ProxyTracerProvider, trace, type Histogram, type MeterProvider, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { DURATION_BUCKETS_SECONDS, METRIC_SERVER_OPERATION_DURATION } from './semconv';

/**
 * Where `createMcpApp` sends OpenTelemetry spans and the duration histogram. By default, to
 * the providers registered globally (the OpenTelemetry Node SDK's `start()` registers them)
 * when the app is created; `false` turns both off.
 *
 * @example
 * const app = await createMcpApp({ name: 'api', version: '1.0.0', providers, telemetry: { tracerProvider } });
 */
export interface TelemetryOptions {
  /** Spans go there instead of the global tracer provider. */
  readonly tracerProvider?: TracerProvider;
  /** `mcp.server.operation.duration` goes there instead of the global meter provider. */
  readonly meterProvider?: MeterProvider;
}

/** The instruments an app records calls with; absent parts record nothing. */
export interface Telemetry {
  readonly tracer: Tracer | undefined;
  readonly duration: Histogram | undefined;
}

/** The instrumentation scope of our spans and metrics. */
const SCOPE = 'mcp-decorators';

// What the API hands out while no SDK is registered: a proxy delegating to this no-op provider,
// and no-op meters. Compared by identity and class, so the check allocates nothing.
const NOOP_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();
const NoopMeter = createNoopMeter().constructor;

/** True when an SDK registered a tracer provider globally. */
export function hasGlobalTracerProvider(): boolean {
  const provider = trace.getTracerProvider();
  // Another copy of the API would fail `instanceof`: then assume a provider is there.
  return !(provider instanceof ProxyTracerProvider && provider.getDelegate() === NOOP_TRACER_PROVIDER);
}

/** True when an SDK registered a meter provider globally. */
export function hasGlobalMeterProvider(): boolean {
  return !(metrics.getMeterProvider().getMeter(SCOPE) instanceof NoopMeter);
}

/**
 * The app's instruments, or undefined when there is nowhere to send anything: then the
 * tracing step is left out of every pipeline and calls pay nothing for it.
 */
export function resolveTelemetry(options: TelemetryOptions | false | undefined): Telemetry | undefined {
  if (options === false) return undefined;
  const tracerProvider = options?.tracerProvider ?? (hasGlobalTracerProvider() ? trace.getTracerProvider() : undefined);
  const meterProvider = options?.meterProvider ?? (hasGlobalMeterProvider() ? metrics.getMeterProvider() : undefined);
  if (tracerProvider === undefined && meterProvider === undefined) return undefined;
  return Object.freeze({
    tracer: tracerProvider?.getTracer(SCOPE),
    duration: meterProvider?.getMeter(SCOPE).createHistogram(METRIC_SERVER_OPERATION_DURATION, {
      unit: 's',
      description: 'MCP request duration as observed on the server, from receipt until the result is ready.',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
    }),
  });
}

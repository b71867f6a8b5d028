import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { hasGlobalMeterProvider, hasGlobalTracerProvider, resolveTelemetry } from '../../../src/tracing/telemetry';

describe('resolveTelemetry', () => {
  afterEach(() => {
    trace.disable();
    metrics.disable();
  });

  it('is undefined when no provider is registered nor given: the app traces nothing', () => {
    expect(hasGlobalTracerProvider()).toBe(false);
    expect(hasGlobalMeterProvider()).toBe(false);
    expect(resolveTelemetry(undefined)).toBeUndefined();
    expect(resolveTelemetry({})).toBeUndefined();
  });

  it('uses the globally registered tracer provider', () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    expect(hasGlobalTracerProvider()).toBe(true);
    const telemetry = resolveTelemetry(undefined);
    expect(telemetry?.tracer).toBeDefined();
    expect(telemetry?.duration).toBeUndefined();
  });

  it('uses the globally registered meter provider', () => {
    metrics.setGlobalMeterProvider(new MeterProvider());
    expect(hasGlobalMeterProvider()).toBe(true);
    const telemetry = resolveTelemetry(undefined);
    expect(telemetry?.tracer).toBeUndefined();
    expect(telemetry?.duration).toBeDefined();
  });

  it('prefers the providers given, and false turns everything off even with global ones', () => {
    const tracerProvider = new BasicTracerProvider();
    const getTracer = jest.spyOn(tracerProvider, 'getTracer');
    expect(resolveTelemetry({ tracerProvider })?.tracer).toBeDefined();
    expect(getTracer).toHaveBeenCalledWith('mcp-decorators');
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    expect(resolveTelemetry(false)).toBeUndefined();
  });
});

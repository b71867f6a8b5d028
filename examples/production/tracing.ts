/**
 * OpenTelemetry tracing for the production example, on only when OTEL_EXPORTER_OTLP_ENDPOINT is
 * set (the standard variable; e.g. http://jaeger:4318): spans go there over OTLP/HTTP, named by
 * OTEL_SERVICE_NAME (default `notes`). Called before createMcpApp, which finds the provider
 * registered globally and traces every call; nothing is loaded when the variable is unset.
 *
 * The SDK packages are the application's choice, not the library's (which depends on
 * `@opentelemetry/api` only): here `@opentelemetry/sdk-trace-node`, `@opentelemetry/resources`
 * and `@opentelemetry/exporter-trace-otlp-http`. `@opentelemetry/sdk-node` does the same and more.
 *
 * @example
 * const stopTracing = await startTracing();
 * const app = await createMcpApp({ ... });
 * if (stopTracing) app.onClose(stopTracing);
 */
export async function startTracing(): Promise<(() => Promise<void>) | undefined> {
  if (!process.env['OTEL_EXPORTER_OTLP_ENDPOINT']) return undefined;
  const { BatchSpanProcessor, NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env['OTEL_SERVICE_NAME'] ?? 'notes' }),
    // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS) itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Also registers the W3C trace-context propagator (the parent in a request's `_meta`) and the
  // AsyncLocalStorage context manager (the call's span stays active across awaits).
  provider.register();
  // Flushes the spans still buffered when the app closes.
  return () => provider.shutdown();
}

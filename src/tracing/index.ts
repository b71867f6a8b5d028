/* The public names of tracing/: OpenTelemetry. */
export { POLICY_EVENT } from './policy-event';
export type { TelemetryOptions } from './telemetry';
export { TracingInterceptor } from './tracing.interceptor';

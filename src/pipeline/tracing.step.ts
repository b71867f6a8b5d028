import { TracingInterceptor } from '../tracing/tracing.interceptor';
import { interceptorChain } from './interceptor-chain';
import type { StepFactory } from './invocation';

/**
 * OpenTelemetry spans and the duration histogram, through the `TracingInterceptor`. Absent when
 * the app has no tracer or meter provider, so that untraced calls pay nothing for it.
 */
export const tracingStep: StepFactory = (_definition, services) => {
  const { telemetry } = services;
  return telemetry === undefined ? undefined : interceptorChain([new TracingInterceptor(telemetry)]);
};

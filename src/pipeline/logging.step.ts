import { performance } from 'node:perf_hooks';
import { POLICY } from '../constants';
import { InputRequiredSignal } from '../context/input-rounds';
import { ErrorSeverity } from '../errors/tool-error';
import type { LogLevel } from '../logging/logger';
import { buildRedactor } from '../logging/redaction';
import { policyOf } from '../metadata/policy.types';
import { describeFailure, ERROR_META } from '../protocol/error-mapper';
import { degradedInfo, isErrorResult } from '../protocol/result-meta';
import type { McpCall, McpInterceptor } from './interceptor';
import { interceptorChain } from './interceptor-chain';
import type { StepFactory } from './invocation';

/**
 * `event` of the log line of a call that answered (tools, resources and prompts alike).
 *
 * @example
 * const executed = lines.filter((line) => JSON.parse(line).event === EVENT_EXECUTED);
 */
export const EVENT_EXECUTED = 'tool_executed';

/**
 * `event` of the log line of a call that failed or was rejected (invalid, rate-limited, timed out...).
 *
 * @example
 * const failures = lines.map((line) => JSON.parse(line)).filter((entry) => entry.event === EVENT_FAILED);
 */
export const EVENT_FAILED = 'tool_execution_failed';
/** Logged when a 2026-07-28 call pauses to ask the client (elicitation, sampling) until the next round. */
export const EVENT_INPUT_REQUIRED = 'tool_execution_input_required';

/**
 * Times every call and records its outcome, once, in the metrics and in one JSON log line.
 * Outside every step but tracing, it sees the calls the inner steps reject (invalid arguments,
 * rate limit, timeout) as well as those that run. Written on the public interceptor contract.
 *
 * Calls are logged at `debug`; `@Logged` raises successful calls to its level (default `info`)
 * and may add the redacted arguments. Failures are logged at `warn`, or `error` for high and
 * critical severities and unexpected errors.
 */
export const loggingStep: StepFactory = (definition, services) => {
  const { logger, metrics } = services;
  const { kind, name } = definition;
  const options = policyOf(definition.policies, POLICY.logged);
  const successLevel: LogLevel = options ? (options.level ?? 'info') : 'debug';
  const redact = options?.includeArgs ? buildRedactor(definition.dto, options.redact) : undefined;

  const baseFields = (call: McpCall, durationMs: number, status: string): Record<string, unknown> => ({
    kind,
    name,
    ...(call.uri !== undefined && { uri: call.uri }),
    status,
    durationMs,
    principal: call.principal,
    sessionId: call.context.sessionId ?? null,
    requestId: call.context.requestId,
    ...(redact && { args: redact(call.input) }),
  });

  const interceptor: McpInterceptor = {
    async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
      const started = performance.now();
      let result: unknown;
      try {
        result = await next();
      } catch (error) {
        const durationMs = elapsedSince(started);
        if (error instanceof InputRequiredSignal) {
          // One round of a 2026-07-28 call that asks the client: the call goes on in the next request.
          if (logger.isLevelEnabled('debug')) {
            logger.debug(EVENT_INPUT_REQUIRED, { event: EVENT_INPUT_REQUIRED, ...baseFields(call, durationMs, 'input_required') });
          }
          throw error;
        }
        const failure = describeFailure(error);
        metrics.callCompleted(kind, name, failure.category, durationMs);
        const level = failureLevel(failure.severity);
        if (logger.isLevelEnabled(level)) {
          logger.log(level, EVENT_FAILED, {
            event: EVENT_FAILED,
            ...baseFields(call, durationMs, 'error'),
            errorType: failure.errorType,
            category: failure.category,
            severity: failure.severity,
            ...(failure.message !== undefined && { errorMessage: failure.message }),
          });
        }
        throw error;
      }
      const durationMs = elapsedSince(started);
      if (isErrorResult(result)) {
        // A method may answer `isError` itself (`toolResult(..., { isError: true })`).
        const meta = (result as { _meta?: Record<string, { category?: string; severity?: string }> })._meta?.[ERROR_META];
        metrics.callCompleted(kind, name, meta?.category ?? 'error', durationMs);
        if (logger.isLevelEnabled('warn')) {
          logger.log('warn', EVENT_FAILED, {
            event: EVENT_FAILED,
            ...baseFields(call, durationMs, 'error'),
            errorType: 'ErrorResult',
            ...(meta?.category !== undefined && { category: meta.category }),
            ...(meta?.severity !== undefined && { severity: meta.severity }),
          });
        }
        return result;
      }
      metrics.callCompleted(kind, name, 'success', durationMs);
      if (logger.isLevelEnabled(successLevel)) {
        const degraded = degradedInfo(result);
        logger.log(successLevel, EVENT_EXECUTED, {
          event: EVENT_EXECUTED,
          ...baseFields(call, durationMs, 'success'),
          ...(degraded && { degraded: degraded.source }),
        });
      }
      return result;
    },
  };
  return interceptorChain([interceptor]);
};

function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 1_000) / 1_000;
}

function failureLevel(severity: ErrorSeverity): LogLevel {
  return severity === ErrorSeverity.HIGH || severity === ErrorSeverity.CRITICAL ? 'error' : 'warn';
}

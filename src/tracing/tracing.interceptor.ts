import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { InputRequiredSignal } from '../context/input-rounds';
import { ToolError } from '../errors/tool-error';
import type { McpCall, McpInterceptor } from '../pipeline/interceptor';
import { describeFailure, protocolErrorCode } from '../protocol/error-mapper';
import { degradedInfo, isErrorResult } from '../protocol/result-meta';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_RESOURCE_URI,
  ATTR_MCP_SESSION_ID,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ERROR_TYPE_TOOL_ERROR,
  MCP_METHOD,
  OPERATION_EXECUTE_TOOL,
} from './semconv';
import type { Telemetry } from './telemetry';

/** Reads string values of a request's `_meta` (SEP-414 puts `traceparent` and `tracestate` there). */
const META_GETTER: TextMapGetter<Readonly<Record<string, unknown>>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === 'string' ? value : undefined;
  },
};

const NO_META: Readonly<Record<string, unknown>> = Object.freeze({});

/** How a call ended, for the span and the duration histogram. */
interface Outcome {
  readonly errorType?: string;
  /** The JSON-RPC error code the client gets, when it gets one. */
  readonly rpcCode?: number;
  readonly message?: string;
}

/**
 * One SERVER span per `tools/call`, `resources/read` and `prompts/get`, after the OpenTelemetry
 * semantic conventions for MCP, and the `mcp.server.operation.duration` histogram. The parent
 * is the trace context the client put in the request's `_meta` (extracted with the globally
 * registered propagator), else the ambient one (an HTTP server span), which is then linked.
 * While the call runs its span is active, so the method's own spans are its children.
 *
 * Built by the app when a tracer or meter provider is there (see `TelemetryOptions`); it is
 * also an example of an interceptor written against the public contract.
 *
 * @example
 * // registered by createMcpApp itself; to record with other providers:
 * await createMcpApp({ name: 'api', version: '1.0.0', providers, telemetry: { tracerProvider, meterProvider } });
 */
export class TracingInterceptor implements McpInterceptor {
  /** @internal the app builds it when a provider is registered. */
  constructor(private readonly telemetry: Telemetry) {}

  /** Runs the call inside its span, then ends the span with the outcome and records the duration in seconds. */
  async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    const { tracer, duration } = this.telemetry;
    const started = performance.now();
    const method = MCP_METHOD[call.kind];
    const traced = tracer === undefined ? undefined : startSpan(tracer, call, method);
    const span = traced?.span;
    let outcome: Outcome = {};
    try {
      // The span is active below (with the baggage of `_meta`), so the method's spans are its children.
      const result = traced === undefined ? await next() : await context.with(trace.setSpan(traced.parent, traced.span), next);
      outcome = resultOutcome(result);
      if (span !== undefined) {
        const degraded = degradedInfo(result);
        if (degraded !== undefined) span.setAttribute('mcp_decorators.degraded', degraded.source);
      }
      return result;
    } catch (error) {
      if (error instanceof InputRequiredSignal) {
        // A 2026-07-28 round that asks the client: not a failure, the call goes on in the next request.
        span?.setAttribute('mcp_decorators.input_required', true);
        throw error;
      }
      outcome = failureOutcome(call.kind, error);
      if (span !== undefined && !(error instanceof ToolError) && !(error instanceof ProtocolError)) {
        span.recordException(error instanceof Error ? error : String(error));
      }
      throw error;
    } finally {
      if (span !== undefined) endSpan(span, outcome);
      if (duration !== undefined) {
        const attributes: Attributes = { [ATTR_MCP_METHOD_NAME]: method, ...targetAttributes(call) };
        if (outcome.errorType !== undefined) attributes[ATTR_ERROR_TYPE] = outcome.errorType;
        duration.record((performance.now() - started) / 1_000, attributes);
      }
    }
  }
}

function startSpan(tracer: Tracer, call: McpCall, method: string): { span: Span; parent: Context } {
  const ambient = context.active();
  const parent = propagation.extract(ambient, call.context.meta ?? NO_META, META_GETTER);
  const ambientSpan = trace.getSpanContext(ambient);
  // A parent from `_meta` replaces the ambient one (the transport's), which is kept as a link.
  const links: Link[] | undefined = parent !== ambient && ambientSpan !== undefined ? [{ context: ambientSpan }] : undefined;
  const attributes: Attributes = {
    [ATTR_MCP_METHOD_NAME]: method,
    [ATTR_JSONRPC_REQUEST_ID]: String(call.context.requestId),
    ...targetAttributes(call),
  };
  const sessionId = call.context.sessionId;
  if (sessionId !== undefined) attributes[ATTR_MCP_SESSION_ID] = sessionId;
  const protocolVersion = call.context.protocolVersion;
  if (protocolVersion !== undefined) attributes[ATTR_MCP_PROTOCOL_VERSION] = protocolVersion;
  if (call.kind === 'resource' && call.uri !== undefined) attributes[ATTR_MCP_RESOURCE_URI] = call.uri;
  // Resource URIs are not low-cardinality: a read's span is named by its method alone.
  const name = call.kind === 'resource' ? method : `${method} ${call.name}`;
  return { span: tracer.startSpan(name, { kind: SpanKind.SERVER, attributes, ...(links && { links }) }, parent), parent };
}

function targetAttributes(call: McpCall): Attributes {
  switch (call.kind) {
    case 'tool':
      return { [ATTR_GEN_AI_TOOL_NAME]: call.name, [ATTR_GEN_AI_OPERATION_NAME]: OPERATION_EXECUTE_TOOL };
    case 'prompt':
      return { [ATTR_GEN_AI_PROMPT_NAME]: call.name };
    case 'resource':
      return {};
  }
}

function resultOutcome(result: unknown): Outcome {
  if (!isErrorResult(result)) return {};
  const content = (result as { content?: Array<{ type?: string; text?: string }> }).content;
  const text = content?.find((block) => block.type === 'text')?.text;
  return { errorType: ERROR_TYPE_TOOL_ERROR, ...(text !== undefined && { message: text }) };
}

/**
 * How a thrown failure reaches the client: a tool's becomes an `isError` result (`tool_error`),
 * except the URL elicitation error; a resource's or prompt's a JSON-RPC error (its code).
 */
function failureOutcome(kind: McpCall['kind'], error: unknown): Outcome {
  const failure = describeFailure(error);
  // Unexpected errors reach the client masked; the span keeps the class, not the message.
  const message = failure.message ?? (error instanceof ProtocolError ? error.message : failure.errorType);
  if (kind === 'tool' && !(error instanceof ProtocolError && error.code === (ProtocolErrorCode.UrlElicitationRequired as number))) {
    return { errorType: ERROR_TYPE_TOOL_ERROR, message };
  }
  const rpcCode = protocolErrorCode(error);
  return { errorType: String(rpcCode), rpcCode, message };
}

function endSpan(span: Span, outcome: Outcome): void {
  if (outcome.errorType !== undefined) {
    span.setAttribute(ATTR_ERROR_TYPE, outcome.errorType);
    if (outcome.rpcCode !== undefined) span.setAttribute(ATTR_RPC_RESPONSE_STATUS_CODE, String(outcome.rpcCode));
    span.setStatus({ code: SpanStatusCode.ERROR, ...(outcome.message !== undefined && { message: outcome.message }) });
  }
  span.end();
}

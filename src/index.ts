import 'reflect-metadata';

/*
 * The public API. Internal modules never import this file.
 */
export { CacheService } from './cache/cache.service';
export { createMcpApp, type McpAppOptions } from './app/create-mcp-app';
export { McpApp, type ConnectOptions, type ListenOptions, type StdioListenOptions } from './app/mcp-app';
export type { AppServices } from './app/app-services';
export type { Readiness } from './app/readiness';
export type { ListenShutdownOptions, ShutdownHookOptions, ShutdownOptions, ShutdownResult } from './app/shutdown';
export type { AuthOptions } from './auth/auth-options';
export { InvalidTokenError, jwtVerifier, type JwtVerifierOptions, type TokenVerifier } from './auth/jwt-verifier';
export { ConfigError, type ConfigOrigin, type ConfigProblem } from './config/config-error';
export { loadConfig, redactConfig, type ConfigSource } from './config/config-loader';
export { Env } from './config/env.decorator';
export { McpConfig } from './config/mcp-config';
export { TOKENS } from './constants';
export {
  ToolContext,
  type ClientRequestOptions,
  type ContextLogger,
  type SampleOptions,
  type SampleResult,
  type UrlElicitation,
} from './context/tool-context';
/**
 * Thrown by a tool that cannot proceed before the user visits URLs: the client receives JSON-RPC
 * error -32042 with the URL elicitations, shows them, then retries.
 * @example
 * throw new UrlElicitationRequiredError([{ mode: 'url', message: 'Authorize', url, elicitationId: randomUUID() }]);
 */
export { UrlElicitationRequiredError } from '@modelcontextprotocol/server';
export type {
  BooleanField,
  ElicitationField,
  ElicitationOutcome,
  ElicitationSchema,
  ElicitedContent,
  ElicitedValue,
  MultiSelectField,
  NumberField,
  SingleSelectField,
  StringField,
  TitledMultiSelectField,
  TitledSingleSelectField,
} from './context/elicitation';
export { Tool } from './decorators/tool.decorator';
export { Description } from './decorators/description.decorator';
export { Public } from './decorators/public.decorator';
export { Route } from './decorators/route.decorator';
export { RouteResponse, type RouteDefinition, type RouteHandler, type RouteOptions, type RouteRequest } from './routes/route.types';
export { RequireScopes } from './decorators/require-scopes.decorator';
export { Resource } from './decorators/resource.decorator';
export { Prompt } from './decorators/prompt.decorator';
export { Cached } from './decorators/cached.decorator';
export { InvalidatesCache } from './decorators/invalidates-cache.decorator';
export { Fallback } from './decorators/fallback.decorator';
export { Logged } from './decorators/logged.decorator';
export { RateLimited } from './decorators/rate-limited.decorator';
export { Sensitive } from './decorators/sensitive.decorator';
export { Timeout } from './decorators/timeout.decorator';
export { SetMetadata } from './decorators/set-metadata.decorator';
export { UseInterceptors } from './decorators/use-interceptors.decorator';
export type { InterceptorClass, McpCall, McpInterceptor, ProtocolEra } from './pipeline/interceptor';
export { POLICY_EVENT } from './tracing/policy-event';
export type { TelemetryOptions } from './tracing/telemetry';
export { TracingInterceptor } from './tracing/tracing.interceptor';
export {
  ErrorCategory,
  ErrorSeverity,
  McpDefinitionError,
  McpToolError,
  NotFoundError,
  ToolError,
  type ToolErrorOptions,
} from './errors/tool-error';
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from './logging/logger';
export { DEFAULT_REDACTED_NAMES, REDACTED } from './logging/redaction';
export type { Class, CompleteFn, EnvOptions, EnvScalarType, PromptOptions, ResourceOptions, ToolOptions } from './metadata/metadata.types';
export type { AccessPolicy, CachedOptions, FailMode, FallbackDefault, FallbackOptions, LoggedOptions, PolicyKeyFn, PolicyScope, RateLimitedOptions } from './metadata/policy.types';
export type { RawInputSchema } from './metadata/metadata.types';
export { NO_METRICS, type MetricsRecorder } from './metrics/metrics-recorder';
export { PrometheusMetrics, type PrometheusMetricsOptions } from './metrics/prometheus-metrics';
export { ERROR_META } from './protocol/error-mapper';
export { DEGRADED_META, STALE_NOTE, type DegradedInfo } from './protocol/result-meta';
export { EVENT_EXECUTED, EVENT_FAILED } from './pipeline/logging.step';
export type { Invocation, Next, Step } from './pipeline/invocation';
export { buildInputSchema, type JsonSchemaObject } from './dto/schema';
export { DEFAULT_INPUT_LIMITS, type InputLimits } from './dto/input-limits';
export {
  assistantMessage,
  audio,
  embeddedResource,
  image,
  resourceLink,
  text,
  toolResult,
  userMessage,
  type ContentBlock,
} from './protocol/content';
export { EscapeHtml } from './sanitizers/escape-html.decorator';
export { NoScriptContent } from './sanitizers/no-script-content.decorator';
export { SafePath } from './sanitizers/safe-path.decorator';
export { SECURE_INPUT_MAX_LENGTH, SecureInput } from './sanitizers/secure-input';
export { StringDefaults, type StringDefaultsOptions } from './sanitizers/string-defaults.decorator';
export { StripHtml } from './sanitizers/strip-html.decorator';
export { Trim } from './sanitizers/trim.decorator';
export { MemoryStore, type MemoryStoreOptions } from './stores/memory.store';
export { RedisEventStore, type RedisEventStoreOptions } from './stores/redis-event-store';
export { RedisStore, type RedisStoreOptions, type StoreConnectionState } from './stores/redis.store';
export { StoreUnavailableError } from './stores/store-errors';
export type { AppRedisOptions } from './stores/store-factory';
export { systemClock, type Clock, type RateDecision, type Store } from './stores/store';
export { ManualClock } from './testing/manual-clock';
export type { HealthStatus } from './transports/http/health.route';
export { HTTP_DEFAULTS, type HttpListenOptions } from './transports/http/http-options';
// A type only: the HTTP stack is loaded when an app listens on HTTP, not by importing the package.
export type { McpHttpServer } from './transports/http/http-server';
export { MemoryEventStore, type MemoryEventStoreOptions } from './stores/memory-event-store';
export type { EventStore } from '@modelcontextprotocol/server';
export { createTestClient, TestClient, ToolCallError, type TestClientOptions } from './testing/test-client';

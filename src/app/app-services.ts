import type { DependencyContainer } from 'tsyringe';
import type { ResolvedAuth } from '../auth/auth-options';
import type { CacheService } from '../cache/cache.service';
import type { McpConfig } from '../config/mcp-config';
import type { InputLimits } from '../dto/input-limits';
import type { Logger } from '../logging/logger';
import type { RateLimitedOptions } from '../metadata/policy.types';
import type { MetricsRecorder } from '../metrics/metrics-recorder';
import type { InterceptorClass } from '../pipeline/interceptor';
import type { Clock, Store } from '../stores/store';
import type { AppEventBus } from '../stores/store-factory';
import type { StoreGuard } from '../stores/store-guard';
import type { Telemetry } from '../tracing/telemetry';
import type { InFlightCalls } from './in-flight-calls';

/** The app-wide collaborators pipeline steps are built with. */
export interface AppServices {
  readonly name: string;
  readonly version: string;
  readonly logger: Logger;
  readonly store: Store;
  readonly clock: Clock;
  readonly container: DependencyContainer;
  readonly metrics: MetricsRecorder;
  /** The framework's settings (`MCP_*` variables). */
  readonly config: McpConfig;
  /** Bounds on raw arguments, checked before validation (`createMcpApp({ inputLimits })`). */
  readonly inputLimits: Readonly<InputLimits>;
  /** How callers authenticate; undefined when the app has no auth (everything not scoped is open). */
  readonly auth: ResolvedAuth | undefined;
  /** Counts store failures and logs each outage once, for every policy of the app. */
  readonly storeGuard: StoreGuard;
  /** Cache tag versions and invalidation (`@Cached({ tags })`, `@InvalidatesCache`). */
  readonly cache: CacheService;
  /** The server-wide rate limit (`createMcpApp({ rateLimit })`), checked before each handler's own. */
  readonly serverRateLimit: RateLimitedOptions | undefined;
  /** Carries change notifications to every replica (in process, or Redis pub/sub). */
  readonly events: AppEventBus;
  /** The calls being served, for graceful shutdown. */
  readonly inFlight: InFlightCalls;
  /** App-wide interceptors (`createMcpApp({ interceptors })`), outermost first. */
  readonly interceptors: readonly InterceptorClass[];
  /** OpenTelemetry instruments; undefined when no provider is there (nothing is traced). */
  readonly telemetry: Telemetry | undefined;
}

import type { Icon, ServerEventBus } from '@modelcontextprotocol/server';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { resolveAuth, type AuthOptions } from '../auth/auth-options';
import { CacheService } from '../cache/cache.service';
import { loadConfigs, type ConfigSource } from '../config/config-loader';
import { McpConfig } from '../config/mcp-config';
import { TOKENS } from '../constants';
import { validateRateLimit } from '../decorators/rate-limited.decorator';
import { discoverDefinitions, type Provider } from '../discovery/discover';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../dto/input-limits';
import { isPositiveInteger } from '../errors/invalid-option';
import { McpDefinitionError } from '../errors/tool-error';
import { createLogger, type Logger, type LogLevel } from '../logging/logger';
import type { Class } from '../metadata/metadata.types';
import type { RateLimitedOptions } from '../metadata/policy.types';
import { NO_METRICS, type MetricsRecorder } from '../metrics/metrics-recorder';
import { PrometheusMetrics } from '../metrics/prometheus-metrics';
import type { InterceptorClass } from '../pipeline/interceptor';
import { resolveInterceptor } from '../pipeline/interceptor-chain';
import { Registry } from '../registry/registry';
import { discoverRoutes } from '../routes/route-definitions';
import { systemClock, type Clock, type Store } from '../stores/store';
import { selectEventBus, selectStore, type AppEventBus, type AppRedisOptions } from '../stores/store-factory';
import { StoreGuard } from '../stores/store-guard';
import { resolveTelemetry, type TelemetryOptions } from '../tracing/telemetry';
import type { AppServices } from './app-services';
import { InFlightCalls } from './in-flight-calls';
import { McpApp } from './mcp-app';
import { assertSinglePeerCopies } from './peer-copies';

/** Options of `createMcpApp`. */
export interface McpAppOptions {
  /** Server name sent to clients (`server/discover`, `initialize`). */
  name: string;
  /** Server version sent to clients. */
  version: string;
  /** Human-readable server name clients may display. */
  title?: string;
  /** What the server does, shown to people choosing it in a client. */
  description?: string;
  /** Icons clients may show for the server (SEP-973). */
  icons?: Icon[];
  /** The server's home page, sent to clients. */
  websiteUrl?: string;
  /** Instructions for the client's model. */
  instructions?: string;
  /** Classes whose decorated methods become tools, resources and prompts. */
  providers: Class[];
  /**
   * Classes the providers depend on that must exist once per app (a database pool, a
   * directory): registered as singletons of the app's container. Unlisted dependencies are
   * built anew for each provider that asks.
   */
  services?: Class[];
  /** Parent container (default: tsyringe's root); the app works in a child of it. */
  container?: DependencyContainer;
  /** A logger, or the level of the default stderr JSON logger (default `info`). */
  logger?: Logger | { level?: LogLevel };
  /**
   * Where caches and rate limits live. Default: a `RedisStore` when `redis` is given or
   * `MCP_REDIS_URL` is set, else a bounded in-memory store.
   */
  store?: Store;
  /** Share caches and rate limits between replicas through Redis (not together with `store`). */
  redis?: AppRedisOptions;
  /**
   * Carries change notifications (list changes, resource updates) to every replica. Default: a
   * `RedisEventBus` on the Redis of \`redis\` / \`MCP_REDIS_URL\`, else in process.
   */
  events?: ServerEventBus;
  /** Time source of policies; tests pass a controllable clock. */
  clock?: Clock;
  /**
   * Where call, cache, rate-limit, store and session events are reported. Default: a
   * `PrometheusMetrics` with its own registry (served on `/metrics` over HTTP), or nowhere when
   * `MCP_METRICS=false`.
   */
  metrics?: MetricsRecorder;
  /**
   * Config classes (properties bound with `@Env()`) to load, validate and register in the
   * container, so providers receive them by constructor injection. Loaded together with the
   * framework's own `McpConfig`: one `ConfigError` lists every bad setting of all of them.
   */
  config?: Class[];
  /** Where config is read from (default: `process.env` over `./.env`). */
  configSource?: ConfigSource;
  /**
   * Bounds on every call's raw arguments, checked before any DTO code sees them (default
   * `DEFAULT_INPUT_LIMITS`: 1 MiB, depth 32, 10 000 array items, strings of 1 Mi UTF-16 code units).
   */
  inputLimits?: Partial<InputLimits>;
  /**
   * How HTTP callers authenticate (bearer tokens); default from `MCP_AUTH_*`. With auth, only
   * `@Public()` handlers are open to callers without a token.
   */
  auth?: AuthOptions;
  /**
   * A budget shared by every call to this server (tools, resources, prompts), per principal
   * unless `scope: 'global'`, checked before each handler's own `@RateLimited`.
   */
  rateLimit?: RateLimitedOptions;
  /**
   * Interceptors around every call of every handler, outermost first, before the class's and
   * the method's `@UseInterceptors`. Built once, through the app's container.
   */
  interceptors?: InterceptorClass[];
  /**
   * Where OpenTelemetry spans and `mcp.server.operation.duration` go. Default: the providers
   * registered globally when the app is created (none: nothing is traced, at no cost);
   * `false`: nowhere.
   */
  telemetry?: TelemetryOptions | false;
}

/**
 * Builds an MCP app from provider classes: registers them in a child container, resolves them
 * (constructor injection included), reads their decorated methods once and freezes the
 * definitions. Definition mistakes fail here, naming the class and method.
 *
 * @example
 * const app = await createMcpApp({ name: 'demo', version: '1.0.0', providers: [MathTools] });
 * await app.listen({ transport: 'stdio' });
 */
export async function createMcpApp(options: McpAppOptions): Promise<McpApp> {
  // Two copies of tsyringe or class-transformer fail later with baffling errors: fail here.
  assertSinglePeerCopies();
  const serverRateLimit = options.rateLimit && validateRateLimit('createMcpApp: rateLimit', options.rateLimit);
  const configs = loadConfigs(uniqueConfigClasses(options.config ?? []), options.configSource);
  const config = configs.get(McpConfig) as McpConfig;
  const auth = resolveAuth(options.auth, config, options.name);
  const container = (options.container ?? rootContainer).createChildContainer();
  const logger = isLogger(options.logger) ? options.logger : createLogger({ level: options.logger?.level ?? config.logLevel });
  const clock = options.clock ?? systemClock;
  const storeSelection = {
    appName: options.name,
    store: options.store,
    redis: options.redis,
    // Replicas are pointed at Redis by their environment (MCP_REDIS_URL), without a code change.
    redisUrl: config.redisUrl,
    clock,
  };
  const store = selectStore(storeSelection);
  const events: AppEventBus = options.events ?? selectEventBus(storeSelection, logger);
  const metrics = options.metrics ?? (config.metrics ? new PrometheusMetrics() : NO_METRICS);
  const inputLimits = resolveInputLimits(options.inputLimits);
  const storeGuard = new StoreGuard(logger, metrics);
  const cache = new CacheService(store, storeGuard);
  const services: AppServices = Object.freeze({
    name: options.name,
    version: options.version,
    logger,
    store,
    clock,
    container,
    metrics,
    config,
    inputLimits,
    storeGuard,
    cache,
    serverRateLimit,
    auth,
    events,
    inFlight: new InFlightCalls(),
    interceptors: Object.freeze([...(options.interceptors ?? [])]),
    telemetry: resolveTelemetry(options.telemetry),
  });

  for (const [cls, instance] of configs) container.register(cls, { useValue: instance });
  container.register(TOKENS.Logger, { useValue: logger });
  container.register(TOKENS.Store, { useValue: store });
  container.register(TOKENS.Clock, { useValue: clock });
  container.register(CacheService, { useValue: cache });

  try {
    // Registered before the providers are built, so that they can inject it.
    const { name, version, title, description, icons, websiteUrl, instructions } = options;
    const app = new McpApp(Object.freeze({ name, version, title, description, icons, websiteUrl, instructions }), services);
    container.register(TOKENS.App, { useValue: app });
    for (const service of options.services ?? []) container.registerSingleton(service);
    // Built before the providers' pipelines, so that a broken one fails naming this option.
    for (const interceptor of services.interceptors) resolveInterceptor(container, interceptor, 'createMcpApp: interceptors');
    const providers = resolveProviders(container, options.providers);
    app.attachRegistry(new Registry(discoverDefinitions(providers, services)));
    app.addRoutes(discoverRoutes(providers));
    return app;
  } catch (error) {
    // A Redis connection opened here would otherwise keep the process alive after a failed start.
    if (options.store === undefined) await store.close().catch(() => undefined);
    if (options.events === undefined) await events.close?.().catch(() => undefined);
    throw error;
  }
}

function uniqueConfigClasses(classes: readonly Class[]): Class[] {
  for (const cls of classes) {
    if (typeof cls !== 'function') throw new McpDefinitionError(`config entries must be classes, got ${String(cls)}`);
  }
  return [...new Set<Class>([McpConfig, ...classes])];
}

function resolveInputLimits(limits: Partial<InputLimits> | undefined): Readonly<InputLimits> {
  const resolved = { ...DEFAULT_INPUT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(name in DEFAULT_INPUT_LIMITS)) throw new McpDefinitionError(`inputLimits.${name} is not a known limit`);
    if (!isPositiveInteger(value)) {
      throw new McpDefinitionError(`inputLimits.${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return Object.freeze(resolved);
}

function isLogger(value: McpAppOptions['logger']): value is Logger {
  return typeof (value as Logger | undefined)?.log === 'function';
}

function resolveProviders(container: DependencyContainer, classes: readonly Class[]): Provider[] {
  const seen = new Set<Class>();
  for (const cls of classes) {
    if (typeof cls !== 'function') throw new McpDefinitionError(`providers must be classes, got ${String(cls)}`);
    if (seen.has(cls)) throw new McpDefinitionError(`provider ${cls.name} is listed twice`);
    seen.add(cls);
    container.registerSingleton(cls);
  }
  return classes.map((cls) => {
    try {
      return { cls, instance: container.resolve<object>(cls) };
    } catch (error) {
      const reason = (error as Error).message;
      const hint = /TypeInfo not known/.test(reason) ? ` (is @injectable() missing on ${cls.name} or on one of its dependencies?)` : '';
      throw new McpDefinitionError(`cannot create provider ${cls.name}${hint}: ${reason}`);
    }
  });
}

/**
 * Every metadata key and injection token of the framework, in one place.
 * Keys read `mcp:<kebab>`; tokens are symbols so they never collide with user tokens.
 */
export const METADATA = {
  /** Handler records (tools, resources, prompts) of a class, keyed on its prototype. */
  handlers: 'mcp:handlers',
  /** Policy options recorded by policy decorators, keyed on (prototype, method) or the class. */
  policy: 'mcp:policy',
  /** Per-property DTO annotations of the framework (e.g. `@Sensitive()`). */
  dtoField: 'mcp:dto-field',
  /** Environment variables bound to config class properties by `@Env()`, keyed on the prototype. */
  env: 'mcp:env',
  /** Class-level DTO annotations of the framework (e.g. `@StringDefaults()`), keyed on the class. */
  dtoClass: 'mcp:dto-class',
  /** HTTP routes of a provider class (`@Route()`), keyed on its prototype. */
  routes: 'mcp:routes',
  /** Values recorded by `SetMetadata` (users' own decorators), keyed on (prototype, method) or the class. */
  custom: 'mcp:custom',
  /** Interceptor classes of `@UseInterceptors`, keyed on (prototype, method) or the class. */
  interceptors: 'mcp:interceptors',
} as const;

/**
 * Names under which policy decorators record their options in `METADATA.policy` (one record
 * per method or class, merged method-over-class by `getPolicies`).
 */
export const POLICY = {
  cached: 'cached',
  invalidatesCache: 'invalidates-cache',
  rateLimited: 'rate-limited',
  logged: 'logged',
  fallback: 'fallback',
  timeout: 'timeout',
  /** Who may call: `@Public()` or `@RequireScopes(...)`. */
  access: 'access',
} as const;

/** Injection tokens resolvable from an app's container. */
export const TOKENS = {
  /** The app's winston logger (see `Logger`). */
  Logger: Symbol.for('mcp-decorators:logger'),
  /** The app's key/value store for caches and rate limits (see `Store`). */
  Store: Symbol.for('mcp-decorators:store'),
  /** The app's clock (see `Clock`); tests replace it to move time without sleeping. */
  Clock: Symbol.for('mcp-decorators:clock'),
  /** The running `McpApp` itself. */
  App: Symbol.for('mcp-decorators:app'),
} as const;

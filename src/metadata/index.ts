/* The public names of metadata/: the options the decorators take. */
export type { Class, CompleteFn, EnvOptions, EnvScalarType, HandlerKind, PromptOptions, RawInputSchema, ResourceOptions, ToolOptions } from './metadata.types';
export type {
  AccessPolicy,
  CachedOptions,
  FailMode,
  FallbackDefault,
  FallbackOptions,
  LoggedOptions,
  PolicyKeyFn,
  PolicyScope,
  RateLimitedOptions,
} from './policy.types';

import type { CallContext } from '../context/tool-context';
import type { HandlerDefinition } from '../registry/definitions';
import type { McpCall } from './interceptor';

/** One call travelling through the pipeline. */
export interface Invocation {
  readonly definition: HandlerDefinition;
  readonly context: CallContext;
  /** The raw arguments, replaced by the validated DTO instance by the validation step. */
  input: unknown;
  /** The concrete URI of a resource read (templates: the requested URI). */
  readonly uri?: string;
  /**
   * The expired cached answer `@Cached({ staleIfErrorMs })` offers for this call, built when
   * taken, at most once: by the `@Fallback` step below it (after its fallback methods, before
   * its default), else by the cache step itself. Set and taken through `stale-cache.ts` only.
   */
  staleAnswer?: (() => unknown) | undefined;
  /** The interceptors' view of this call, made by the first interceptor step and shared by all. */
  call?: McpCall;
}

/** Continues the pipeline; resolves to the protocol result of the call. */
export type Next = () => Promise<unknown>;

/** One small stage of the call path; reads only its own policy. */
export type Step = (invocation: Invocation, next: Next) => Promise<unknown>;

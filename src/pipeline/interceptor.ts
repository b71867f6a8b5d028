import type { ProtocolEra, ToolContext } from '../context/tool-context';
import type { Class, HandlerKind } from '../metadata/metadata.types';

/**
 * One tool call, resource read or prompt request, as an interceptor sees it: authorized, with
 * its input validated, before the built-in policies (rate limit, cache, fallback, timeout).
 *
 * @example
 * async intercept(call: McpCall, next: () => Promise<unknown>) {
 *   if (call.kind === 'tool' && call.metadata<string>(AUDIT) === 'strict') this.audit.before(call.name, call.input);
 *   return next();
 * }
 */
export interface McpCall {
  /** Whether this is a tool call, a resource read or a prompt request. */
  readonly kind: HandlerKind;
  /** The tool, prompt or resource name (as listed). */
  readonly name: string;
  /** The validated, sanitized input (the DTO instance, or the template variables of a resource). */
  readonly input: unknown;
  /** Who the call is accounted to: the auth subject, else the session, else `anonymous`. */
  readonly principal: string;
  /** The call's context, as the method receives it. */
  readonly context: ToolContext;
  /** The protocol generation of the request. */
  readonly era: ProtocolEra;
  /** The concrete URI of a resource read. */
  readonly uri?: string;
  /** The class and method behind the handler. */
  readonly handler: { readonly class: Class; readonly method: string };
  /**
   * What `SetMetadata(key, value)` recorded on the method, else on its class; undefined when
   * neither did.
   */
  metadata<T = unknown>(key: string | symbol): T | undefined;
}

/**
 * Code around every call of a handler: runs before, calls `next()` to go on (or not, to
 * short-circuit), and may replace what it resolves to. `next()` resolves to the protocol
 * result of the call (`CallToolResult`, `ReadResourceResult`, `GetPromptResult`); a
 * replacement must be one too (`toolResult(...)` builds a tool's). A thrown error is answered
 * like a method's: a `ToolError` as written, anything else masked with a correlation id.
 *
 * Interceptors are classes built once, at app creation, by the app's container (mark them
 * `@injectable()`). They run after authorization and validation, around the built-in
 * policies: app-wide ones (`createMcpApp({ interceptors })`) first, then the class's
 * `@UseInterceptors`, then the method's, each list in the order written.
 *
 * @example
 * @injectable()
 * export class AuditInterceptor implements McpInterceptor {
 *   constructor(private readonly audit: AuditLog) {}
 *   async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
 *     const started = Date.now();
 *     const result = await next();
 *     this.audit.record(call.kind, call.name, call.principal, Date.now() - started);
 *     return result;
 *   }
 * }
 */
export interface McpInterceptor {
  /** Handles one call: `next()` runs the rest of the chain and the method; resolves to the protocol result. */
  intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown>;
}

/**
 * An interceptor class, as `@UseInterceptors` and `createMcpApp({ interceptors })` take it.
 *
 * @example
 * const interceptors: InterceptorClass[] = [AuditInterceptor, TenantInterceptor];
 */
export type InterceptorClass = Class<McpInterceptor>;

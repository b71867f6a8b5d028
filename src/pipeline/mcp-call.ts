import type { ProtocolEra, ToolContext } from '../context/tool-context';
import type { Class, HandlerKind } from '../metadata/metadata.types';
import type { McpCall } from './interceptor';
import type { Invocation } from './invocation';

/**
 * The `McpCall` of one invocation: a view that reads the invocation when asked, so that it
 * costs one small object per call and `input` is whatever the steps above made of it.
 */
export class InvocationCall implements McpCall {
  constructor(private readonly invocation: Invocation) {}

  get kind(): HandlerKind {
    return this.invocation.definition.kind;
  }

  get name(): string {
    return this.invocation.definition.name;
  }

  get input(): unknown {
    return this.invocation.input;
  }

  get principal(): string {
    return this.invocation.context.principal;
  }

  get context(): ToolContext {
    return this.invocation.context;
  }

  get era(): ProtocolEra {
    return this.invocation.context.era;
  }

  get uri(): string | undefined {
    return this.invocation.uri;
  }

  get handler(): { readonly class: Class; readonly method: string } {
    const { providerClass, methodName } = this.invocation.definition;
    return { class: providerClass, method: methodName };
  }

  metadata<T = unknown>(key: string | symbol): T | undefined {
    return this.invocation.definition.metadata[key] as T | undefined;
  }
}

import type { Prompt, Resource, ResourceTemplateType as ResourceTemplate, Tool, UriTemplate } from '@modelcontextprotocol/server';
import type { CallContext } from '../context/tool-context';
import type { JsonSchemaObject } from '../dto/schema';
import type { DtoValidator } from '../dto/validator';
import type { Class, CompleteFn, CustomMetadataRecord, HandlerKind, PolicyRecord, RawInputSchema } from '../metadata/metadata.types';
import type { McpCall } from '../pipeline/interceptor';

/**
 * What the app knows about one tool, resource or prompt, built once at creation and frozen.
 * Nothing on the call path reflects: it reads these fields.
 */
interface DefinitionBase {
  readonly kind: HandlerKind;
  /** The protocol name (tool/prompt name, resource name). */
  readonly name: string;
  /** `Class.method`, for messages and logs. */
  readonly where: string;
  readonly providerClass: Class;
  readonly methodName: string;
  /** Policies of the method merged over those of its class. */
  readonly policies: PolicyRecord;
  /** `SetMetadata` values of the method merged over those of its class. */
  readonly metadata: CustomMetadataRecord;
  /** `@UseInterceptors` classes: the class's, then the method's. */
  readonly interceptors: readonly Class[];
  /** The input DTO, when the method has one. */
  readonly dto: Class | undefined;
  readonly validator: DtoValidator;
  /** Calls the method on its provider instance with the validated input and the context. */
  readonly invoke: (input: unknown, context: unknown) => unknown;
  /** Runs the call through this definition's pipeline; resolves to the protocol result. */
  readonly run: (invocation: Invocation) => Promise<unknown>;
}

export interface ToolDefinition extends DefinitionBase {
  readonly kind: 'tool';
  /** The entry of `tools/list`. */
  readonly descriptor: Tool;
  /** Built from the DTO, or the tool's raw `inputSchema` as written. */
  readonly inputSchema: JsonSchemaObject | RawInputSchema;
  /** A primitive return value also travels as `structuredContent.result`. */
  readonly wrapsResult: boolean;
}

export interface ResourceDefinition extends DefinitionBase {
  readonly kind: 'resource';
  /** The URI, or the URI template for templated resources. */
  readonly uri: string;
  readonly template: UriTemplate | undefined;
  readonly mimeType: string | undefined;
  /** The entry of `resources/list` or `resources/templates/list`. */
  readonly descriptor: Resource | ResourceTemplate;
  readonly complete: Readonly<Record<string, CompleteFn>>;
}

export interface PromptDefinition extends DefinitionBase {
  readonly kind: 'prompt';
  /** The entry of `prompts/list`. */
  readonly descriptor: Prompt;
  readonly complete: Readonly<Record<string, CompleteFn>>;
}

export type HandlerDefinition = ToolDefinition | ResourceDefinition | PromptDefinition;

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

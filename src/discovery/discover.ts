import type { Icon, Prompt, PromptArgument, Tool } from '@modelcontextprotocol/server';
import { UriTemplate } from '@modelcontextprotocol/server';
import type { AppServices } from '../app/app-services';
import type { InputLimits } from '../dto/input-limits';
import { createJsonSchemaValidator } from '../dto/json-schema-validator';
import { buildInputSchema, type JsonSchemaObject } from '../dto/schema';
import { createDtoValidator, type DtoValidator } from '../dto/validator';
import { McpDefinitionError } from '../errors/tool-error';
import { deepFreeze } from '../metadata/deep-freeze';
import type { Class, HandlerRecord, RawInputSchema } from '../metadata/metadata.types';
import { getCustomMetadata, getHandlers, getInterceptors, getPolicies, getReturnType } from '../metadata/reflect';
import { buildPipeline } from '../pipeline/pipeline';
import { buildCompletions } from '../registry/completion';
import type { HandlerDefinition, PromptDefinition, ResourceDefinition, ToolDefinition } from '../registry/definitions';
import { methodInvoker } from '../registry/method-invoker';

/** A provider class and the instance its container built. */
export interface Provider {
  readonly cls: Class;
  readonly instance: object;
}

/** Types TypeScript emits for parameters that are not classes of the user's (type literals...). */
const NOT_A_DTO = new Set<unknown>([undefined, Object, String, Number, Boolean, Array, Function, Promise, Symbol, Date]);

/** Tool names the MCP specification accepts (SEP-986). */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** Resources without a DTO receive their template variables as they are. */
const PASS_THROUGH: DtoValidator = { validate: (input: unknown) => ({ ok: true, value: input ?? {} }) };

/**
 * Reads the decorated methods of every provider once and builds their frozen definitions,
 * each with its pipeline composed.
 */
export function discoverDefinitions(providers: readonly Provider[], services: AppServices): HandlerDefinition[] {
  const definitions: HandlerDefinition[] = [];
  for (const provider of providers) {
    for (const record of getHandlers(provider.cls)) {
      // Steps read only the definition's own fields, never `run`, so they can be built first.
      const definition = {
        ...buildDefinition(provider, record, services.inputLimits),
        metadata: getCustomMetadata(provider.cls, record.method),
        interceptors: getInterceptors(provider.cls, record.method),
      } as HandlerDefinition;
      const run = buildPipeline(definition, services);
      definitions.push(Object.freeze({ ...definition, run }));
    }
  }
  return definitions;
}

/** A definition before its pipeline is composed. */
type Unpiped<T> = T extends unknown ? Omit<T, 'run' | 'metadata' | 'interceptors'> : never;

function buildDefinition(provider: Provider, record: HandlerRecord, limits: Readonly<InputLimits>): Unpiped<HandlerDefinition> {
  const where = `${provider.cls.name}.${record.method}`;
  try {
    switch (record.kind) {
      case 'tool':
        return buildTool(provider, record, where, limits);
      case 'resource':
        return buildResource(provider, record, where, limits);
      case 'prompt':
        return buildPrompt(provider, record, where, limits);
    }
  } catch (error) {
    if (error instanceof McpDefinitionError) throw error;
    throw new McpDefinitionError(`${where}: ${(error as Error).message}`);
  }
}

interface MethodShape {
  readonly dto: Class | undefined;
  readonly invoke: (input: unknown, context: unknown) => unknown;
}

/**
 * Finds the DTO (explicit, else the first non-context parameter) and where the context goes, and
 * binds the call once. The context is the parameter typed `ToolContext`, else the second one.
 */
function methodShape(provider: Provider, method: string, explicit: Class | undefined, where: string, dtoRequired: boolean, rawSchema = false): MethodShape {
  const fn = (provider.instance as Record<string, unknown>)[method];
  if (typeof fn !== 'function') throw new McpDefinitionError(`${where} is not a method of the resolved instance`);
  const { inputType, invoke } = methodInvoker(provider.cls, provider.instance, method, fn as (...args: unknown[]) => unknown);
  let dto = explicit;
  // With a raw schema the parameter's type is only for the compiler: the schema validates.
  if (!dto && !rawSchema && !NOT_A_DTO.has(inputType)) dto = inputType as Class;
  if (!dto && dtoRequired && !rawSchema && inputType !== undefined) {
    throw new McpDefinitionError(
      `${where}: its input parameter is not a class, so it cannot be validated; declare a DTO class (with class-validator decorators) as its type, or pass one with { input: MyDto }`,
    );
  }
  return { dto, invoke };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function buildTool(
  provider: Provider,
  record: Extract<HandlerRecord, { kind: 'tool' }>,
  where: string,
  limits: Readonly<InputLimits>,
): Unpiped<ToolDefinition> {
  const { options } = record;
  const name = options.name ?? record.method;
  if (!TOOL_NAME.test(name)) {
    throw new McpDefinitionError(`${where}: tool name "${name}" is invalid (1-128 characters among A-Z a-z 0-9 _ - .)`);
  }
  const raw = options.inputSchema;
  if (raw !== undefined) {
    if (options.input) throw new McpDefinitionError(`${where}: give either input (a DTO) or inputSchema (a raw JSON Schema), not both`);
    if (typeof raw !== 'object' || raw === null || raw.type !== 'object') {
      throw new McpDefinitionError(`${where}: inputSchema must be a JSON Schema with type "object" (MCP tool arguments are an object)`);
    }
  }
  const { dto, invoke } = methodShape(provider, record.method, options.input, where, true, raw !== undefined);
  const inputSchema = raw === undefined ? buildInputSchema(dto) : deepFreeze<RawInputSchema>(structuredClone(raw));
  const validator = raw === undefined ? createDtoValidator(dto, limits) : rawValidator(raw, where, limits);
  const returnType = getReturnType(provider.cls, record.method);
  const wrapsResult = !options.output && (returnType === Number || returnType === Boolean);
  const outputSchema: JsonSchemaObject | undefined = options.output
    ? buildInputSchema(options.output)
    : wrapsResult
      ? { type: 'object', properties: { result: { type: returnType === Number ? 'number' : 'boolean' } }, required: ['result'] }
      : undefined;
  const meta = wrapsResult ? { ...options.meta, [WRAPPED_RESULT_META]: true } : options.meta;
  const descriptor: Tool = {
    name,
    ...optional('title', options.title),
    ...optional('description', options.description),
    inputSchema: inputSchema as Tool['inputSchema'],
    ...optional('outputSchema', outputSchema as Tool['outputSchema']),
    ...optional('annotations', options.annotations),
    ...optional('icons', copyIcons(options.icons)),
    ...optional('_meta', meta),
  };
  return {
    kind: 'tool',
    ...handlerIdentity(provider, record, name, where),
    dto,
    validator,
    invoke,
    descriptor: Object.freeze(descriptor),
    inputSchema,
    wrapsResult,
  };
}

function rawValidator(schema: RawInputSchema, where: string, limits: Readonly<InputLimits>): DtoValidator {
  try {
    return createJsonSchemaValidator(schema, limits);
  } catch (error) {
    throw new McpDefinitionError(`${where}: inputSchema is not a valid JSON Schema: ${(error as Error).message}`);
  }
}

/** A frozen copy of icons, so that listing never exposes the caller's objects. */
function copyIcons(icons: readonly Icon[] | undefined): Icon[] | undefined {
  return icons?.map((icon) => Object.freeze({ ...icon, ...(icon.sizes ? { sizes: [...icon.sizes] } : {}) }));
}

/** `_meta` key marking tools whose primitive result travels as `structuredContent.result`. */
export const WRAPPED_RESULT_META = 'mcp-decorators/wrapped-result';

function buildResource(
  provider: Provider,
  record: Extract<HandlerRecord, { kind: 'resource' }>,
  where: string,
  limits: Readonly<InputLimits>,
): Unpiped<ResourceDefinition> {
  const { options, uri } = record;
  const name = options.name ?? record.method;
  const template = UriTemplate.isTemplate(uri) ? new UriTemplate(uri) : undefined;
  const { dto, invoke } = methodShape(provider, record.method, undefined, where, false);
  const common = {
    name,
    ...optional('title', options.title),
    ...optional('description', options.description),
    ...optional('mimeType', options.mimeType),
    ...optional('icons', copyIcons(options.icons)),
    ...optional('_meta', options.meta),
  };
  const descriptor = template ? { uriTemplate: uri, ...common } : { uri, ...common };
  if (!template && options.complete && Object.keys(options.complete).length > 0) {
    throw new McpDefinitionError(`${where}: complete applies to URI template variables, and ${uri} has none`);
  }
  const complete = template ? buildCompletions(where, 'variable', template.variableNames, dto && buildInputSchema(dto), options.complete) : {};
  return {
    kind: 'resource',
    ...handlerIdentity(provider, record, name, where),
    dto,
    validator: dto ? createDtoValidator(dto, limits) : PASS_THROUGH,
    invoke,
    uri,
    template,
    mimeType: options.mimeType,
    descriptor: Object.freeze(descriptor),
    complete,
  };
}

function buildPrompt(
  provider: Provider,
  record: Extract<HandlerRecord, { kind: 'prompt' }>,
  where: string,
  limits: Readonly<InputLimits>,
): Unpiped<PromptDefinition> {
  const { options } = record;
  const name = options.name ?? record.method;
  const { dto, invoke } = methodShape(provider, record.method, options.input, where, true);
  const schema = buildInputSchema(dto);
  const required = new Set(schema.required ?? []);
  const args: PromptArgument[] = Object.entries(schema.properties ?? {}).map(([argName, property]) => ({
    name: argName,
    ...optional('description', (property as { description?: string }).description),
    required: required.has(argName),
  }));
  const descriptor: Prompt = {
    name,
    ...optional('title', options.title),
    ...optional('description', options.description),
    ...(args.length > 0 ? { arguments: args } : {}),
    ...optional('icons', copyIcons(options.icons)),
    ...optional('_meta', options.meta),
  };
  return {
    kind: 'prompt',
    ...handlerIdentity(provider, record, name, where),
    dto,
    validator: createDtoValidator(dto, limits),
    invoke,
    descriptor: Object.freeze(descriptor),
    complete: buildCompletions(
      where,
      'argument',
      args.map((a) => a.name),
      schema,
      options.complete,
    ),
  };
}

/** What every definition says of where its handler is: its name, its method, its policies. */
function handlerIdentity(provider: Provider, record: HandlerRecord, name: string, where: string) {
  return { name, where, providerClass: provider.cls, methodName: record.method, policies: getPolicies(provider.cls, record.method) };
}

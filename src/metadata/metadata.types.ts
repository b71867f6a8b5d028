import type { Icon, ToolAnnotations } from '@modelcontextprotocol/server';

/** A class constructor (DTOs, providers). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructors of any arity and instance type, as TypeScript's own `new (...args: any[]) => T`
export type Class<T = any> = new (...args: any[]) => T;

/** The three kinds of MCP handler a provider method can be. */
export type HandlerKind = 'tool' | 'resource' | 'prompt';

/** Suggests values for one argument (`completion/complete`). */
export type CompleteFn = (value: string, context: { arguments: Record<string, string> }) => string[] | Promise<string[]>;

/**
 * A JSON Schema written by hand, for a tool whose input is not a DTO: any dialect ajv knows
 * (2020-12 by default, as MCP specifies; `$schema` picks 2019-09 or draft-07), `$defs` and
 * `$ref` included. MCP requires tool arguments to be an object.
 */
export interface RawInputSchema {
  /** Always `object`: MCP tool arguments are an object. */
  readonly type: 'object';
  /** Any other JSON Schema keyword (`properties`, `required`, `$defs`...), advertised as written. */
  readonly [keyword: string]: unknown;
}

/** Options of `@Tool`. */
export interface ToolOptions {
  /** Tool name; defaults to the method name. */
  name?: string;
  /** Human-readable name clients may display. */
  title?: string;
  /** What the tool does, for the model choosing tools and for people. */
  description?: string;
  /** MCP behaviour hints (readOnlyHint, destructiveHint, idempotentHint, openWorldHint). */
  annotations?: ToolAnnotations;
  /** Icons clients may show beside it (SEP-973): `{ src, mimeType?, sizes?, theme? }`. */
  icons?: Icon[];
  /** The input DTO; defaults to the type of the method's first parameter. */
  input?: Class;
  /**
   * A raw JSON Schema instead of a DTO: advertised exactly as written and enforced with ajv on
   * every call (size limits and key hygiene as for DTOs, `default`s filled in). The method
   * receives the validated plain object. Exclusive with `input`.
   */
  inputSchema?: RawInputSchema;
  /** A DTO advertised as the tool's output schema; results are sent as structured content. */
  output?: Class;
  /** Extra `_meta` advertised with the tool. */
  meta?: Record<string, unknown>;
}

/** Options of `@Resource`. */
export interface ResourceOptions {
  /** Resource name; defaults to the method name. */
  name?: string;
  /** Human-readable name clients may display. */
  title?: string;
  /** What the resource holds. */
  description?: string;
  /**
   * The MIME type advertised and sent with the contents; without it, strings are sent as
   * `text/plain`, bytes as `application/octet-stream`, anything else as `application/json`.
   */
  mimeType?: string;
  /** Icons clients may show beside it (SEP-973): `{ src, mimeType?, sizes?, theme? }`. */
  icons?: Icon[];
  /** Completion of URI template variables, by variable name. */
  complete?: Record<string, CompleteFn>;
  /** Extra `_meta` advertised with the resource. */
  meta?: Record<string, unknown>;
}

/** Options of `@Prompt`. */
export interface PromptOptions {
  /** Prompt name; defaults to the method name. */
  name?: string;
  /** Human-readable name clients may display. */
  title?: string;
  /** What the prompt is for. */
  description?: string;
  /** The arguments DTO (string fields); defaults to the type of the first parameter. */
  input?: Class;
  /** Completion of arguments, by argument name. */
  complete?: Record<string, CompleteFn>;
  /** Icons clients may show beside it (SEP-973): `{ src, mimeType?, sizes?, theme? }`. */
  icons?: Icon[];
  /** Extra `_meta` advertised with the prompt. */
  meta?: Record<string, unknown>;
}

/** What a `@Tool`, `@Resource` or `@Prompt` decorator records on a method. */
export type HandlerRecord =
  | { readonly kind: 'tool'; readonly method: string; readonly options: Readonly<ToolOptions> }
  | {
      readonly kind: 'resource';
      readonly method: string;
      readonly uri: string;
      readonly options: Readonly<ResourceOptions>;
    }
  | { readonly kind: 'prompt'; readonly method: string; readonly options: Readonly<PromptOptions> };

/** Values recorded by `SetMetadata`, by key, as a handler sees them (method over class). */
export type CustomMetadataRecord = Readonly<Record<string | symbol, unknown>>;

/** Policy options by policy name (`cached`, `rateLimited`, ...), as recorded by decorators. */
export type PolicyRecord = Readonly<Record<string, unknown>>;

/** A scalar type an environment variable converts to. */
export type EnvScalarType = typeof String | typeof Number | typeof Boolean;

/** Options of `@Env()`. */
export interface EnvOptions {
  /**
   * Never print the value (errors, `redactConfig`). Names containing SECRET, TOKEN, KEY,
   * PASSWORD, PASSPHRASE, CREDENTIAL or PRIVATE are sensitive without it.
   */
  sensitive?: boolean;
  /**
   * The type to convert to, when the declared type does not say (a property without annotation
   * takes the type of its default value; `Array` means a comma-separated list).
   */
  type?: EnvScalarType | typeof Array;
  /** Type of the items of an array property (default `String`). */
  items?: EnvScalarType;
  /** What the variable is for, shown in error messages. */
  description?: string;
}

/** What `@Env()` records on a config class property. */
export interface EnvFieldRecord {
  readonly property: string;
  readonly variable: string;
  readonly options: Readonly<EnvOptions>;
}

/** What `@Route()` records on a provider method. */
export interface RouteRecord {
  readonly method: string;
  readonly path: string;
  /** The provider method that handles the route. */
  readonly handler: string;
}

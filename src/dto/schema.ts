import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { deepFreeze } from '../metadata/deep-freeze';
import type { Class } from '../metadata/metadata.types';
import { getDtoFields } from '../metadata/reflect';
import { readStringDefaults, type ResolvedStringDefaults } from '../sanitizers/string-defaults.decorator';
import { NO_CONTROL_CHARACTER_PATTERN } from '../sanitizers/text-sanitizers';
import { transformerStorage } from './transformer-storage';

// class-transformer keeps `@Type` metadata in a storage its package root does not export; this is
// the same singleton `plainToInstance` reads, so the schema sees exactly the types validation uses.

/*
 * Schema and validation agree: for the rules in RULES below, the advertised schema accepts
 * exactly the arguments the validator accepts (test/property/dto-agreement.property.spec.ts
 * generates DTO shapes and arguments to check it with ajv). Where class-validator alone would
 * disagree, the validator (dto-validator.ts) or this builder was made to agree:
 * - `null` for an `@IsOptional()` property: class-validator skips it, the validator refuses it;
 * - `@ValidateNested()` given an array (or `{ each: true }` given one object): refused;
 * - a second `@Matches()`: ANDed through `allOf`; `@IsNotEmpty()` without a type: `not: { enum: ['', null] }`;
 * - `each` rules without `@IsArray()`: class-validator applies them to a non-array value too (`if/then/else`).
 * Known differences the schema cannot express, left as they are (the validator is authoritative):
 * - formats (`@IsEmail`, `@IsUrl`, `@IsUUID`, `@IsDateString`) are hints: validator.js's rules
 *   differ from JSON Schema's format definitions at the edges (`a@b.c`, `example.com`, dates without time);
 * - regexes with flags other than `u`/`g` are left out; a regex without `u` is advertised as written
 *   and most JSON Schema validators compile it with `u`, where `.` and negated classes match an
 *   astral character as one: write such patterns with `u`;
 * - class-validator's lengths do not count U+FE0E/U+FE0F (variation selectors); JSON Schema's do;
 * - a numeric TypeScript enum: class-validator also accepts the member names (`'Low'` for `Level.Low`);
 * - sanitizers (`@Trim()`, `@EscapeHtml()`...) run before validation: constraints check the
 *   sanitized value, the schema describes what the client sends;
 * - custom validators and `@SafePath()`/`@NoScriptContent()` checks; `__proto__`/`constructor`/
 *   `prototype` keys, which are dropped rather than refused; the input limits (size, depth, items).
 */

/** The JSON types a schema's `type` can name; `integer` is a number without a fraction. */
export type JsonSchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';

/**
 * The part of JSON Schema (draft-07 and 2020-12 alike) that DTOs produce.
 * Schemas returned by {@link buildInputSchema} are deep-frozen: treat them as read-only.
 */
export interface JsonSchema {
  /** What the value is for: the `@Description()` text, plus hints of the sanitizers applied. */
  description?: string;
  /** The JSON type the value must have. */
  type?: JsonSchemaType;
  /** The schema of each property of an object, by name. */
  properties?: Record<string, JsonSchema>;
  /** Names of the properties an object must have. */
  required?: string[];
  /** `false` refuses properties not listed in `properties`. */
  additionalProperties?: boolean;
  /** The schema every item of an array must match. */
  items?: JsonSchema;
  /** The only values allowed. */
  enum?: unknown[];
  /** Smallest number allowed (inclusive). */
  minimum?: number;
  /** Largest number allowed (inclusive). */
  maximum?: number;
  /** The number must be greater than this. */
  exclusiveMinimum?: number;
  /** The number must be less than this. */
  exclusiveMaximum?: number;
  /** Shortest string allowed, in code points. */
  minLength?: number;
  /** Longest string allowed, in code points. */
  maxLength?: number;
  /** A regular expression (ECMA-262 syntax) the string must match somewhere. */
  pattern?: string;
  /** A named format the string should have (`email`, `uri`, `uuid`, `date-time`...). */
  format?: string;
  /** Fewest items an array may have. */
  minItems?: number;
  /** Most items an array may have. */
  maxItems?: number;
  /** Further constraints on the same value: a second `@Matches()` pattern, for instance. */
  allOf?: JsonSchema[];
  /** A schema the value must not match. */
  not?: JsonSchema;
  /** A condition: values matching it must match `then`, the others `else`. */
  if?: JsonSchema;
  /** What a value matching `if` must also match. */
  then?: JsonSchema;
  /** What a value not matching `if` must match. */
  else?: JsonSchema;
}

/** The schema of a whole DTO: what MCP expects as a tool's `inputSchema` or `outputSchema`. */
export interface JsonSchemaObject extends JsonSchema {
  /** Always `object`: arguments and structured results are JSON objects. */
  type: 'object';
  /** The schema of each DTO property, by name (empty for a tool without input). */
  properties: Record<string, JsonSchema>;
}

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/**
 * One DTO property as class-validator and class-transformer describe it. Internal: shared by
 * the schema builder and the validator so that both read the DTO the same way.
 */
export interface DtoProperty {
  readonly name: string;
  readonly metadatas: readonly ValidationMetadata[];
  /** `@IsOptional()` (or `@ValidateIf()`) without `@IsDefined()`. */
  readonly optional: boolean;
  /** For `@ValidateNested()`: the child DTO, and whether the value is an array of it. */
  readonly nested?: { readonly dto: Class; readonly many: boolean };
}

/**
 * Reads the validated properties of a DTO, base classes included, the way `validateSync` does.
 *
 * @example
 * readDtoProperties(AddInput).map((p) => p.name); // ['a', 'b']
 */
export function readDtoProperties(dto: Class): DtoProperty[] {
  // Base classes first, so that properties read in the order a reader of the classes meets them.
  const lineage: unknown[] = [];
  for (let cls: unknown = dto; typeof cls === 'function' && cls !== Function.prototype; cls = Object.getPrototypeOf(cls)) {
    lineage.unshift(cls);
  }
  // Same arguments as class-validator's executor uses when validating without groups.
  const metadatas = [...getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false)].sort(
    (a, b) => lineage.indexOf(a.target) - lineage.indexOf(b.target),
  );
  const byName = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    byName.set(metadata.propertyName, [...(byName.get(metadata.propertyName) ?? []), metadata]);
  }
  return [...byName].map(([name, metadatas]) => {
    const has = (type: string): boolean => metadatas.some((m) => m.type === type);
    const nested = has(ValidationTypes.NESTED_VALIDATION) ? nestedDto(dto, name, metadatas) : undefined;
    return {
      name,
      metadatas,
      optional: has(ValidationTypes.CONDITIONAL_VALIDATION) && !has(ValidationTypes.IS_DEFINED),
      ...(nested && { nested }),
    };
  });
}

function nestedDto(dto: Class, property: string, metadatas: readonly ValidationMetadata[]): DtoProperty['nested'] {
  const where = `${dto.name}.${property}`;
  const type = transformerStorage.findTypeMetadata(dto, property);
  // Without @Type, plainToInstance leaves a plain object that class-validator cannot validate.
  if (!type) throw new Error(`${where} has @ValidateNested() but no @Type(() => ChildDto) from class-transformer`);
  if (type.options?.discriminator) throw new Error(`${where}: @Type with a discriminator is not supported`);
  const child = type.typeFunction() as Class;
  if (typeof child !== 'function' || [Object, Array, String, Number, Boolean].includes(child as never)) {
    throw new Error(`${where}: @Type(() => ...) must return the nested DTO class`);
  }
  const many = type.reflectedType === Array || metadatas.some((m) => (m.type === ValidationTypes.NESTED_VALIDATION && m.each) || m.name === 'isArray');
  return { dto: child, many };
}

type Rule = (constraints: readonly unknown[]) => JsonSchema;

const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** Keywords for a regular expression, when JSON Schema can say the same thing. */
function pattern(source: unknown, modifiers: unknown): JsonSchema {
  const regex = source instanceof RegExp ? source : typeof source === 'string' ? new RegExp(source, typeof modifiers === 'string' ? modifiers : '') : undefined;
  // JSON Schema patterns carry no flags; `g` and `u` do not change what matches, others do.
  if (!regex || /[^gu]/.test(regex.flags)) return { type: 'string' };
  return { type: 'string', pattern: regex.source };
}

function enumOf(values: unknown): JsonSchema {
  if (!Array.isArray(values)) return {};
  const types = new Set(values.map((v) => typeof v));
  const type = types.size !== 1 ? undefined : types.has('string') ? 'string' : types.has('number') ? 'number' : undefined;
  // A copy: the array belongs to class-validator's metadata and the result gets frozen.
  return { ...(type && { type }), enum: [...(values as readonly unknown[])] };
}

/**
 * class-validator constraint name → JSON Schema keywords. Validators absent from this table
 * (custom ones included) still validate; the schema is simply silent about them.
 * Each rule states the type its validator requires (class-validator's `min` rejects non-numbers).
 */
const RULES: Readonly<Record<string, Rule>> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isArray: () => ({ type: 'array' }),
  isObject: () => ({ type: 'object' }),
  // class-validator's second constraint lists the enum values without TypeScript's reverse mappings.
  isEnum: (c) => enumOf(c[1]),
  isIn: (c) => enumOf(c[0]),
  min: (c) => ({ type: 'number', minimum: number(c[0]) }),
  max: (c) => ({ type: 'number', maximum: number(c[0]) }),
  isPositive: () => ({ type: 'number', exclusiveMinimum: 0 }),
  isNegative: () => ({ type: 'number', exclusiveMaximum: 0 }),
  minLength: (c) => ({ type: 'string', minLength: number(c[0]) }),
  maxLength: (c) => ({ type: 'string', maxLength: number(c[0]) }),
  isLength: (c) => ({ type: 'string', minLength: number(c[0]), maxLength: number(c[1]) }),
  // class-validator's isNotEmpty: not '', null or undefined; narrowed to minLength once the type is known.
  isNotEmpty: () => ({ not: { enum: ['', null] } }),
  matches: (c) => pattern(c[0], c[1]),
  isEmail: () => ({ type: 'string', format: 'email' }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  isUrl: () => ({ type: 'string', format: 'uri' }),
  isDateString: () => ({ type: 'string', format: 'date-time' }),
  isIso8601: () => ({ type: 'string', format: 'date-time' }),
  arrayMinSize: (c) => ({ type: 'array', minItems: number(c[0]) }),
  arrayMaxSize: (c) => ({ type: 'array', maxItems: number(c[0]) }),
  arrayNotEmpty: () => ({ type: 'array', minItems: 1 }),
  // The framework's own constraints (src/sanitizers): both require strings.
  isSafePath: () => ({ type: 'string' }),
  noScriptContent: () => ({ type: 'string' }),
};

/** Descriptions that tell a client's model what a framework annotation of a field requires. */
const FIELD_HINTS: Readonly<Record<string, string>> = {
  safePath: 'A relative path inside the allowed directory (no "..", not absolute).',
  noScriptContent: 'Must not contain script content (javascript: or data:text/html URLs, <script> and similar tags).',
};

// When two decorators bound the same keyword, the tighter bound is the one validation enforces.
const LOWER_BOUNDS = new Set(['minimum', 'minLength', 'minItems']);
const UPPER_BOUNDS = new Set(['maximum', 'maxLength', 'maxItems']);

function merge(into: JsonSchema, from: JsonSchema, where: string): void {
  const target = into as Record<string, unknown>;
  for (const [key, value] of Object.entries(from)) {
    const current = target[key];
    if (value === undefined) continue;
    if (current === undefined || current === value) target[key] = value;
    else if (LOWER_BOUNDS.has(key)) target[key] = Math.max(current as number, value as number);
    else if (UPPER_BOUNDS.has(key)) target[key] = Math.min(current as number, value as number);
    // One `pattern` per schema: further ones are ANDed in through `allOf`, as validation ANDs them.
    else if (key === 'pattern') merge(into, { allOf: [{ pattern: value as string }] }, where);
    else if (key === 'allOf') {
      const known = (current as JsonSchema[]).map((s) => JSON.stringify(s));
      target[key] = [...(current as JsonSchema[]), ...(value as JsonSchema[]).filter((s) => !known.includes(JSON.stringify(s)))];
    } else if (key === 'type') {
      // An integer is a number; any other pair of types can never be satisfied together.
      if (![current, value].every((t) => t === 'integer' || t === 'number')) {
        throw new Error(`${where}: its decorators require both ${current as string} and ${value as string}, so no value can pass`);
      }
      target[key] = 'integer';
    } else target[key] = value;
  }
}

function objectSchema(dto: Class, ancestors: readonly Class[]): JsonSchemaObject {
  const fields = getDtoFields(dto);
  const defaults = readStringDefaults(dto);
  const schema: JsonSchemaObject = { type: 'object', properties: {} };
  const required: string[] = [];
  for (const property of readDtoProperties(dto)) {
    const field = fields[property.name] ?? {};
    const hints = Object.keys(FIELD_HINTS)
      .filter((key) => field[key] === true)
      .map((key) => FIELD_HINTS[key]);
    const description = [field.description, ...hints].filter((text) => typeof text === 'string' && text.length > 0).join(' ');
    const where = `${dto.name}.${property.name}`;
    const propSchema = propertySchema(dto, property, description || undefined, [...ancestors, dto]);
    if (defaults) applyStringDefaults(propSchema, defaults, where);
    schema.properties[property.name] = propSchema;
    if (!property.optional) required.push(property.name);
  }
  if (required.length > 0) schema.required = required;
  schema.additionalProperties = false;
  return schema;
}

/**
 * `@StringDefaults()` rules on a property the schema types as a string, or on the items of an
 * array of strings: exactly the values the validator applies them to.
 */
export function applyStringDefaults(schema: JsonSchema, defaults: ResolvedStringDefaults, where: string): void {
  const rules: JsonSchema = {
    ...(defaults.maxLength !== undefined && { maxLength: defaults.maxLength }),
    ...(!defaults.allowControlCharacters && { pattern: NO_CONTROL_CHARACTER_PATTERN }),
  };
  if (schema.type === 'string') merge(schema, rules, where);
  if (schema.type === 'array' && schema.items?.type === 'string') merge(schema.items, rules, where);
}

/** `not: { enum: ['', null] }` from isNotEmpty: once the type is string, `minLength` says the same. */
function narrowNotEmpty(schema: JsonSchema, where: string): void {
  if (schema.not?.enum?.length === 2 && schema.not.enum[0] === '' && schema.not.enum[1] === null && schema.type !== undefined) {
    delete schema.not;
    if (schema.type === 'string') merge(schema, { minLength: 1 }, where);
  }
}

function propertySchema(dto: Class, property: DtoProperty, description: unknown, path: readonly Class[]): JsonSchema {
  const where = `${dto.name}.${property.name}`;
  const schema: JsonSchema = typeof description === 'string' ? { description } : {};
  const items: JsonSchema = {};
  for (const metadata of property.metadatas) {
    const rule = metadata.type === ValidationTypes.CUSTOM_VALIDATION && metadata.name ? RULES[metadata.name] : undefined;
    if (rule) merge(metadata.each ? items : schema, rule(metadata.constraints ?? []), where);
  }
  narrowNotEmpty(schema, where);
  narrowNotEmpty(items, where);
  if (property.nested) {
    const { dto: child, many } = property.nested;
    // Schemas are inlined (no $ref), so a DTO that contains itself would never end.
    if (path.includes(child)) {
      throw new Error(`${where} refers back to ${child.name}: recursive DTOs cannot be inlined in a JSON Schema`);
    }
    const childSchema = objectSchema(child, path);
    if (many) merge(schema, { type: 'array' }, where);
    merge(many ? items : schema, childSchema, where);
  }
  if (Object.keys(items).length > 0) {
    if (schema.type === 'array') schema.items = items;
    // class-validator applies `each` rules to the value itself when it is not an array.
    else Object.assign(schema, { if: { type: 'array' }, then: { type: 'array', items }, else: items });
  }
  return schema;
}

/**
 * Builds the JSON Schema of a DTO class from its class-validator decorators, once, at start-up.
 *
 * The schema is self-contained (nested DTOs are inlined, never `$ref`), closed
 * (`additionalProperties: false` at every DTO level) and deep-frozen. A property is required
 * unless it has `@IsOptional()`. Descriptions come from the framework's DTO field annotations.
 * Throws, naming the class and property, for a recursive DTO, a `@ValidateNested()` without
 * `@Type`, or decorators that require two incompatible types.
 *
 * @example
 * class AddInput {
 *   @IsInt() @Min(0) a!: number;
 *   @IsOptional() @IsInt() b?: number;
 * }
 * buildInputSchema(AddInput);
 * // { type: 'object',
 * //   properties: { a: { type: 'integer', minimum: 0 }, b: { type: 'integer' } },
 * //   required: ['a'], additionalProperties: false }
 */
export function buildInputSchema(dto: Class | undefined): JsonSchemaObject {
  const schema: JsonSchemaObject = dto === undefined ? { type: 'object', properties: {}, additionalProperties: false } : objectSchema(dto, []);
  return deepFreeze(schema);
}

import type { ValidateFunction } from 'ajv';
import { compileJsonSchema, describeErrors } from '../dto/json-schema-validator';
import { buildInputSchema, type JsonSchema } from '../dto/schema';
import { createDtoValidator, type DtoValidator } from '../dto/validator';
import type { Class } from '../metadata/metadata.types';

/*
 * Elicitation forms (`elicitation/create`, form mode), as the 2025-11-25 specification restricts
 * them: one flat object of strings, numbers, booleans and enums, each with an optional default
 * (SEP-1034), enums single- or multi-select, with or without option titles (SEP-1330).
 * The types are readonly so that `as const`-free literals keep their enum values for inference.
 */

/** What every elicitation field may carry. */
export interface FieldBase {
  /** The label the client shows for the field. */
  readonly title?: string;
  /** Help text shown with the field. */
  readonly description?: string;
}

/** A free-text field. */
export interface StringField extends FieldBase {
  /** Marks a text field. */
  readonly type: 'string';
  /** Fewest characters accepted, in code points. */
  readonly minLength?: number;
  /** Most characters accepted, in code points. */
  readonly maxLength?: number;
  /** A format the value must have (JSON Schema `format`). */
  readonly format?: 'email' | 'uri' | 'date' | 'date-time';
  /** The value the form starts with. */
  readonly default?: string;
}

/** A numeric field; `integer` refuses fractions. */
export interface NumberField extends FieldBase {
  /** `number` for any number, `integer` for whole numbers only. */
  readonly type: 'number' | 'integer';
  /** Smallest value accepted (inclusive). */
  readonly minimum?: number;
  /** Largest value accepted (inclusive). */
  readonly maximum?: number;
  /** The value the form starts with. */
  readonly default?: number;
}

/** A yes/no field. */
export interface BooleanField extends FieldBase {
  /** Marks a yes/no field. */
  readonly type: 'boolean';
  /** The value the form starts with. */
  readonly default?: boolean;
}

/** One choice among values shown as they are. */
export interface SingleSelectField extends FieldBase {
  /** The chosen value is a string. */
  readonly type: 'string';
  /** The values to choose from, shown as they are. */
  readonly enum: readonly string[];
  /** Deprecated by the specification in favour of `oneOf` with titles; still accepted. */
  readonly enumNames?: readonly string[];
  /** The value chosen when the form opens; one of `enum`. */
  readonly default?: string;
}

/** One choice among values shown by their titles. */
export interface TitledSingleSelectField extends FieldBase {
  /** The chosen value is a string. */
  readonly type: 'string';
  /** The options: `const` is the value sent back, `title` the label shown. */
  readonly oneOf: readonly { readonly const: string; readonly title: string }[];
  /** The value chosen when the form opens; one of the `const` values. */
  readonly default?: string;
}

/** Several choices among values shown as they are. */
export interface MultiSelectField extends FieldBase {
  /** The chosen values come back as an array. */
  readonly type: 'array';
  /** The values to choose from, shown as they are. */
  readonly items: { readonly type: 'string'; readonly enum: readonly string[] };
  /** Fewest values the user must choose. */
  readonly minItems?: number;
  /** Most values the user may choose. */
  readonly maxItems?: number;
  /** The values chosen when the form opens. */
  readonly default?: readonly string[];
}

/** Several choices among values shown by their titles. */
export interface TitledMultiSelectField extends FieldBase {
  /** The chosen values come back as an array. */
  readonly type: 'array';
  /** The options: `const` is the value sent back, `title` the label shown. */
  readonly items: { readonly anyOf: readonly { readonly const: string; readonly title: string }[] };
  /** Fewest values the user must choose. */
  readonly minItems?: number;
  /** Most values the user may choose. */
  readonly maxItems?: number;
  /** The values chosen when the form opens. */
  readonly default?: readonly string[];
}

/** One field of an elicitation form. */
export type ElicitationField =
  StringField | NumberField | BooleanField | SingleSelectField | TitledSingleSelectField | MultiSelectField | TitledMultiSelectField;

/** The requested schema of a form elicitation: a flat object of fields. */
export interface ElicitationSchema {
  /** Always `object`: the form is one flat object. */
  readonly type: 'object';
  /** The fields, by the name their value comes back under. */
  readonly properties: Readonly<Record<string, ElicitationField>>;
  /** Names of the fields the user must fill in; the others may come back absent. */
  readonly required?: readonly string[];
}

/** The value type of one field. */
export type ElicitedValue<F> = F extends { readonly type: 'array'; readonly items: { readonly enum: readonly (infer E)[] } }
  ? E[]
  : F extends { readonly type: 'array'; readonly items: { readonly anyOf: readonly { readonly const: infer C }[] } }
    ? C[]
    : F extends { readonly oneOf: readonly { readonly const: infer C }[] }
      ? C
      : F extends { readonly enum: readonly (infer E)[] }
        ? E
        : F extends { readonly type: 'string' }
          ? string
          : F extends { readonly type: 'number' | 'integer' }
            ? number
            : F extends { readonly type: 'boolean' }
              ? boolean
              : never;

/** The keys an elicitation schema lists as required. */
export type RequiredKeys<S extends ElicitationSchema> = S extends { readonly required: readonly (infer K)[] } ? K & keyof S['properties'] : never;
/** Shows an intersection as one object type. */
export type Flatten<T> = { [K in keyof T]: T[K] };

/** What the user sends back for a schema: required fields present, others optional. */
export type ElicitedContent<S extends ElicitationSchema> = Flatten<
  { -readonly [K in RequiredKeys<S>]: ElicitedValue<S['properties'][K]> } & {
    -readonly [K in Exclude<keyof S['properties'], RequiredKeys<S>>]?: ElicitedValue<S['properties'][K]>;
  }
>;

/**
 * The user's answer: `accept` with the content (validated against the form), or `decline` /
 * `cancel` without content.
 */
export type ElicitationOutcome<T> =
  { readonly action: 'accept'; readonly content: T } | { readonly action: 'decline' | 'cancel'; readonly content?: undefined };

/** A form ready to send, and how to check what comes back. */
export interface ElicitationForm {
  readonly requestedSchema: ElicitationSchema;
  /** The accepted content, typed and validated, or the reasons it does not fit the form. */
  check(content: unknown): { ok: true; value: unknown } | { ok: false; errors: string[] };
}

const FORMATS = new Set(['email', 'uri', 'date', 'date-time']);
const forms = new WeakMap<object, ElicitationForm>();

/**
 * The form of an elicitation: a raw schema as given, or one derived from a DTO class (its
 * validators give the fields, its property initializers the defaults). Computed once per schema
 * object or class.
 */
export function elicitationForm(schemaOrDto: ElicitationSchema | Class): ElicitationForm {
  let form = forms.get(schemaOrDto);
  if (!form) {
    form = typeof schemaOrDto === 'function' ? formOfDto(schemaOrDto) : formOfSchema(schemaOrDto);
    forms.set(schemaOrDto, form);
  }
  return form;
}

function formOfSchema(schema: ElicitationSchema): ElicitationForm {
  if (schema?.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
    throw new Error('an elicitation schema is { type: "object", properties: { ... }, required?: [...] }');
  }
  for (const [name, field] of Object.entries(schema.properties)) {
    const type = (field as { type?: unknown })?.type;
    if (!['string', 'number', 'integer', 'boolean', 'array'].includes(type as string)) {
      throw new Error(`elicitation field ${name}: type must be string, number, integer, boolean or array (multi-select), got ${String(type)}`);
    }
  }
  let validate: ValidateFunction | undefined;
  return {
    requestedSchema: schema,
    check(content) {
      // `enumNames` is not JSON Schema; ajv ignores unknown keywords.
      validate ??= compileJsonSchema(schema as unknown as Record<string, unknown>);
      const copy = structuredClone(content ?? {});
      return validate(copy) ? { ok: true, value: copy } : { ok: false, errors: describeErrors(validate.errors, 'content') };
    },
  };
}

function formOfDto(dto: Class): ElicitationForm {
  const schema = buildInputSchema(dto);
  const defaults = defaultsOf(dto);
  const properties: Record<string, ElicitationField> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    properties[name] = fieldOf(`${dto.name}.${name}`, property, defaults[name]);
  }
  const requestedSchema: ElicitationSchema = { type: 'object', properties, ...(schema.required ? { required: [...schema.required] } : {}) };
  const validator: DtoValidator = createDtoValidator(dto);
  return {
    requestedSchema,
    check: (content) => {
      const outcome = validator.validate(content ?? {});
      return outcome.ok ? { ok: true, value: outcome.value } : { ok: false, errors: outcome.errors };
    },
  };
}

/** Property initializers of a DTO (`name = 'John Doe'`), read from an instance built without arguments. */
function defaultsOf(dto: Class): Record<string, unknown> {
  try {
    return { ...(new dto() as Record<string, unknown>) };
  } catch {
    return {};
  }
}

function fieldOf(where: string, property: JsonSchema, initial: unknown): ElicitationField {
  const base = { ...(property.description === undefined ? {} : { description: property.description }) };
  const unsupported = (why: string): Error =>
    new Error(`${where}: ${why}; elicitation forms hold strings, numbers, booleans and enums (single or multiple choice)`);
  if (property.type === 'array') {
    const values = property.items?.enum;
    if (!values || !values.every((v) => typeof v === 'string')) throw unsupported('arrays must be string enums (@IsIn([...], { each: true }))');
    const chosen = Array.isArray(initial) && initial.every((v) => typeof v === 'string') ? { default: [...initial] } : {};
    return {
      ...base,
      type: 'array',
      items: { type: 'string', enum: [...values] },
      ...(property.minItems === undefined ? {} : { minItems: property.minItems }),
      ...(property.maxItems === undefined ? {} : { maxItems: property.maxItems }),
      ...chosen,
    };
  }
  if (property.enum) {
    if (!property.enum.every((v) => typeof v === 'string')) throw unsupported('enum values must be strings');
    return { ...base, type: 'string', enum: [...property.enum], ...(typeof initial === 'string' ? { default: initial } : {}) };
  }
  switch (property.type) {
    case 'string':
      return {
        ...base,
        type: 'string',
        ...(property.minLength === undefined ? {} : { minLength: property.minLength }),
        ...(property.maxLength === undefined ? {} : { maxLength: property.maxLength }),
        ...(property.format && FORMATS.has(property.format) ? { format: property.format as StringField['format'] } : {}),
        ...(typeof initial === 'string' ? { default: initial } : {}),
      };
    case 'number':
    case 'integer':
      return {
        ...base,
        type: property.type,
        ...(property.minimum === undefined ? {} : { minimum: property.minimum }),
        ...(property.maximum === undefined ? {} : { maximum: property.maximum }),
        ...(typeof initial === 'number' ? { default: initial } : {}),
      };
    case 'boolean':
      return { ...base, type: 'boolean', ...(typeof initial === 'boolean' ? { default: initial } : {}) };
    default:
      throw unsupported(
        property.type === undefined ? 'its type is not declared (add @IsString(), @IsInt(), @IsBoolean()...)' : `type ${property.type} is not allowed`,
      );
  }
}

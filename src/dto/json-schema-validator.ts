import type Ajv from 'ajv';
import type { AnySchema, ErrorObject, Options, ValidateFunction } from 'ajv';
import { copyWithinLimits, DEFAULT_INPUT_LIMITS, type InputLimits } from './input-limits';
import type { DtoValidator, ValidationOutcome } from './validator';

/** A JSON Schema document, as a user writes it (any dialect ajv knows). */
export type JsonSchemaDocument = Readonly<Record<string, unknown>>;

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const MAX_ERRORS = 100;

// Schemas come from users and clients: unknown keywords (`enumNames`, `x-...`) are allowed and
// every failure is reported.
// `verbose` keeps each failing keyword's schema, so that choices can be listed in messages.
const OPTIONS: Options = { strict: false, allErrors: true, validateFormats: true, verbose: true };

type Dialect = 'draft-07' | '2019-09' | '2020-12';

/** Which ajv dialect a `$schema` asks for; MCP's default dialect is 2020-12. */
function dialectOf(schema: JsonSchemaDocument): Dialect {
  const declared = schema['$schema'];
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') throw new Error('$schema must be a string');
  const uri = declared.replace(/#$/, '');
  if (uri === DRAFT_2020_12) return '2020-12';
  if (uri === 'https://json-schema.org/draft/2019-09/schema') return '2019-09';
  if (/^https?:\/\/json-schema\.org\/draft-0[67]\/schema$/.test(uri)) return 'draft-07';
  throw new Error(`unsupported $schema ${declared} (use 2020-12, 2019-09 or draft-07)`);
}

const engines = new Map<string, Ajv>();

function engine(dialect: Dialect, useDefaults: boolean): Ajv {
  const key = `${dialect}:${useDefaults}`;
  let ajv = engines.get(key);
  if (!ajv) {
    const options = { ...OPTIONS, useDefaults };
    // Loaded by the first raw JSON Schema compiled: apps with DTOs only never load these dialects.
    const Engine: new (options: Options) => Ajv =
      dialect === '2020-12'
        ? (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default
        : dialect === '2019-09'
          ? (require('ajv/dist/2019') as typeof import('ajv/dist/2019')).default
          : (require('ajv') as typeof import('ajv')).default;
    const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
    ajv = new Engine(options);
    addFormats(ajv);
    engines.set(key, ajv);
  }
  return ajv;
}

/**
 * Compiles a JSON Schema once. Throws (with ajv's reason) for a schema that is not valid in its
 * dialect. With `useDefaults`, validation writes `default`s into the value it checks.
 * Internal: used for raw tool input schemas and elicitation forms.
 */
export function compileJsonSchema(schema: JsonSchemaDocument, options: { useDefaults?: boolean } = {}): ValidateFunction {
  const ajv = engine(dialectOf(schema), options.useDefaults ?? false);
  try {
    return ajv.compile(schema as AnySchema);
  } finally {
    // The engines are shared: forgetting the schema (compiled or refused) keeps their cache
    // bounded (one form per elicitation) and lets two apps declare the same `$id`. A compiled
    // function stays usable.
    ajv.removeSchema(schema);
  }
}

const pathOf = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');

/** The `const` values of `oneOf`/`anyOf` branches, when every branch is one (titled choices). */
function choicesOf(branches: unknown): unknown[] | undefined {
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  if (!branches.every((b) => typeof b === 'object' && b !== null && 'const' in b)) return undefined;
  return branches.map((b: { const: unknown }) => b.const);
}

/** ajv errors as messages in the style of the DTO validator (`a must be integer`). */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, root = 'arguments'): string[] {
  const all = errors ?? [];
  const choices = new Map<string, unknown[]>();
  for (const error of all) {
    const values = (error.keyword === 'oneOf' || error.keyword === 'anyOf') && choicesOf(error.schema);
    if (values) choices.set(error.instancePath, values);
  }
  // A choice among titled values fails every branch's `const`; one message says it all.
  const relevant = all.filter((error) => !(error.keyword === 'const' && choices.has(error.instancePath)));
  const messages = relevant.map((error) => {
    const path = pathOf(error.instancePath);
    const where = path || root;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties') return `property ${path ? `${path}.` : ''}${String(params['additionalProperty'])} should not exist`;
    if (error.keyword === 'required') return `${path ? `${path}.` : ''}${String(params['missingProperty'])} is required`;
    if (error.keyword === 'enum') return `${where} must be one of ${JSON.stringify(params['allowedValues'])}`;
    const values = choices.get(error.instancePath);
    if (values && (error.keyword === 'oneOf' || error.keyword === 'anyOf')) return `${where} must be one of ${JSON.stringify(values)}`;
    return `${where} ${error.message ?? `fails ${error.keyword}`}`;
  });
  const unique = [...new Set(messages)];
  return unique.length <= MAX_ERRORS ? unique : [...unique.slice(0, MAX_ERRORS), `and ${unique.length - MAX_ERRORS} more errors`];
}

/**
 * The validator of a tool whose input is a raw JSON Schema: the same bounds and key hygiene as
 * DTO validation (size limits, `__proto__`/`constructor`/`prototype` dropped), then the schema,
 * with `default`s filled in. The method receives the validated plain object.
 *
 * @example
 * const validator = createJsonSchemaValidator({ type: 'object', properties: { n: { type: 'integer' } } });
 * validator.validate({ n: 'x' }); // { ok: false, errors: ['n must be integer'] }
 */
export function createJsonSchemaValidator(schema: JsonSchemaDocument, limits?: Partial<InputLimits>): DtoValidator {
  const bounds: InputLimits = Object.freeze({ ...DEFAULT_INPUT_LIMITS, ...limits });
  const check = compileJsonSchema(schema, { useDefaults: true });
  return {
    validate(input: unknown): ValidationOutcome {
      const raw = input === undefined ? {} : input;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, errors: ['arguments must be an object'] };
      const copied = copyWithinLimits(raw, bounds);
      if (!copied.ok) return copied;
      if (check(copied.value)) return { ok: true, value: copied.value };
      return { ok: false, errors: describeErrors(check.errors) };
    },
  };
}

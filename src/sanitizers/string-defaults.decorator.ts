import { McpDefinitionError } from '../errors/tool-error';
import type { Class } from '../metadata/metadata.types';
import { getDtoClass, setDtoClass } from '../metadata/reflect';

/** Rules applied to every string field of a DTO (see {@link StringDefaults}). */
export interface StringDefaultsOptions {
  /** Longest string accepted, in Unicode code points (as JSON Schema's `maxLength` counts). */
  maxLength?: number;
  /** Accept C0/C1 control characters other than tab, line feed and carriage return (default: no). */
  allowControlCharacters?: boolean;
}

/** The rules in force for a DTO class, after its base classes' annotations. */
export interface ResolvedStringDefaults {
  readonly maxLength?: number;
  readonly allowControlCharacters: boolean;
}

const KEY = 'stringDefaults';

/**
 * Class decorator: rules for every string field of the DTO and of its subclasses: fields the
 * schema types as strings, and arrays of strings. Enforced at run time and advertised in the
 * JSON Schema (`maxLength`, and a `pattern` without control characters). A subclass's options
 * override its base's. `SecureInput` is a base class carrying sensible ones.
 *
 * @example
 * @StringDefaults({ maxLength: 200 })
 * class SearchInput {
 *   @IsString() query!: string;            // at most 200 characters, no control characters
 * }
 */
export function StringDefaults(options: StringDefaultsOptions): ClassDecorator {
  const { maxLength } = options;
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 0)) {
    throw new McpDefinitionError(`@StringDefaults: maxLength must be a non-negative integer, got ${String(maxLength)}`);
  }
  const frozen = Object.freeze({ ...options });
  return (target) => {
    const current = (getDtoClass(target as unknown as Class)[KEY] ?? {}) as StringDefaultsOptions;
    setDtoClass(target as unknown as Class, { [KEY]: Object.freeze({ ...current, ...frozen }) });
  };
}

/** The string rules of a DTO class, or `undefined` when neither it nor a base class has any. */
export function readStringDefaults(dto: Class): ResolvedStringDefaults | undefined {
  const options = getDtoClass(dto)[KEY] as StringDefaultsOptions | undefined;
  if (!options) return undefined;
  return Object.freeze({ maxLength: options.maxLength, allowControlCharacters: options.allowControlCharacters ?? false });
}

import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { setDtoField } from '../metadata/reflect';
import { findScriptContent } from './text-sanitizers';

/** The class-validator constraint name; also the JSON Schema rule's key. */
export const NO_SCRIPT_CONTENT = 'noScriptContent';

/**
 * Rejects a string (or, with `{ each: true }`, each string of an array) that carries script:
 * `javascript:`, `vbscript:` and `data:text/html` URLs, `<script`, `<iframe`, `<object`,
 * `<embed`, `<svg` tags. The check sees through case, whitespace and control characters,
 * HTML entities and percent-encoding (`JaVa&#x09;Script&colon;`, `%3Cscript` are caught).
 * Non-strings are rejected too. The message names the field and the kind of content, never
 * quoting the value.
 *
 * @example
 * class MessageInput {
 *   @NoScriptContent() @IsString() @MaxLength(1000) message!: string;
 * }
 */
export function NoScriptContent(options?: ValidationOptions): PropertyDecorator {
  const validate = ValidateBy(
    {
      name: NO_SCRIPT_CONTENT,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && findScriptContent(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => {
          const each = options?.each ? 'each value in ' : '';
          const values: unknown[] = Array.isArray(args?.value) ? args.value : [args?.value];
          const nonString = values.some((value) => typeof value !== 'string');
          const marker = values.map((value) => (typeof value === 'string' ? findScriptContent(value) : undefined)).find(Boolean);
          if (marker) return `${each}$property contains potentially dangerous content (${marker})`;
          return nonString ? `${each}$property must be a string` : `${each}$property must be a string without script content`;
        },
      },
    },
    options,
  );
  return (prototype, propertyKey) => {
    validate(prototype, propertyKey);
    setDtoField(prototype, String(propertyKey), { [NO_SCRIPT_CONTENT]: true });
  };
}

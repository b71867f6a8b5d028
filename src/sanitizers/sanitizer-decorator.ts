import { Transform } from 'class-transformer';
import { setDtoField } from '../metadata/reflect';
import { mapStrings } from './text-sanitizers';

/**
 * A property decorator that records a sanitizer: a class-transformer `@Transform` (so it runs
 * while the DTO instance is built, before validation) plus a DTO field annotation naming it.
 * Strings and arrays of strings are sanitized; any other value passes through for the type
 * validators to judge.
 */
export function sanitizing(annotation: string, fn: (text: string) => string): PropertyDecorator {
  const transform = Transform(({ value }) => mapStrings(value, fn));
  return (prototype, propertyKey) => {
    transform(prototype, propertyKey);
    setDtoField(prototype, String(propertyKey), { [annotation]: true });
  };
}

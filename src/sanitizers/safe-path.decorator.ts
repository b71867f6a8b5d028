import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { setDtoField } from '../metadata/reflect';
import { mapStrings, resolveSafePath } from './text-sanitizers';

/** The class-validator constraint name; also the JSON Schema rule's key. */
export const SAFE_PATH = 'isSafePath';

/** Why a path was refused; stands in for the value between transformation and validation. */
class PathRejection {
  constructor(readonly reason: string) {}
}

/**
 * A path argument confined to `baseDir`. The client sends a relative path; the method receives
 * it resolved to an absolute path inside the real path of `baseDir`. Rejected, with a message
 * naming the field: empty paths, NUL bytes, absolute paths, backslashes, `..` segments, and paths
 * that a symbolic link (existing at validation time) would lead outside `baseDir`. The
 * check is synchronous (`fs.realpathSync`), as class-validator's synchronous validation requires.
 *
 * `baseDir` may be a function, read at each call, for a directory known only at run time.
 * With `{ each: true }` every string of an array is resolved.
 *
 * @example
 * class ReadFileInput {
 *   @SafePath('/srv/data') file!: string;   // 'reports/q1.txt' → '/srv/data/reports/q1.txt'
 * }
 */
export function SafePath(baseDir: string | (() => string), options?: ValidationOptions): PropertyDecorator {
  const base = typeof baseDir === 'function' ? baseDir : () => baseDir;
  const transform = Transform(({ value }) =>
    mapStrings(value, (text) => {
      const outcome = resolveSafePath(text, base());
      return outcome.ok ? outcome.path : (new PathRejection(outcome.reason) as unknown as string);
    }),
  );
  const validate = ValidateBy(
    {
      name: SAFE_PATH,
      validator: {
        // Only a string that went through the transform (so was resolved inside the base) is here.
        validate: (value: unknown) => typeof value === 'string',
        defaultMessage: (args?: ValidationArguments) => {
          const each = options?.each ? 'each value in ' : '';
          const values: unknown[] = Array.isArray(args?.value) ? args.value : [args?.value];
          const rejection = values.find((value): value is PathRejection => value instanceof PathRejection);
          return rejection ? `${each}$property ${rejection.reason}` : `${each}$property must be a relative path string`;
        },
      },
    },
    options,
  );
  return (prototype, propertyKey) => {
    transform(prototype, propertyKey);
    validate(prototype, propertyKey);
    setDtoField(prototype, String(propertyKey), { safePath: true });
  };
}

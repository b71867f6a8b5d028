import { sanitizing } from './sanitizer-decorator';
import { trim } from './text-sanitizers';

/**
 * Removes leading and trailing whitespace (as `String.prototype.trim`) from a string field, or
 * from each string of an array field, before validation: `@Trim() @IsNotEmpty()` refuses `'   '`.
 *
 * @example
 * class SignUp {
 *   @Trim() @IsString() @Length(3, 32) username!: string;
 * }
 */
export function Trim(): PropertyDecorator {
  return sanitizing('trim', trim);
}

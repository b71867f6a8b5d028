import { StringDefaults } from './string-defaults.decorator';

/** Longest string a `SecureInput` field accepts unless the DTO says otherwise. */
export const SECURE_INPUT_MAX_LENGTH = 10_000;

/**
 * A base class for DTOs with sensible defaults on every string field: at most 10 000
 * characters and no control characters (tab, line feed and carriage return are allowed).
 * Field decorators still apply (a tighter `@MaxLength` wins); a subclass changes the defaults
 * with its own `@StringDefaults()`. HTML escaping is not a default: it is right for text that
 * will be put in HTML and wrong for anything else, so fields opt in with `@EscapeHtml()`.
 *
 * @example
 * class UserMessage extends SecureInput {
 *   @NoScriptContent() @IsString() @Length(1, 1000) message!: string;
 *   @IsEmail() recipient!: string;
 * }
 */
@StringDefaults({ maxLength: SECURE_INPUT_MAX_LENGTH, allowControlCharacters: false })
export class SecureInput {}

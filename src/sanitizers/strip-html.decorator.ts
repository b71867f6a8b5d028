import { sanitizing } from './sanitizer-decorator';
import { stripHtml } from './text-sanitizers';

/**
 * Removes every HTML tag from a string field (or each string of an array field) before
 * validation, with sanitize-html; the content of `<script>`, `<style>` and similar elements goes
 * too. What remains is text safe to put in HTML (`<`, `>`, `&` left in it are entities).
 *
 * @example
 * class ProfileInput {
 *   @StripHtml() @IsString() @MaxLength(500) bio!: string;
 * }
 */
export function StripHtml(): PropertyDecorator {
  return sanitizing('stripHtml', stripHtml);
}

import { sanitizing } from './sanitizer-decorator';
import { escapeHtml } from './text-sanitizers';

/**
 * HTML-escapes a string field (or each string of an array field) before validation, with
 * validator's `escape`: the method receives `&lt;script&gt;` where the client sent `<script>`.
 * Entities already in the input are not escaped twice, so the sanitizer is idempotent. Length
 * constraints check the escaped text.
 *
 * @example
 * class CommentInput {
 *   @EscapeHtml() @IsString() @MaxLength(2000) body!: string;
 * }
 */
export function EscapeHtml(): PropertyDecorator {
  return sanitizing('escapeHtml', escapeHtml);
}

import type * as Entities from 'entities';
import fs from 'node:fs';
import path from 'node:path';
import type sanitizeHtml from 'sanitize-html';
import validator from 'validator';

/*
 * entities and sanitize-html (with postcss and htmlparser2, ~80 modules) are loaded by the
 * first sanitizer that needs them: apps whose DTOs do not use them never load them.
 */
let entities: typeof Entities | undefined;
const decodeHTML = (text: string): string => (entities ??= require('entities') as typeof Entities).decodeHTML(text);
const decodeHTMLStrict = (text: string): string => (entities ??= require('entities') as typeof Entities).decodeHTMLStrict(text);
let sanitizer: typeof sanitizeHtml | undefined;
const runSanitizeHtml = (text: string, options: sanitizeHtml.IOptions): string =>
  (sanitizer ??= require('sanitize-html') as typeof sanitizeHtml)(text, options);

/*
 * The pure functions behind the sanitizing decorators. Each runs in time linear in its input:
 * `bench/redos.bench.ts` measures them on 100 KB inputs.
 */

/** Applies `fn` to a string, or to every string of an array; other values pass through untouched. */
export function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === 'string' ? fn(item) : item));
  return value;
}

export const trim = (text: string): string => text.trim();

/**
 * HTML-escapes text with validator's `escape`. Entities already present are decoded first, so
 * escaping twice changes nothing: `&amp;` stays `&amp;` instead of becoming `&amp;amp;`. The
 * output never contains a raw `<`, `>`, `&`, `"`, `'`, `/`, `\` or backtick outside an entity.
 */
export const escapeHtml = (text: string): string => validator.escape(decodeHTMLStrict(text));

const STRIP_ALL: sanitizeHtml.IOptions = Object.freeze({
  allowedTags: [],
  allowedAttributes: {},
  // The content of these elements is code or markup, never text a reader sees.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math'],
  disallowedTagsMode: 'discard',
});

/**
 * Removes every HTML tag (and the content of script-like elements) with sanitize-html. The
 * result is text that is safe inside HTML: `<`, `>`, `&` and `"` left in it are entities.
 */
export const stripHtml = (text: string): string => runSanitizeHtml(text, STRIP_ALL);

/** What `@NoScriptContent()` looks for, after decoding and normalization; each entry names itself. */
export const SCRIPT_MARKERS: readonly string[] = Object.freeze([
  'javascript:',
  'vbscript:',
  'livescript:',
  'data:text/html',
  'data:application/xhtml',
  'data:image/svg+xml',
  '<script',
  '<iframe',
  '<object',
  '<embed',
  '<svg',
]);

/** Rounds of decoding: enough for double and triple encoding, bounded so the cost stays linear. */
const DECODE_ROUNDS = 3;
const PERCENT_RUN = /(?:%[0-9a-fA-F]{2})+/g;
// Whitespace, C0/C1 controls and invisible format characters (zero-width space, soft hyphen,
// bidi marks): browsers ignore several of them inside a URL scheme, and none is needed to see a marker.
// eslint-disable-next-line no-control-regex -- matching control characters is this expression's purpose
const INVISIBLE = /[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

function percentDecode(text: string): string {
  return text.replace(PERCENT_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // Not UTF-8: decode the ASCII bytes (every marker is ASCII) and leave the others as written,
      // as lenient decoders do, so a stray `%da` does not swallow the `da` of `data:`.
      return run.replace(/%([0-7][0-9a-fA-F])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  });
}

const fold = (text: string): string => text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();

/**
 * The forms in which `@NoScriptContent()` searches: the text itself and every result of up to
 * three decodings, HTML entities and percent-encoding each applied on its own and in either
 * order (so `&amp;#106;`, `%256A` and `%26%23106;` are seen through), each with compatibility
 * characters folded (NFKC: fullwidth letters), invisible characters removed and lower-cased.
 * Every form is searched, so decoding can only find more: a `%` that happens to precede `da`
 * cannot hide `data:text/html`. At most 15 forms, each computed in linear time.
 */
export function normalizeForScriptCheck(text: string): string[] {
  const seen = new Set([text]);
  let frontier = [text];
  for (let round = 0; round < DECODE_ROUNDS && frontier.length > 0; round++) {
    const next: string[] = [];
    for (const form of frontier) {
      for (const decoded of [decodeHTML(form), percentDecode(form)]) {
        if (!seen.has(decoded)) {
          seen.add(decoded);
          next.push(decoded);
        }
      }
    }
    frontier = next;
  }
  return [...seen].map(fold);
}

/** The first script marker found in `text`, or `undefined` when it has none. */
export function findScriptContent(text: string): string | undefined {
  const forms = normalizeForScriptCheck(text);
  return SCRIPT_MARKERS.find((marker) => forms.some((form) => form.includes(marker)));
}

/** C0 and C1 control characters except tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is this expression's purpose
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** The same rule as a JSON Schema `pattern` (whole string, no control character). */
export const NO_CONTROL_CHARACTER_PATTERN = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$';

/** Where the first control character is, for a message that names it without echoing the text. */
export function findControlCharacter(text: string): { index: number; code: string } | undefined {
  const match = CONTROL_CHARACTER.exec(text);
  if (!match) return undefined;
  return { index: match.index, code: `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

/** Length in Unicode code points, as JSON Schema's `maxLength` counts. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/** Longest path `@SafePath()` resolves: PATH_MAX on Linux. Longer input would only cost syscalls. */
export const MAX_PATH_LENGTH = 4096;

export type SafePathOutcome = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Resolves a client-supplied relative path inside `baseDir`, or says why it cannot.
 *
 * Rejects NUL bytes, absolute paths (POSIX and Windows forms), backslashes and any `..`
 * segment, then resolves the nearest existing ancestor with `fs.realpathSync`, so a symbolic link
 * inside the base that points outside it is caught too. The path returned is absolute and
 * starts with the real path of `baseDir`; parts that do not exist yet are appended as written.
 */
export function resolveSafePath(input: string, baseDir: string): SafePathOutcome {
  const reject = (reason: string): SafePathOutcome => ({ ok: false, reason });
  if (input.length === 0) return reject('must not be empty');
  if (input.length > MAX_PATH_LENGTH) return reject(`must be at most ${MAX_PATH_LENGTH} characters long`);
  if (input.includes('\0')) return reject('must not contain a NUL byte');
  if (input.includes('\\')) return reject('must use / as separator, not \\');
  if (path.posix.isAbsolute(input) || /^[a-zA-Z]:/.test(input)) return reject('must be relative, not absolute');
  if (input.split('/').includes('..')) return reject('must not contain .. segments');

  let base: string;
  try {
    base = fs.realpathSync(baseDir);
  } catch {
    return reject('cannot be resolved: the allowed directory does not exist');
  }
  const target = path.resolve(base, input);
  let existing = target;
  let real: string;
  try {
    // The nearest ancestor that exists (a dangling symlink counts as existing, and fails below).
    while (existing !== base && !fs.lstatSync(existing, { throwIfNoEntry: false })) existing = path.dirname(existing);
    real = fs.realpathSync(existing);
  } catch (error) {
    // ELOOP (a symlink cycle), ENOTDIR (a file used as a directory), a dangling link, EACCES...
    const code = (error as NodeJS.ErrnoException).code;
    return reject(code === 'ENOENT' || code === 'ELOOP' ? 'is a link that cannot be resolved' : 'cannot be resolved');
  }
  const resolved = path.join(real, path.relative(existing, target));
  if (resolved !== base && !resolved.startsWith(base + path.sep)) return reject('resolves outside the allowed directory');
  return { ok: true, path: resolved };
}

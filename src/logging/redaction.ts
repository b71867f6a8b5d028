import { readDtoProperties } from '../dto/schema';
import type { Class } from '../metadata/metadata.types';
import { getDtoFields } from '../metadata/reflect';

/**
 * What a redacted value is replaced with in logged arguments.
 *
 * @example
 * expect(logLine.args.password).toBe(REDACTED);
 */
export const REDACTED = '[REDACTED]';

/**
 * Names redacted by default, compared lowercased and without separators (`api_key`, `API-Key`
 * and `apiKey` are one name), by containment: `userPassword` and `accessToken` are covered.
 * Over-redacting a harmless field costs a log reader little; leaking a secret costs more.
 *
 * @example
 * DEFAULT_REDACTED_NAMES.includes('token'); // true: `accessToken`, `refresh_token` are redacted
 */
export const DEFAULT_REDACTED_NAMES: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'credential',
  'privatekey',
  'accesskey',
]);

/** Longest string kept in logged arguments; longer ones are cut (inputs can reach 1 MiB). */
const MAX_LOGGED_STRING = 1_024;
/** Deepest level of logged arguments (validated inputs are bounded; raw ones may not be). */
const MAX_LOGGED_DEPTH = 16;

type Rule = 'redact' | 'keep' | PlanNode;

/** What to do with each property of one DTO, computed once. */
interface PlanNode {
  readonly fields: ReadonlyMap<string, Rule>;
}

/** Turns arguments into a loggable copy with every sensitive value replaced by `[REDACTED]`. */
export type Redactor = (args: unknown) => unknown;

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Builds, once per handler, the redactor of its arguments: properties marked `@Sensitive()` on
 * the DTO or its nested DTOs are decided from the DTO's metadata now; names outside the DTO
 * (raw input that failed validation, free-form objects) are matched against `DEFAULT_REDACTED_NAMES`
 * and `extraNames` when met.
 *
 * @example
 * const redact = buildRedactor(LoginInput, ['iban']);
 * redact({ username: 'ann', password: 'hunter2' }); // { username: 'ann', password: '[REDACTED]' }
 */
export function buildRedactor(dto: Class | undefined, extraNames: readonly string[] = []): Redactor {
  const fragments = [...DEFAULT_REDACTED_NAMES, ...extraNames.map(normalize).filter((name) => name.length > 0)];
  const sensitiveName = (name: string): boolean => {
    const normalized = normalize(name);
    return fragments.some((fragment) => normalized.includes(fragment));
  };
  const root = dto === undefined ? undefined : planOf(dto, sensitiveName);
  return (args) => redactValue(args, root, sensitiveName, 0);
}

function planOf(dto: Class, sensitiveName: (name: string) => boolean): PlanNode {
  const annotations = getDtoFields(dto);
  const fields = new Map<string, Rule>();
  for (const property of readDtoProperties(dto)) {
    if (annotations[property.name]?.['sensitive'] === true || sensitiveName(property.name)) fields.set(property.name, 'redact');
    // Recursive DTOs are refused when the schema is built, so this walk ends.
    else if (property.nested) fields.set(property.name, planOf(property.nested.dto, sensitiveName));
    else fields.set(property.name, 'keep');
  }
  // Annotated properties without validators are not validated but may still be logged raw.
  for (const [name, annotation] of Object.entries(annotations)) {
    if (annotation['sensitive'] === true) fields.set(name, 'redact');
  }
  return { fields };
}

function redactValue(value: unknown, node: PlanNode | undefined, sensitiveName: (name: string) => boolean, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length > MAX_LOGGED_STRING ? `${value.slice(0, MAX_LOGGED_STRING)}…(${value.length} chars)` : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_LOGGED_DEPTH) return '[TRUNCATED]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  // An array of nested DTOs shares the plan of its items.
  if (Array.isArray(value)) return value.map((item) => redactValue(item, node, sensitiveName, depth + 1));
  // No prototype: a raw `__proto__` key stays a plain key of the copy.
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, child] of Object.entries(value)) {
    const rule = node?.fields.get(key);
    if (rule === 'redact' || (rule === undefined && sensitiveName(key))) copy[key] = REDACTED;
    else copy[key] = redactValue(child, typeof rule === 'object' ? rule : undefined, sensitiveName, depth + 1);
  }
  return copy;
}

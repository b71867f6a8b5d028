import { plainToClassFromExist, plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationTypes, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { Class } from '../metadata/metadata.types';
import { readStringDefaults, type ResolvedStringDefaults } from '../sanitizers/string-defaults.decorator';
import { codePointLength, findControlCharacter } from '../sanitizers/text-sanitizers';
import { compileFastPath } from './fast-path';
import { capMessage, copyWithinLimits, DEFAULT_INPUT_LIMITS, isPlainObject, joinPath as join, type InputLimits } from './input-limits';
import { buildInputSchema, readDtoProperties } from './schema';

export type ValidationOutcome = { ok: true; value: object } | { ok: false; errors: string[] };

export interface DtoValidator {
  /** Never throws for bad input: every problem is one message in `errors`. */
  validate(input: unknown): ValidationOutcome;
}

/** How much of an offending value a message may quote. */
const MAX_ECHO = 64;
/** A model gains nothing from the 10 001st error; the list stays readable. */
const MAX_ERRORS = 100;

const TRANSFORM: ClassTransformOptions = Object.freeze({ enableImplicitConversion: false, exposeDefaultValues: true });
const VALIDATE: ValidatorOptions = Object.freeze({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // `value` is kept so that `bound` can shorten it where a message quotes it; errors never leave this file.
  validationError: Object.freeze({ target: false, value: true }),
});

/** What the validator needs of one DTO class, read once. */
interface ClassPlan {
  /** Required properties that nothing but presence could check (`@ValidateNested()` alone skips `undefined`). */
  readonly presence: readonly string[];
  /** `@IsOptional()` properties: class-validator skips `null` there, the schema does not allow it. */
  readonly optional: readonly string[];
  /** `many`: an array of the DTO; class-validator would also take one object (and vice versa). */
  readonly nested: readonly { readonly name: string; readonly dto: Class; readonly many: boolean }[];
  /** `@StringDefaults()` in force, with the properties the schema types as strings or arrays of strings. */
  readonly strings?: { readonly defaults: ResolvedStringDefaults; readonly scalar: readonly string[]; readonly items: readonly string[] };
}

/**
 * Reads every DTO reachable from `dto` once: what presence checks it needs, and whether any
 * constraint is asynchronous (which `validateSync` would silently skip, so it is refused).
 */
function planClasses(dto: Class): Map<Class, ClassPlan> {
  const storage = getMetadataStorage();
  const plans = new Map<Class, ClassPlan>();
  const pending = [dto];
  while (pending.length > 0) {
    const cls = pending.pop()!;
    if (plans.has(cls)) continue;
    const presence: string[] = [];
    const optional: string[] = [];
    const nested: { name: string; dto: Class; many: boolean }[] = [];
    for (const property of readDtoProperties(cls)) {
      if (property.optional) optional.push(property.name);
      for (const metadata of property.metadatas) {
        const isAsync =
          metadata.type === ValidationTypes.PROMISE_VALIDATION ||
          (metadata.type === ValidationTypes.CUSTOM_VALIDATION && storage.getTargetValidatorConstraints(metadata.constraintCls).some((c) => c.async));
        if (isAsync) {
          throw new Error(`${cls.name}.${property.name}: asynchronous class-validator constraints are not supported`);
        }
      }
      const checksValue = property.metadatas.some((m) => m.type === ValidationTypes.CUSTOM_VALIDATION || m.type === ValidationTypes.IS_DEFINED);
      if (!property.optional && !checksValue) presence.push(property.name);
      if (property.nested) {
        nested.push({ name: property.name, dto: property.nested.dto, many: property.nested.many });
        pending.push(property.nested.dto);
      }
    }
    plans.set(cls, { presence, optional, nested, ...planStrings(cls) });
  }
  return plans;
}

/** The string fields `@StringDefaults()` governs: those its schema types as strings, so both agree. */
function planStrings(cls: Class): Pick<ClassPlan, 'strings'> {
  const defaults = readStringDefaults(cls);
  if (!defaults) return {};
  const { properties } = buildInputSchema(cls);
  const names = Object.keys(properties);
  return {
    strings: {
      defaults,
      scalar: names.filter((name) => properties[name].type === 'string'),
      items: names.filter((name) => properties[name].type === 'array' && properties[name].items?.type === 'string'),
    },
  };
}

function checkString(text: string, where: string, defaults: ResolvedStringDefaults, out: string[]): void {
  if (defaults.maxLength !== undefined && text.length > defaults.maxLength && codePointLength(text) > defaults.maxLength) {
    out.push(`${where} must be shorter than or equal to ${defaults.maxLength} characters`);
  }
  const control = defaults.allowControlCharacters ? undefined : findControlCharacter(text);
  if (control) out.push(`${where} must not contain control characters (${control.code} at position ${control.index})`);
}

/** What class-validator cannot see: presence, `null` where a property is optional, nested arity, string defaults. */
function checkInstance(object: Record<string, unknown>, dto: Class, path: string, plans: Map<Class, ClassPlan>, out: string[]): void {
  const plan = plans.get(dto)!;
  for (const name of plan.presence) if (object[name] === undefined) out.push(`${join(path, name)} is required`);
  for (const name of plan.optional) if (object[name] === null) out.push(`${join(path, name)} must be omitted rather than null`);
  if (plan.strings) {
    const { defaults, scalar, items } = plan.strings;
    for (const name of scalar) {
      const value = object[name];
      if (typeof value === 'string') checkString(value, join(path, name), defaults, out);
    }
    for (const name of items) {
      const value = object[name];
      if (Array.isArray(value)) value.forEach((item, i) => typeof item === 'string' && checkString(item, join(join(path, name), i), defaults, out));
    }
  }
  for (const { name, dto: child, many } of plan.nested) {
    const value = object[name];
    if (Array.isArray(value)) {
      if (!many) out.push(`${join(path, name)} must be an object, not an array`);
      (value as unknown[]).forEach(
        (item, i) => item instanceof child && checkInstance(item as Record<string, unknown>, child, join(join(path, name), i), plans, out),
      );
    } else if (value instanceof child) {
      if (many) out.push(`${join(path, name)} must be an array`);
      checkInstance(value as Record<string, unknown>, child, join(path, name), plans, out);
    }
  }
}

/** Message prefixes before `$property` in class-validator's built-in messages. */
const PREFIXES = ['', 'each value in ', 'property ', 'nested property '];

/** Puts the full path where class-validator wrote the bare property name. */
function locate(message: string, property: string | undefined, path: string): string {
  if (property === undefined) return path ? `${path}: ${message}` : message;
  if (path === property) return message;
  for (const prefix of PREFIXES) {
    if (message.startsWith(`${prefix}${property} `)) return `${prefix}${path}${message.slice(prefix.length + property.length)}`;
  }
  return `${path}: ${message}`;
}

/** Shortens the offending value wherever a message (`$value`) quotes it, then the message itself. */
function bound(message: string, value: unknown): string {
  // class-validator substitutes `$value` with String(value); arrays and strings are what can be long.
  const quoted = typeof value === 'string' || Array.isArray(value) ? String(value) : '';
  return capMessage(quoted.length > MAX_ECHO ? message.split(quoted).join(`${quoted.slice(0, MAX_ECHO)}…`) : message);
}

function collect(errors: readonly ValidationError[], parent: string, out: string[]): void {
  for (const error of errors) {
    const path = error.property === undefined ? parent : join(parent, error.property);
    for (const message of Object.values(error.constraints ?? {})) out.push(bound(locate(message, error.property, path), error.value));
    if (error.children?.length) collect(error.children, path, out);
  }
}

function capped(errors: string[]): string[] {
  return errors.length <= MAX_ERRORS ? errors : [...errors.slice(0, MAX_ERRORS), `and ${errors.length - MAX_ERRORS} more errors`];
}

/**
 * Creates the validator of a DTO: bounds and copies the raw arguments (dropping `__proto__`,
 * `constructor` and `prototype` keys), builds the DTO instance with class-transformer (no
 * implicit conversion; `@Transform` sanitizers run), validates it with class-validator
 * (unknown properties rejected), and checks that required nested DTOs are present.
 *
 * Validation is synchronous: a DTO with an asynchronous class-validator constraint is refused
 * here, at creation, because `validateSync` would skip it. Also throws for the DTO mistakes
 * {@link readDtoProperties} reports. `undefined` input counts as `{}`; with no DTO (or a DTO
 * without class-validator decorators) only `{}` passes, matching its advertised schema.
 * Bad input never throws; an exception thrown by a user's `@Transform` does propagate.
 *
 * @example
 * class AddInput { @IsInt() a!: number; @IsInt() b!: number; }
 * const validator = createDtoValidator(AddInput);
 * validator.validate({ a: 2, b: 3 });   // { ok: true, value: AddInput { a: 2, b: 3 } }
 * validator.validate({ a: '2', b: 3 }); // { ok: false, errors: ['a must be an integer number'] }
 */
export function createDtoValidator(dto: Class | undefined, limits?: Partial<InputLimits>, options: { fastPath?: boolean } = {}): DtoValidator {
  const bounds: InputLimits = Object.freeze({ ...DEFAULT_INPUT_LIMITS, ...limits });
  const plans = dto ? planClasses(dto) : undefined;
  // class-validator reports "an unknown value" for a class it has no metadata for; treat it as empty.
  const declared = dto !== undefined && readDtoProperties(dto).length > 0;
  // Accepts the common case without class-transformer and class-validator; see dto-fast-path.ts.
  const compiled = declared && options.fastPath !== false ? compileFastPath(dto) : undefined;
  const fast = typeof compiled === 'function' ? compiled : undefined;

  return {
    validate(input: unknown): ValidationOutcome {
      const raw = input === undefined ? {} : input;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !isPlainObject(raw)) {
        return { ok: false, errors: ['arguments must be an object'] };
      }
      const copied = copyWithinLimits(raw, bounds);
      if (!copied.ok) return copied;
      const clean = copied.value;

      if (!declared) {
        const unknown = Object.keys(clean).map((key) => bound(`property ${key} should not exist`, key));
        if (unknown.length > 0) return { ok: false, errors: capped(unknown) };
        return { ok: true, value: dto ? (plainToInstance(dto, clean, TRANSFORM) as object) : clean };
      }
      // The fast path constructs the DTO at most once, and the full path reuses that instance:
      // exactly one construction per call either way, as with class-transformer alone.
      const attempt = fast?.(clean);
      if (attempt?.valid) {
        // The checks class-validator cannot make apply to the fast path's instance alike.
        const extra: string[] = [];
        checkInstance(attempt.instance as Record<string, unknown>, dto, '', plans!, extra);
        if (extra.length === 0) return { ok: true, value: attempt.instance };
      }
      const instance = !attempt
        ? (plainToInstance(dto, clean, TRANSFORM) as object)
        : attempt.valid
          ? attempt.instance
          : plainToClassFromExist(attempt.instance, clean, TRANSFORM);
      const errors: string[] = [];
      collect(validateSync(instance, VALIDATE), '', errors);
      checkInstance(instance as Record<string, unknown>, dto, '', plans!, errors);
      return errors.length > 0 ? { ok: false, errors: capped(errors) } : { ok: true, value: instance };
    },
  };
}

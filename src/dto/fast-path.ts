import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { Class } from '../metadata/metadata.types';
import { readDtoProperties } from './schema';
import { transformerStorage } from './transformer-storage';

// The storage `plainToInstance` reads (see dto-schema.ts); PLAIN_TO_CLASS is its transformation type 0.
const PLAIN_TO_CLASS = 0;

/*
 * The fast path of the DTO validator. For the DTOs it can handle, it decides what
 * `plainToInstance` + `validateSync` would decide by calling the very constraint functions
 * class-validator would call, on the same values, without class-transformer's and
 * class-validator's per-call bookkeeping (metadata lookups, error objects, key lists). It never
 * rejects on its own: when its verdict is "invalid" or it cannot judge, the full path runs and
 * writes the messages. So it must accept exactly what the full path accepts, and build an equal
 * instance.
 *
 * What keeps it exact:
 * - Eligible DTOs (checked once, at creation): flat (no `@ValidateNested()`); no
 *   class-transformer metadata (no `@Transform`, hence no sanitizer; no `@Type`, `@Expose`,
 *   `@Exclude`); only class-validator's built-in constraints, which are pure and read nothing
 *   but the value and their constant `constraints` (user constraints may keep state or read
 *   other properties, so they stay on the full path); conditions only from `@IsOptional()`; no
 *   validated property that is also a method or accessor of the class; a constructor without
 *   parameters.
 * - Eligible inputs (checked per call, before anything is built): every key is a validated
 *   property; every value is a JSON primitive or an array of them. Anything else (an unknown or
 *   `undefined` value, an object) goes straight to the full path.
 * - The DTO is constructed exactly once per call, as class-transformer does (a constructor may
 *   count its calls): the verdict is computed without touching the new instance, reading the
 *   input's values and, for absent keys, the constructor's defaults; the instance is then filled
 *   as `plainToInstance` fills it (input keys in input order; arrays of primitives are the
 *   validator's private copy, equal to class-transformer's copy), or handed untouched to
 *   `plainToClassFromExist` when the full path must decide.
 * - The verdict mirrors `validateSync` with the validator's options: every own key of the
 *   instance must be validated (whitelist); per property, `@IsOptional()` skips null and
 *   undefined; every constraint runs as class-validator runs it (`each` over arrays).
 */

type ConstraintFn = (value: unknown, args: ValidationArguments) => unknown;

interface Check {
  readonly validate: ConstraintFn;
  readonly each: boolean;
  readonly constraints: unknown[];
}

interface FastProperty {
  readonly name: string;
  /** `@IsOptional()`: null and undefined skip every check. */
  readonly optional: boolean;
  readonly checks: readonly Check[];
}

interface FastClass {
  readonly cls: new () => object;
  readonly targetName: string;
  /** Validated properties by name; null prototype so that input keys cannot hit inherited names. */
  readonly byName: Record<string, FastProperty>;
  readonly properties: readonly FastProperty[];
}

/**
 * class-validator decorators whose constraint reads only the value and its constant
 * `constraints` and keeps no state: the same inputs always give the same verdict.
 */
const PURE_BUILT_INS = new Set([
  'isDefined',
  'equals',
  'notEquals',
  'isEmpty',
  'isNotEmpty',
  'isIn',
  'isNotIn',
  'isBoolean',
  'isDate',
  'isString',
  'isNumber',
  'isInt',
  'isArray',
  'isEnum',
  'isObject',
  'isDivisibleBy',
  'isPositive',
  'isNegative',
  'min',
  'max',
  'contains',
  'notContains',
  'isAlpha',
  'isAlphanumeric',
  'isDecimal',
  'isAscii',
  'isBase64',
  'isBooleanString',
  'isNumberString',
  'isEmail',
  'isFqdn',
  'isHexColor',
  'isHexadecimal',
  'isIp',
  'isPort',
  'isIso8601',
  'isDateString',
  'isRFC3339',
  'isJson',
  'isJwt',
  'isLowercase',
  'isUppercase',
  'isLatLong',
  'isLatitude',
  'isLongitude',
  'isMimeType',
  'isSemVer',
  'isTimeZone',
  'isUrl',
  'isUuid',
  'isLength',
  'minLength',
  'maxLength',
  'matches',
  'arrayContains',
  'arrayNotContains',
  'arrayNotEmpty',
  'arrayMinSize',
  'arrayMaxSize',
]);

/** Why a DTO cannot take the fast path (thrown while planning, caught by `compileFastPath`). */
class Ineligible extends Error {}

function planClass(cls: Class): FastClass {
  const where = cls.name;
  if (cls.length > 0) throw new Ineligible(`${where}: its constructor takes parameters`);
  if (transformerStorage.getStrategy(cls) !== 'none') throw new Ineligible(`${where}: class-level @Expose/@Exclude`);
  if (transformerStorage.getExposedMetadatas(cls).length > 0 || transformerStorage.getExcludedMetadatas(cls).length > 0) {
    throw new Ineligible(`${where}: @Expose/@Exclude`);
  }
  const properties = readDtoProperties(cls);
  // class-validator reports "an unknown value" for a class without metadata: the full path decides.
  if (properties.length === 0) throw new Ineligible(`${where}: no validated property`);

  const byName = Object.create(null) as Record<string, FastProperty>;
  const planned: FastProperty[] = [];
  const storage = getMetadataStorage();
  for (const property of properties) {
    const { name } = property;
    // class-transformer skips keys that are methods or accessors of the class; keep away from them.
    if (name in cls.prototype) throw new Ineligible(`${where}.${name}: also a member of the class`);
    if (property.nested) throw new Ineligible(`${where}.${name}: nested DTO`);
    if (transformerStorage.findTransformMetadatas(cls, name, PLAIN_TO_CLASS).length > 0) {
      throw new Ineligible(`${where}.${name}: @Transform`);
    }
    if (transformerStorage.findTypeMetadata(cls, name)) throw new Ineligible(`${where}.${name}: @Type`);

    let optional = false;
    const checks: Check[] = [];
    for (const metadata of property.metadatas) {
      switch (metadata.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION:
          // Its condition is `object[property] !== null && !== undefined`, decided below from the value.
          if (metadata.name !== 'isOptional') throw new Ineligible(`${where}.${name}: @ValidateIf`);
          optional = true;
          break;
        case ValidationTypes.IS_DEFINED:
        case ValidationTypes.CUSTOM_VALIDATION: {
          if (!PURE_BUILT_INS.has(metadata.name ?? '')) throw new Ineligible(`${where}.${name}: custom constraint ${metadata.name}`);
          if ((metadata as { validateIf?: unknown }).validateIf) throw new Ineligible(`${where}.${name}: validateIf option`);
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            const instance = constraint.instance as { validate: ConstraintFn };
            checks.push({ validate: instance.validate.bind(instance), each: metadata.each === true, constraints: metadata.constraints });
          }
          break;
        }
        case ValidationTypes.WHITELIST:
          break;
        default:
          throw new Ineligible(`${where}.${name}: ${metadata.type} validation`);
      }
    }
    const fast: FastProperty = { name, optional, checks };
    byName[name] = fast;
    planned.push(fast);
  }
  return { cls: cls, targetName: cls.name, byName, properties: planned };
}

const isPrimitive = (value: unknown): boolean => value === null || (typeof value !== 'object' && typeof value !== 'function');
const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** Input keys and values the fast path can judge, before anything is constructed. */
function judgeable(plan: FastClass, source: Record<string, unknown>): boolean {
  for (const key in source) {
    const value = source[key];
    if (plan.byName[key] === undefined || value === undefined) return false;
    if (!isPrimitive(value) && !(Array.isArray(value) && value.every(isPrimitive))) return false;
  }
  return true;
}

/** What `validateSync` would say of `instance` once filled from `source`, computed without filling it. */
function wouldBeValid(plan: FastClass, instance: Record<string, unknown>, source: Record<string, unknown>): boolean {
  // whitelist: keys the constructor defined must be validated properties too.
  for (const key in instance) if (hasOwn(instance, key) && plan.byName[key] === undefined) return false;
  for (const key in source) {
    // class-transformer would not assign over a function (a method, or one the constructor set).
    if (typeof instance[key] === 'function') return false;
  }
  for (const property of plan.properties) {
    const value = hasOwn(source, property.name) ? source[property.name] : instance[property.name];
    if (property.optional && (value === null || value === undefined)) continue;
    for (const check of property.checks) {
      const args: ValidationArguments = {
        targetName: plan.targetName,
        property: property.name,
        object: instance,
        value,
        constraints: check.constraints,
      };
      if (check.each && Array.isArray(value)) {
        for (const item of value) if (!check.validate(item, args)) return false;
      } else if (!check.validate(value, args)) {
        return false;
      }
    }
  }
  return true;
}

/**
 * The fast path's answer: `undefined` when it could not judge (nothing was constructed);
 * otherwise the one instance of this call, filled when `valid`, untouched when not.
 */
export type FastAttempt = { readonly valid: boolean; readonly instance: object } | undefined;

export type FastPath = (clean: Record<string, unknown>) => FastAttempt;

/**
 * The fast path of a DTO, or the reason it has none. Called once per DTO, at app creation.
 *
 * @example
 * const fast = compileFastPath(AddInput);
 * if (typeof fast === 'function') fast({ a: 1, b: 2 }); // { valid: true, instance: AddInput { a: 1, b: 2 } }
 */
export function compileFastPath(dto: Class): FastPath | string {
  let plan: FastClass;
  try {
    plan = planClass(dto);
  } catch (error) {
    if (error instanceof Ineligible) return error.message;
    throw error;
  }
  return (clean) => {
    if (!judgeable(plan, clean)) return undefined;
    const instance = new plan.cls() as Record<string, unknown>;
    if (!wouldBeValid(plan, instance, clean)) return { valid: false, instance };
    for (const key in clean) instance[key] = clean[key];
    return { valid: true, instance };
  };
}

import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parse as parseDotenv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { McpDefinitionError } from '../errors/tool-error';
import type { Class, EnvFieldRecord, EnvScalarType } from '../metadata/metadata.types';
import { getDtoFields, getEnvFields, getPropertyType } from '../metadata/reflect';
import { ConfigError, type ConfigOrigin, type ConfigProblem } from './config-error';

/** Where configuration is read from. */
export interface ConfigSource {
  /** The variables to read (default `process.env`). Tests pass a plain object. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * A dotenv file read under the environment: a variable set in both keeps the environment's
   * value. Default `.env` in the working directory, skipped when absent; a path given here must
   * exist; `false` reads no file. The file never changes `process.env`.
   */
  envFile?: string | false;
}

/** Names whose values are secrets unless `@Env(..., { sensitive: false })` says otherwise. */
const SENSITIVE_NAME = /SECRET|TOKEN|KEY|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE/i;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
/** How much of a refused value an error message may quote. */
const MAX_ECHO = 64;

/**
 * Loads one config class: each `@Env()` property from the environment, else the `.env` file,
 * else its default; converted to the property's type; validated by its class-validator
 * decorators. Throws one `ConfigError` listing every bad setting.
 *
 * @example
 * class ServerConfig {
 *   @Env('PORT') @IsInt() @Min(1) @Max(65535) port = 8000;
 * }
 * const config = loadConfig(ServerConfig);                               // process.env + ./.env
 * const forTest = loadConfig(ServerConfig, { env: { PORT: '9000' }, envFile: false });
 */
export function loadConfig<T extends object>(cls: Class<T>, source: ConfigSource = {}): T {
  return loadConfigs([cls], source).get(cls) as T;
}

/**
 * Loads several config classes from one reading of the sources; the `ConfigError` lists the
 * problems of all of them together.
 */
export function loadConfigs(classes: readonly Class[], source: ConfigSource = {}): Map<Class, object> {
  const env = source.env ?? process.env;
  const file = readEnvFile(source.envFile);
  const loaded = new Map<Class, object>();
  const problems: ConfigProblem[] = [];
  for (const cls of classes) {
    const outcome = loadOne(cls, env, file);
    problems.push(...outcome.problems);
    loaded.set(cls, outcome.instance);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return loaded;
}

/**
 * The `@Env()` settings of a loaded config, by variable name, with sensitive values replaced by
 * `***`: safe to log.
 *
 * @example
 * logger.info('config_loaded', redactConfig(config)); // { PORT: 8000, API_TOKEN: '***' }
 */
export function redactConfig(config: object): Record<string, unknown> {
  const cls = config.constructor as Class;
  const sensitive = sensitiveProperties(cls);
  const out: Record<string, unknown> = {};
  for (const field of getEnvFields(cls)) {
    const value = (config as Record<string, unknown>)[field.property];
    out[field.variable] = value !== undefined && sensitive.has(field.property) ? '***' : value;
  }
  return out;
}

function readEnvFile(envFile: string | false | undefined): Readonly<Record<string, string>> {
  if (envFile === false) return {};
  const path = resolve(envFile ?? '.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && envFile === undefined) return {};
    throw new ConfigError([{ name: 'envFile', reasons: [`cannot read ${envFile ?? '.env'} (${code ?? 'error'})`], origin: 'unset' }]);
  }
  // parse, never config(): the file must not leak into process.env, and config() may print.
  return parseDotenv(text);
}

interface Raw {
  readonly value: string;
  readonly origin: Extract<ConfigOrigin, 'environment' | 'env file'>;
}

/** An empty variable counts as unset, so `FOO=` in a compose file leaves the default. */
function lookup(variable: string, env: Readonly<Record<string, string | undefined>>, file: Readonly<Record<string, string>>): Raw | undefined {
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, origin: 'environment' };
  const fromFile = Object.hasOwn(file, variable) ? file[variable] : undefined;
  if (fromFile !== undefined && fromFile !== '') return { value: fromFile, origin: 'env file' };
  return undefined;
}

function loadOne(
  cls: Class,
  env: Readonly<Record<string, string | undefined>>,
  file: Readonly<Record<string, string>>,
): { instance: object; problems: ConfigProblem[] } {
  let defaults: Record<string, unknown>;
  try {
    defaults = new cls() as Record<string, unknown>;
  } catch (error) {
    throw new McpDefinitionError(`config class ${cls.name} cannot be built without arguments: ${(error as Error).message}`);
  }
  const fields = new Map(getEnvFields(cls).map((field) => [field.property, field]));
  const sensitive = sensitiveProperties(cls);
  const problems: ConfigProblem[] = [];
  const raws = new Map<string, Raw>();
  const unconvertible = new Set<string>();
  const plain: Record<string, unknown> = {};

  for (const field of fields.values()) {
    const raw = lookup(field.variable, env, file);
    if (!raw) continue;
    raws.set(field.property, raw);
    const converted = convert(raw.value, targetType(cls, field, defaults[field.property]), field.options.items ?? String);
    if (converted.ok) {
      plain[field.property] = converted.value;
    } else {
      unconvertible.add(field.property);
      problems.push(problem(field, field.property, cls, [converted.reason], raw, sensitive));
    }
  }

  const instance = plainToInstance(cls, plain, { exposeDefaultValues: true, enableImplicitConversion: false }) as object;
  const errors = validateSync(instance, { forbidUnknownValues: false, validationError: { target: false, value: false } });
  for (const { property, reasons } of flatten(errors)) {
    const top = property.split('.')[0];
    if (unconvertible.has(top)) continue;
    const field = fields.get(top);
    problems.push(problem(field, property, cls, reasons, raws.get(top), sensitive));
  }
  // Declaration order, whether a value failed conversion or validation.
  const order = [...fields.keys()];
  const rank = (p: ConfigProblem): number => {
    const index = order.findIndex((property) => fields.get(property)!.variable === p.name);
    return index === -1 ? order.length : index;
  };
  problems.sort((a, b) => rank(a) - rank(b));
  return { instance: Object.freeze(instance), problems };
}

function problem(
  field: EnvFieldRecord | undefined,
  property: string,
  cls: Class,
  reasons: readonly string[],
  raw: Raw | undefined,
  sensitive: ReadonlySet<string>,
): ConfigProblem {
  const name = field?.variable ?? `${cls.name}.${property}`;
  const secret = sensitive.has(property.split('.')[0]);
  const described = field?.options.description ? [...reasons, `expected: ${field.options.description}`] : reasons;
  // A custom validation message may quote the value ($value): scrub it from secrets.
  const scrubbed = secret && raw ? described.map((reason) => reason.split(raw.value).join('***')) : described;
  return {
    name,
    reasons: scrubbed,
    origin: raw?.origin ?? (field ? 'unset' : 'default'),
    ...(raw && !secret ? { value: quote(raw.value) } : {}),
  };
}

function quote(value: string): string {
  return JSON.stringify(value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value);
}

function sensitiveProperties(cls: Class): Set<string> {
  const dto = getDtoFields(cls);
  const out = new Set<string>();
  for (const field of getEnvFields(cls)) {
    const marked = field.options.sensitive ?? (dto[field.property]?.['sensitive'] === true ? true : undefined);
    if (marked ?? (SENSITIVE_NAME.test(field.variable) || SENSITIVE_NAME.test(field.property))) out.add(field.property);
  }
  for (const [property, annotation] of Object.entries(dto)) if (annotation['sensitive'] === true) out.add(property);
  return out;
}

type TargetType = EnvScalarType | typeof Array;

/** The declared type, else the type of the default value (TypeScript emits `Object` for `port = 8000`). */
function targetType(cls: Class, field: EnvFieldRecord, defaultValue: unknown): TargetType {
  if (field.options.type) return field.options.type;
  const declared = getPropertyType(cls, field.property);
  if (declared === Number || declared === Boolean || declared === String || declared === Array) return declared as TargetType;
  if (typeof defaultValue === 'number') return Number;
  if (typeof defaultValue === 'boolean') return Boolean;
  if (Array.isArray(defaultValue)) return Array;
  return String;
}

type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

function convert(raw: string, type: TargetType, items: EnvScalarType): Converted {
  if (type === Array) {
    const values: unknown[] = [];
    const parts = raw
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    for (const [index, part] of parts.entries()) {
      const item = convert(part, items, String);
      if (!item.ok) return { ok: false, reason: `item ${index + 1} of the comma-separated list ${item.reason}` };
      values.push(item.value);
    }
    return { ok: true, value: values };
  }
  if (type === Number) {
    const trimmed = raw.trim();
    return NUMBER.test(trimmed) ? { ok: true, value: Number(trimmed) } : { ok: false, reason: 'must be a number' };
  }
  if (type === Boolean) {
    const word = raw.trim().toLowerCase();
    if (TRUE.has(word)) return { ok: true, value: true };
    if (FALSE.has(word)) return { ok: true, value: false };
    return { ok: false, reason: 'must be a boolean (true/false, 1/0, yes/no, on/off)' };
  }
  return { ok: true, value: raw };
}

/** Every failed constraint, nested ones with a dotted property path. */
function flatten(errors: readonly ValidationError[], prefix = ''): { property: string; reasons: string[] }[] {
  const out: { property: string; reasons: string[] }[] = [];
  for (const error of errors) {
    const property = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.values(error.constraints ?? {});
    if (constraints.length > 0) out.push({ property, reasons: constraints.map((message) => stripSubject(message, error.property)) });
    out.push(...flatten(error.children ?? [], property));
  }
  return out;
}

/** `port must be an integer number` → `must be an integer number`: the variable name replaces the subject. */
function stripSubject(message: string, property: string): string {
  if (message.startsWith(`${property} `)) return message.slice(property.length + 1);
  if (message.startsWith('each value in ')) return message.replace(`each value in ${property} `, 'each item ');
  return message;
}

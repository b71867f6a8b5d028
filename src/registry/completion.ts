import type { JsonSchemaObject } from '../dto/schema';
import { McpDefinitionError } from '../errors/tool-error';
import type { CompleteFn } from '../metadata/metadata.types';

/** Completes from a fixed list: the values that start with what was typed, case-insensitively. */
export function completeFrom(values: readonly string[]): CompleteFn {
  const frozen = Object.freeze([...values]);
  return (typed) => {
    const prefix = typed.toLowerCase();
    return frozen.filter((value) => value.toLowerCase().startsWith(prefix));
  };
}

/**
 * The completion functions of a prompt's arguments or a template's variables: the explicit ones
 * of the decorator, else the enum of the DTO property of the same name (`@IsIn`, `@IsEnum`).
 * An explicit function for a name that does not exist is a definition mistake.
 */
export function buildCompletions(
  where: string,
  what: 'argument' | 'variable',
  names: readonly string[],
  schema: JsonSchemaObject | undefined,
  explicit: Readonly<Record<string, CompleteFn>> | undefined,
): Readonly<Record<string, CompleteFn>> {
  const completions: Record<string, CompleteFn> = {};
  for (const [name, complete] of Object.entries(explicit ?? {})) {
    if (!names.includes(name)) {
      const known = names.length > 0 ? names.join(', ') : 'none';
      throw new McpDefinitionError(`${where}: complete.${name} names no ${what} (its ${what}s: ${known})`);
    }
    if (typeof complete !== 'function') throw new McpDefinitionError(`${where}: complete.${name} must be a function`);
    completions[name] = complete;
  }
  for (const name of names) {
    const values = schema?.properties[name]?.enum;
    if (!completions[name] && values?.every((value) => typeof value === 'string')) completions[name] = completeFrom(values);
  }
  return Object.freeze(completions);
}

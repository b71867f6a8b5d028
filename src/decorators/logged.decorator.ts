import { POLICY } from '../constants';
import { McpDefinitionError } from '../errors/tool-error';
import type { LogLevel } from '../logging/logger';
import type { LoggedOptions } from '../metadata/policy.types';
import { assertNames, assertOneOf, policyDecorator, type PolicyDecorator } from './decorator-guards';

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];

/**
 * Logs every call of a tool, resource or prompt (or of every handler of a class) as one JSON
 * line: `tool_executed` at `level` (default `info`) or `tool_execution_failed` at `warn`/`error`,
 * with duration, status, error type, category and severity, session and request ids. Calls are
 * logged at `debug` without it. `includeArgs` adds the arguments, with `@Sensitive()` fields,
 * the `redact` names and well-known secret names (password, token, secret, apiKey, ...) replaced
 * by `[REDACTED]`.
 *
 * @example
 * @Tool()
 * @Logged({ includeArgs: true, redact: ['iban'] })
 * transfer({ iban, amount }: TransferInput) { ... }
 */
export function Logged(options: LoggedOptions = {}): PolicyDecorator {
  if (typeof options !== 'object' || options === null) throw new McpDefinitionError('@Logged: options must be an object');
  assertOneOf('@Logged', 'level', options.level, LEVELS);
  if (options.redact !== undefined) assertNames('@Logged', 'redact', options.redact);
  const frozen: LoggedOptions = Object.freeze({
    ...options,
    ...(options.redact && { redact: Object.freeze([...options.redact]) }),
  });
  return policyDecorator('@Logged', POLICY.logged, frozen);
}

import { ErrorCategory, ErrorSeverity, ToolError } from '../errors/tool-error';
import type { StepFactory } from './invocation';

/** Replaces the raw arguments by the validated, sanitized DTO instance, or rejects the call. */
export const validationStep: StepFactory = (definition) => {
  const { validator, kind, name } = definition;
  return (invocation, next) => {
    const outcome = validator.validate(invocation.input);
    if (!outcome.ok) {
      // A refusal is a rejected promise, as a Step promises, never a synchronous throw.
      return Promise.reject(
        new ToolError(`Invalid arguments for ${kind} ${name}: ${outcome.errors.join('; ')}`, {
          category: ErrorCategory.VALIDATION,
          severity: ErrorSeverity.LOW,
          details: { errors: outcome.errors },
        }),
      );
    }
    invocation.input = outcome.value;
    return next();
  };
};

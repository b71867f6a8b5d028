import { POLICY } from '../constants';
import { policyOf } from '../metadata/policy.types';
import type { StepFactory } from './invocation';
import { withTimeout } from './with-timeout';

/** `@Timeout`: bounds the method (innermost step, right around the invocation). */
export const timeoutStep: StepFactory = (definition) => {
  const options = policyOf(definition.policies, POLICY.timeout);
  if (!options) return undefined;
  const { ms } = options;
  const subject = `${capitalize(definition.kind)} ${definition.name}`;
  return (invocation, next) => withTimeout(ms, invocation.context, subject, next);
};

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

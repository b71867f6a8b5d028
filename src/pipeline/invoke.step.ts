import type { HandlerDefinition } from '../registry/definitions';
import type { Invocation } from './invocation';
import { resultMapper } from './map-result';

/** The end of every pipeline: calls the method and turns its value into the protocol result. */
export function invokeStep(definition: HandlerDefinition): (invocation: Invocation) => Promise<unknown> {
  const map = resultMapper(definition);
  return async (invocation) => map(await definition.invoke(invocation.input, invocation.context), invocation);
}

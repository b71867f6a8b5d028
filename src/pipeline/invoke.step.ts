import type { HandlerDefinition } from '../registry/definitions';
import { toCallToolResult, toGetPromptResult, toReadResourceResult } from '../server/result-mapper';
import type { Invocation } from './invocation';

/** The end of every pipeline: calls the method and turns its value into the protocol result. */
export function invokeStep(definition: HandlerDefinition): (invocation: Invocation) => Promise<unknown> {
  switch (definition.kind) {
    case 'tool': {
      const { wrapsResult } = definition;
      return async (invocation) => toCallToolResult(await definition.invoke(invocation.input, invocation.context), wrapsResult);
    }
    case 'resource': {
      const { mimeType } = definition;
      return async (invocation) =>
        toReadResourceResult(await definition.invoke(invocation.input, invocation.context), invocation.uri ?? definition.uri, mimeType);
    }
    case 'prompt': {
      const { description } = definition.descriptor;
      return async (invocation) => toGetPromptResult(await definition.invoke(invocation.input, invocation.context), description);
    }
  }
}

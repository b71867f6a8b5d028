import { toCallToolResult, toGetPromptResult, toReadResourceResult } from '../protocol/result-mapper';
import type { HandlerDefinition } from '../registry/definitions';
import type { Invocation } from './invocation';

/** Turns what a method returned into the protocol result of its kind. */
export type ResultMapper = (value: unknown, invocation: Invocation) => unknown;

/** The result mapping of a definition, also used for fallback methods and default answers. */
export function resultMapper(definition: HandlerDefinition): ResultMapper {
  switch (definition.kind) {
    case 'tool': {
      const { wrapsResult } = definition;
      return (value) => toCallToolResult(value, wrapsResult);
    }
    case 'resource': {
      const { mimeType, uri } = definition;
      return (value, invocation) => toReadResourceResult(value, invocation.uri ?? uri, mimeType);
    }
    case 'prompt': {
      const { description } = definition.descriptor;
      return (value) => toGetPromptResult(value, description);
    }
  }
}

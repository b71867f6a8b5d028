import { McpDefinitionError } from '../errors/tool-error';
import { setDtoField } from '../metadata/reflect';

/**
 * Describes a DTO property for clients: the `description` of its JSON Schema (tool input
 * schemas, elicitation forms) and of the prompt argument it becomes.
 *
 * @example
 * class SearchInput {
 *   @IsString() @Description('Words to look for') query!: string;
 * }
 */
export function Description(text: string): PropertyDecorator {
  if (typeof text !== 'string' || text.length === 0) throw new McpDefinitionError('@Description needs a non-empty text');
  return (target, propertyKey) => {
    if (typeof target === 'function' || typeof propertyKey === 'symbol') {
      throw new McpDefinitionError(`@Description on ${String(propertyKey)}: only named instance properties of a DTO can be described`);
    }
    setDtoField(target, propertyKey, { description: text });
  };
}

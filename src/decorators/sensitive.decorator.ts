import { McpDefinitionError } from '../errors/tool-error';
import { setDtoField } from '../metadata/reflect';

/**
 * Marks a DTO property as sensitive: its value is replaced by `[REDACTED]` wherever the
 * framework logs arguments (nested DTOs included).
 *
 * @example
 * class LoginInput {
 *   @IsString() username!: string;
 *   @IsString() @Sensitive() password!: string;
 * }
 */
export function Sensitive(): PropertyDecorator {
  return (target, propertyKey) => {
    if (typeof target === 'function' || typeof propertyKey === 'symbol') {
      throw new McpDefinitionError(`@Sensitive on ${String(propertyKey)}: only named instance properties of a DTO can be sensitive`);
    }
    setDtoField(target, propertyKey, { sensitive: true });
  };
}

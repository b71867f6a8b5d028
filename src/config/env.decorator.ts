import { McpDefinitionError } from '../errors/tool-error';
import type { EnvOptions } from '../metadata/metadata.types';
import { setEnvField } from '../metadata/reflect';

/** Names a shell accepts for a variable. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Binds a property of a config class to an environment variable. The value is read from the
 * environment, else from the `.env` file, else the property's default stays; it is converted to
 * the property's type (`number`, `boolean`, `string[]` as a comma-separated list) and then
 * checked by the class-validator decorators of the property.
 *
 * @example
 * class ServerConfig {
 *   @Env('PORT') @IsInt() @Min(1) @Max(65535) port = 8000;
 *   @Env('DEBUG') @IsBoolean() debug = false;
 *   @Env('ALLOWED_ORIGINS') @IsString({ each: true }) allowedOrigins: string[] = [];
 *   @Env('OPENAI_API_KEY') @IsOptional() @IsString() openaiApiKey?: string;   // sensitive: never printed
 * }
 * const app = await createMcpApp({ name: 'demo', version: '1.0.0', providers: [Tools], config: [ServerConfig] });
 */
export function Env(variable: string, options: EnvOptions = {}): PropertyDecorator {
  if (typeof variable !== 'string' || !VARIABLE_NAME.test(variable)) {
    throw new McpDefinitionError(`@Env(${JSON.stringify(variable)}): not a valid environment variable name`);
  }
  const frozen = Object.freeze({ ...options });
  return (target, propertyKey) => {
    const owner = typeof target === 'function' ? target.name : target.constructor.name;
    if (typeof target === 'function' || typeof propertyKey === 'symbol') {
      throw new McpDefinitionError(`@Env('${variable}') on ${owner}.${String(propertyKey)}: only named instance properties can be bound`);
    }
    setEnvField(target, { property: propertyKey, variable, options: frozen });
  };
}

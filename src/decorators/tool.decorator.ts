import type { ToolOptions } from '../metadata/metadata.types';
import { addHandler } from '../metadata/reflect';
import { assertMethod } from './decorator-guards';

/**
 * Exposes a method as an MCP tool. The tool name defaults to the method name; its input schema
 * and validation come from the DTO class of the first parameter (or `options.input`).
 *
 * @example
 * class AddInput { @IsInt() a!: number; @IsInt() b!: number; }
 *
 * @injectable()
 * class MathTools {
 *   @Tool({ description: 'Add two integers', annotations: { readOnlyHint: true } })
 *   add({ a, b }: AddInput): number { return a + b; }
 * }
 */
export function Tool(options: ToolOptions = {}): MethodDecorator {
  const frozen = Object.freeze({ ...options });
  return (target, propertyKey, descriptor) => {
    const method = assertMethod('@Tool', target, propertyKey, descriptor);
    addHandler(target, { kind: 'tool', method, options: frozen });
  };
}

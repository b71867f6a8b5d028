import type { PromptOptions } from '../metadata/metadata.types';
import { addHandler } from '../metadata/reflect';
import { assertMethod } from './decorator-guards';

/**
 * Exposes a method as an MCP prompt. Its arguments come from a DTO of string fields; it returns
 * a string (one user message) or an array of messages.
 *
 * @example
 * class ReviewArgs { @IsString() code!: string; }
 *
 * @Prompt({ description: 'Review code' })
 * review({ code }: ReviewArgs) { return `Please review:\n${code}`; }
 */
export function Prompt(options: PromptOptions = {}): MethodDecorator {
  const frozen = Object.freeze({ ...options });
  return (target, propertyKey, descriptor) => {
    const method = assertMethod('@Prompt', target, propertyKey, descriptor);
    addHandler(target, { kind: 'prompt', method, options: frozen });
  };
}

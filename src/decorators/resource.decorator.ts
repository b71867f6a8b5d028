import { McpDefinitionError } from '../errors/tool-error';
import type { ResourceOptions } from '../metadata/metadata.types';
import { addHandler } from '../metadata/reflect';
import { assertMethod } from './decorator-guards';

/**
 * Exposes a method as an MCP resource. A URI with `{variables}` (RFC 6570) makes it a resource
 * template: the method receives the variables as its first argument.
 *
 * @example
 * @Resource('config://app', { mimeType: 'application/json' })
 * config() { return { env: 'production' }; }
 *
 * @Resource('users://{id}/profile')
 * profile({ id }: { id: string }) { return this.users.find(id); }
 */
export function Resource(uri: string, options: ResourceOptions = {}): MethodDecorator {
  if (typeof uri !== 'string' || !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(uri)) {
    throw new McpDefinitionError(`@Resource: "${String(uri)}" is not a URI (expected scheme:..., e.g. config://app)`);
  }
  const frozen = Object.freeze({ ...options });
  return (target, propertyKey, descriptor) => {
    const method = assertMethod('@Resource', target, propertyKey, descriptor);
    addHandler(target, { kind: 'resource', method, uri, options: frozen });
  };
}

import { McpDefinitionError } from '../errors/tool-error';
import { addInterceptors } from '../metadata/reflect';
import type { InterceptorClass } from '../pipeline/interceptor';
import { assertMethod, type PolicyDecorator } from './decorator-guards';

/**
 * Runs interceptors around the handlers of a class, or around one handler method. The app
 * builds each class once through its container (mark them `@injectable()`). Order: app-wide
 * interceptors, then the class's, then the method's, each list in the order written.
 *
 * @example
 * @injectable()
 * @UseInterceptors(AuditInterceptor)
 * class BillingTools {
 *   @Tool()
 *   @UseInterceptors(TenantInterceptor)
 *   refund({ orderId }: RefundInput) { ... }
 * }
 */
export function UseInterceptors(...interceptors: InterceptorClass[]): PolicyDecorator {
  if (interceptors.length === 0) throw new McpDefinitionError('@UseInterceptors: give at least one interceptor class');
  for (const interceptor of interceptors) {
    if (typeof interceptor !== 'function') {
      throw new McpDefinitionError(`@UseInterceptors: interceptors must be classes, got ${String(interceptor)}`);
    }
  }
  const classes = Object.freeze([...interceptors]);
  return (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (propertyKey === undefined) {
      addInterceptors(target, undefined, classes);
      return;
    }
    addInterceptors(target, assertMethod('@UseInterceptors', target, propertyKey, descriptor), classes);
  };
}

import { addRoute } from '../metadata/reflect';
import { assertRoute } from '../routes/route-definitions';
import { assertMethod } from './decorator-guards';

/**
 * Serves a provider method as an HTTP route beside the MCP endpoint (the seed's
 * `custom_route`): same port, same authentication (`@Public()` / `@RequireScopes()` apply, and
 * routes require a token when the app has auth), same error handling. The method receives a
 * `RouteRequest` and returns a JSON value, a `RouteResponse` or nothing.
 *
 * @example
 * @injectable()
 * class StatusRoutes {
 *   constructor(private readonly jobs: JobQueue) {}
 *
 *   @Route('GET', '/status')
 *   @Public()
 *   status() { return { queued: this.jobs.size }; }
 * }
 */
export function Route(method: string, path: string): MethodDecorator {
  const checked = assertRoute('@Route', method, path);
  return (target, propertyKey, descriptor) => {
    const handler = assertMethod('@Route', target, propertyKey, descriptor);
    addRoute(target, { ...checked, handler });
  };
}

import { POLICY } from '../constants';
import { McpDefinitionError } from '../errors/tool-error';
import type { Class } from '../metadata/metadata.types';
import { policyOf, type AccessPolicy } from '../metadata/policy.types';
import { getPolicies, getRoutes } from '../metadata/reflect';
import type { RouteDefinition, RouteHandler, RouteOptions, RouteRequest } from './route.types';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;

/** Checks a route's method and path; returns them normalized (method upper case). */
export function assertRoute(where: string, method: string, path: string): { method: string; path: string } {
  const upper = typeof method === 'string' ? method.toUpperCase() : '';
  if (!METHODS.has(upper)) throw new McpDefinitionError(`${where}: unsupported HTTP method ${JSON.stringify(method)} (use one of ${[...METHODS].join(', ')})`);
  if (typeof path !== 'string' || !PATH.test(path)) {
    throw new McpDefinitionError(`${where}: the path must start with / and hold no query, fragment or space, got ${JSON.stringify(path)}`);
  }
  return { method: upper, path };
}

/** The `@Route()` methods of the resolved providers, bound to their instances. */
export function discoverRoutes(providers: readonly { readonly cls: Class; readonly instance: object }[]): RouteDefinition[] {
  const routes: RouteDefinition[] = [];
  for (const { cls, instance } of providers) {
    for (const record of getRoutes(cls)) {
      const fn = (instance as Record<string, unknown>)[record.handler];
      const where = `${cls.name}.${record.handler}`;
      if (typeof fn !== 'function') throw new McpDefinitionError(`${where} is not a method of the resolved instance`);
      routes.push(
        Object.freeze({
          method: record.method,
          path: record.path,
          where,
          access: policyOf(getPolicies(cls, record.handler), POLICY.access),
          handler: (request: RouteRequest) => fn.call(instance, request) as ReturnType<RouteHandler>,
        }),
      );
    }
  }
  return routes;
}

/** The definition of a route added with `app.route()`. */
export function programmaticRoute(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): RouteDefinition {
  const checked = assertRoute('app.route', method, path);
  if (typeof handler !== 'function') throw new McpDefinitionError(`app.route ${checked.method} ${path}: the handler must be a function`);
  if (options.public && options.scopes?.length) {
    throw new McpDefinitionError(`app.route ${checked.method} ${path}: a route is either public or scoped, not both`);
  }
  const access: AccessPolicy | undefined = options.public ? { public: true } : options.scopes ? { scopes: Object.freeze([...options.scopes]) } : undefined;
  return Object.freeze({ ...checked, where: `app.route(${checked.method} ${path})`, access, handler });
}

import { POLICY } from '../../constants';
import { policyOf } from '../../metadata/policy.types';
import { PrometheusMetrics } from '../../metrics/prometheus-metrics';
import { bearerAuthMiddleware } from './bearer-auth.middleware';
import { customRouteHandler, routeAccessMiddleware } from './custom-routes';
import type { HttpServedApp } from './http-app';
import type { HttpMiddleware } from './http-router';
import type { HttpRouteDefinition, HttpServerExtensions } from './http-server';
import { metricsRoute } from './metrics.route';
import { protectedResourcePaths, protectedResourceRoute } from './protected-resource.route';
import { readyRoute } from './ready.route';
import { scopeChallenge } from './scope-challenge';

/**
 * What an app adds to its HTTP server: bearer authentication of the MCP endpoint, the
 * protected-resource metadata, `/ready`, `/metrics` and the custom routes — all through the
 * server's router, so they share its port, its middleware and its error answers.
 */
export function appHttpExtensions(app: HttpServedApp, settings: { readonly mcpPath: string; readonly maxBodyBytes: number }): HttpServerExtensions {
  const { auth, metrics, logger } = app.services;
  const { mcpPath, maxBodyBytes } = settings;
  const routes: HttpRouteDefinition[] = [{ method: 'GET', path: '/ready', handler: readyRoute(app) }];
  if (metrics instanceof PrometheusMetrics) routes.push({ method: 'GET', path: '/metrics', handler: metricsRoute(metrics) });

  // On routes a token is optional for the middleware: whether one is needed is the route's access rule.
  const optionalToken = bearer(true);
  if (auth) {
    const handler = protectedResourceRoute(auth, mcpPath);
    for (const path of protectedResourcePaths(auth, mcpPath)) routes.push({ method: 'GET', path, handler });
  }
  for (const route of app.routes) {
    routes.push({
      method: route.method,
      path: route.path,
      handler: customRouteHandler(route, maxBodyBytes),
      middleware: [...(optionalToken ? [optionalToken] : []), routeAccessMiddleware(route, auth, mcpPath)],
    });
  }

  // Callers without a token reach the MCP endpoint only when something there is public for them.
  const hasPublicHandler = app.registry.definitions.some((definition) => policyOf(definition.policies, POLICY.access)?.public === true);
  const endpointAuth = bearer(hasPublicHandler);
  return {
    mcpMiddleware: endpointAuth ? [endpointAuth] : [],
    ...(auth ? { inspectMessage: scopeChallenge(app, auth, mcpPath) } : {}),
    routes,
  };

  function bearer(allowAnonymous: boolean): HttpMiddleware | undefined {
    return auth ? bearerAuthMiddleware({ auth, mcpPath, allowAnonymous, logger }) : undefined;
  }
}

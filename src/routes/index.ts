/* The public names of routes/. */
export { RouteResponse, type RouteDefinition, type RouteHandler, type RouteOptions, type RouteRequest } from './route.types';

/* The public names of transports/: HTTP options and the running HTTP server. */
export type { HealthStatus } from './http/health.route';
export { HTTP_DEFAULTS, type HttpListenOptions } from './http/http-options';
// A type only: the HTTP stack is loaded when an app listens on HTTP, not by importing the package.
export type { McpHttpServer } from './http/http-server';

/* The public names of pipeline/: the interceptor contract and the log events of @Logged. */
export { EVENT_EXECUTED, EVENT_FAILED } from './logging.step';
export type { InterceptorClass, McpCall, McpInterceptor } from './interceptor';

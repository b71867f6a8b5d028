/* The public names of pipeline/: the interceptor contract and the log events of @Logged. */
export type { InterceptorClass, McpCall, McpInterceptor } from './interceptor';
export { EVENT_EXECUTED, EVENT_FAILED } from './logging.step';

/* The public names of app/: creating an app and serving it. */
export { createMcpApp, type McpAppOptions } from './create-mcp-app';
export { McpApp, type ConnectOptions, type ListenOptions, type McpConnection, type StdioListenOptions } from './mcp-app';
export type { Readiness } from './readiness';
export type { Drainable, ListenShutdownOptions, ShutdownHookOptions, ShutdownOptions, ShutdownResult } from './shutdown';

/* The public names of config/: typed configuration. */
export { ConfigError, type ConfigOrigin, type ConfigProblem } from './config-error';
export { loadConfig, redactConfig, type ConfigSource } from './config-loader';
export { Env } from './env.decorator';
export { McpConfig } from './mcp-config';

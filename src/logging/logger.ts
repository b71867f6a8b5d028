import winston from 'winston';

/** The framework's logger: a winston logger. Inject it with `@inject(TOKENS.Logger)`. */
export type Logger = winston.Logger;

export type LogLevel = 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug' | 'silly';

/** Options of the app's default logger. */
export interface LoggerOptions {
  /** Minimum level written; default `info` (or `MCP_LOG_LEVEL`). */
  level?: LogLevel;
  /** Extra winston transports (files, log shippers); the stderr transport is always present. */
  transports?: winston.transport[];
  /** Fields added to every line (service name, version...). */
  defaultMeta?: Record<string, unknown>;
}

const ALL_LEVELS = Object.keys(winston.config.npm.levels);

/** `MCP_LOG_LEVEL`, when it names a level (the typed config validates it; this is the fallback). */
function levelFromEnv(): LogLevel | undefined {
  const level = process.env['MCP_LOG_LEVEL']?.toLowerCase();
  return level && ALL_LEVELS.includes(level) ? (level as LogLevel) : undefined;
}

/**
 * A winston logger writing one JSON object per line to stderr. Every level goes to stderr: on
 * the stdio transport, stdout carries protocol frames only.
 *
 * @example
 * const logger = createLogger({ level: 'debug', defaultMeta: { service: 'weather' } });
 * logger.info('tool_executed', { tool: 'forecast', durationMs: 12 });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return winston.createLogger({
    level: options.level ?? levelFromEnv() ?? 'info',
    defaultMeta: options.defaultMeta,
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    transports: [new winston.transports.Console({ stderrLevels: ALL_LEVELS }), ...(options.transports ?? [])],
  });
}

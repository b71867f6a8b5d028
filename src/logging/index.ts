/* The public names of logging/. */
export { createLogger, type LogLevel, type Logger, type LoggerOptions } from './logger';
export { DEFAULT_REDACTED_NAMES, REDACTED } from './redaction';

/* The public names of logging/. */
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from './logger';
export { DEFAULT_REDACTED_NAMES, REDACTED } from './redaction';

import type winston from 'winston';
import { createStderrStream } from './stderr-stream';

/** The framework's logger: a winston logger. Inject it with `@inject(TOKENS.Logger)`. */
export type Logger = winston.Logger;

/** winston's npm levels, most severe first; a logger writes its level and those above it. */
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

/** winston's npm levels (`winston.config.npm.levels`), most severe first. */
const NPM_LEVELS: Readonly<Record<string, number>> = Object.freeze({ error: 0, warn: 1, info: 2, http: 3, verbose: 4, debug: 5, silly: 6 });
const ALL_LEVELS = Object.keys(NPM_LEVELS);

/** `MCP_LOG_LEVEL`, when it names a level (the typed config validates it; this is the fallback). */
function levelFromEnv(): LogLevel | undefined {
  const level = process.env['MCP_LOG_LEVEL']?.toLowerCase();
  return level && ALL_LEVELS.includes(level) ? (level as LogLevel) : undefined;
}

/**
 * A winston logger writing one JSON object per line to `process.stderr` (itself, not through
 * `console`). Every level goes to stderr: on the stdio transport, stdout carries protocol
 * frames only.
 *
 * @example
 * const logger = createLogger({ level: 'debug', defaultMeta: { service: 'weather' } });
 * logger.info('tool_executed', { tool: 'forecast', durationMs: 12 });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? levelFromEnv() ?? 'info';
  const build = (): Logger => {
    const { createLogger: create, format, transports } = require('winston') as typeof winston;
    return create({
      level,
      defaultMeta: options.defaultMeta,
      format: format.combine(format.timestamp(), format.errors({ stack: true }), format.json()),
      // Straight to process.stderr, not through `console` (which jest replaces): every level.
      transports: [new transports.Stream({ stream: createStderrStream() }), ...(options.transports ?? [])],
    });
  };
  // Extra transports may have levels of their own, which only winston can weigh.
  return options.transports?.length ? build() : deferredLogger(level, build);
}

/**
 * The logger above, with winston loaded and built on first real use: a server that logs nothing
 * at its level (a quiet stdio server at `info`) never loads winston, which keeps its start-up
 * and memory close to a bare SDK server's. Until then, `level`, `isLevelEnabled()` and calls
 * at disabled levels are answered here, exactly as winston with one level-less transport would
 * answer them; anything else builds the winston logger and is forwarded to it.
 */
function deferredLogger(level: LogLevel, build: () => Logger): Logger {
  let real: Logger | undefined;
  const bound = new Map<PropertyKey, { original: unknown; fn: unknown }>();
  const threshold = NPM_LEVELS[level];
  const enabled = (name: unknown): boolean => typeof name === 'string' && NPM_LEVELS[name] !== undefined && NPM_LEVELS[name] <= threshold;
  const skip = (): Logger => proxy;
  const early: Record<PropertyKey, unknown> = {
    isLevelEnabled: (name: string) => enabled(name),
    // winston.log(level, message, ...) or log({ level, message, ... }).
    log: (first: unknown, ...rest: unknown[]) => {
      const name = typeof first === 'object' && first !== null ? (first as { level?: unknown }).level : first;
      if (typeof name === 'string' && NPM_LEVELS[name] !== undefined && !enabled(name)) return proxy;
      return (materialize().log as (...args: unknown[]) => Logger)(first, ...rest);
    },
  };
  const materialize = (): Logger => (real ??= build());
  const proxy: Logger = new Proxy(Object.create(null) as Logger, {
    get(_target, property) {
      if (!real) {
        if (property === 'level') return level;
        // Not a thenable: `await` and promise resolution must not build the logger.
        if (property === 'then') return undefined;
        if (property in early) return early[property];
        if (typeof property === 'string' && NPM_LEVELS[property] !== undefined && !enabled(property)) return skip;
      }
      const target = materialize();
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const cached = bound.get(property);
      if (cached?.original === value) return cached.fn;
      const fn = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(property, { original: value, fn });
      return fn;
    },
    set: (_target, property, value) => Reflect.set(materialize(), property, value),
    has: (_target, property) => property in materialize(),
    getPrototypeOf: () => Object.getPrototypeOf(materialize()) as object,
  });
  return proxy;
}

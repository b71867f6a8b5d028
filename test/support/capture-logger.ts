import { createLogger, type Logger, type LogLevel } from 'mcp-decorators';
import { Writable } from 'node:stream';
import winston from 'winston';

/** A framework logger whose lines are kept in memory (and not printed), for assertions. */
export function captureLogger(level: LogLevel = 'debug'): { logger: Logger; lines: string[]; entries(): Record<string, unknown>[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((line) => line.length > 0),
      );
      done();
    },
  });
  const logger = createLogger({ level, transports: [new winston.transports.Stream({ stream: sink })] });
  logger.remove(logger.transports[0]!); // the stderr transport: keep test output quiet
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

import winston from 'winston';
import { createLogger, type LogLevel } from '../../../src/logging/logger';

/** winston hands lines to its transports through streams: let them flow. */
const flushed = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

const LEVELS: LogLevel[] = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];

describe('createLogger', () => {
  let written: string[];
  let onStdout: string[];
  let spies: jest.SpyInstance[];

  beforeEach(() => {
    written = [];
    onStdout = [];
    // The default logger writes to process.stderr itself, never through console (which jest
    // replaces): a spy installed after the logger is built must see every line.
    spies = [
      jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }),
      jest.spyOn(console, 'error').mockImplementation(() => {
        throw new Error('the logger must not write through console.error');
      }),
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        onStdout.push(String(chunk));
        return true;
      }),
    ];
  });
  afterEach(() => spies.forEach((spy) => spy.mockRestore()));

  it.each(LEVELS)('at %s, answers isLevelEnabled as winston does, before and after it is built', (level) => {
    const reference = winston.createLogger({ level, transports: [new winston.transports.Console()] });
    const logger = createLogger({ level });
    const expected = LEVELS.map((l) => reference.isLevelEnabled(l));
    expect(LEVELS.map((l) => logger.isLevelEnabled(l))).toEqual(expected);
    expect(logger.level).toBe(level);
    logger.error('built');
    expect(LEVELS.map((l) => logger.isLevelEnabled(l))).toEqual(expected);
  });

  it('writes nothing for disabled levels and one JSON line on stderr for enabled ones', async () => {
    const logger = createLogger({ level: 'info', defaultMeta: { service: 'svc' } });
    logger.debug('hidden');
    logger.log('verbose', 'hidden too');
    expect(logger.debug('chained')).toBe(logger);
    await flushed();
    expect(written).toEqual([]);
    logger.info('shown', { n: 1 });
    logger.log('warn', 'also shown');
    logger.log({ level: 'error', message: 'as an info object' });
    await flushed();
    const lines = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', message: 'shown', n: 1, service: 'svc', timestamp: expect.any(String) }),
      expect.objectContaining({ level: 'warn', message: 'also shown' }),
      expect.objectContaining({ level: 'error', message: 'as an info object' }),
    ]);
    expect(onStdout).toEqual([]);
  });

  it('is a full winston logger once used: level changes, children', async () => {
    const logger = createLogger({ level: 'info' });
    logger.level = 'debug';
    expect(logger.isLevelEnabled('debug')).toBe(true);
    logger.child({ requestId: 7 }).debug('from a child');
    await flushed();
    expect(JSON.parse(written[0]!)).toEqual(expect.objectContaining({ level: 'debug', requestId: 7 }));
    expect(logger).toBeInstanceOf(winston.Logger);
  });

  it('is not mistaken for a promise', async () => {
    const logger = createLogger();
    await expect(Promise.resolve(logger)).resolves.toBe(logger);
  });
});

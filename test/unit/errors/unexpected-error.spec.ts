import { logUnexpected } from '../../../src/errors/unexpected-error';
import { captureLogger } from '../../support/capture-logger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('logUnexpected', () => {
  it('logs the real error at error level under a new correlation id, and returns the id', () => {
    const { logger, entries } = captureLogger();
    const error = new TypeError('cannot read properties of undefined (reading "rows")');
    const correlationId = logUnexpected(error, logger, 'tool_failed', { tool: 'report', requestId: 7 });

    expect(correlationId).toMatch(UUID);
    expect(entries()).toHaveLength(1);
    const [entry] = entries();
    expect(entry).toMatchObject({
      level: 'error',
      message: 'tool_failed',
      event: 'tool_failed',
      tool: 'report',
      requestId: 7,
      correlationId,
      errorType: 'TypeError',
      errorMessage: 'cannot read properties of undefined (reading "rows")',
    });
    expect(entry!['stack']).toEqual(expect.stringContaining('unexpected-error.spec.ts'));
  });

  it('the id, not the error, is what it returns: the message never leaks through it', () => {
    const { logger } = captureLogger();
    const correlationId = logUnexpected(new Error('password=hunter2 rejected by db'), logger, 'tool_failed', {});
    expect(correlationId).not.toContain('hunter2');
    expect(correlationId).toMatch(UUID);
  });

  it('draws a new id for every failure', () => {
    const { logger, entries } = captureLogger();
    const ids = [1, 2, 3].map(() => logUnexpected(new Error('boom'), logger, 'tool_failed', {}));
    expect(new Set(ids).size).toBe(3);
    expect(entries().map((entry) => entry['correlationId'])).toEqual(ids);
  });

  it('logs a thrown value that is not an Error as an Error of its text', () => {
    const { logger, entries } = captureLogger();
    logUnexpected('disk full', logger, 'http_failed', { path: '/mcp' });
    logUnexpected(42, logger, 'http_failed', {});
    const [first, second] = entries();
    expect(first).toMatchObject({ errorType: 'Error', errorMessage: 'disk full', path: '/mcp' });
    expect(second).toMatchObject({ errorType: 'Error', errorMessage: '42' });
    expect(typeof first!['stack']).toBe('string');
  });

  it('keeps the error’s own name (subclasses)', () => {
    const { logger, entries } = captureLogger();
    class QueryError extends Error {
      override name = 'QueryError';
    }
    logUnexpected(new QueryError('syntax error at "FROM"'), logger, 'resource_failed', {});
    expect(entries()[0]).toMatchObject({ errorType: 'QueryError', errorMessage: 'syntax error at "FROM"' });
  });

  it('its own fields win over the caller’s: a caller cannot forge the id or the error', () => {
    const { logger, entries } = captureLogger();
    const correlationId = logUnexpected(new Error('real'), logger, 'tool_failed', {
      correlationId: 'forged',
      errorMessage: 'forged',
      errorType: 'forged',
    });
    expect(entries()[0]).toMatchObject({ correlationId, errorMessage: 'real', errorType: 'Error' });
  });

  it('is written even by a logger at its quietest level', () => {
    const { logger, entries } = captureLogger('error');
    logUnexpected(new Error('boom'), logger, 'tool_failed', {});
    expect(entries()).toHaveLength(1);
  });
});

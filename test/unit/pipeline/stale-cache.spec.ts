import { ErrorCategory, ToolError } from 'mcp-decorators';
import { InputRequiredSignal } from '../../../src/context/input-rounds';
import type { Invocation } from '../../../src/pipeline/invocation';
import { isSourceFailure, offerStale, takeStale } from '../../../src/pipeline/stale-cache';

describe('offerStale and takeStale', () => {
  const invocation = (): Invocation => ({ input: {} }) as unknown as Invocation;

  it('hands the offered answer to the first taker only', () => {
    const call = invocation();
    offerStale(call, () => 'yesterday');
    expect(takeStale(call)).toBe('yesterday');
    expect(takeStale(call)).toBeUndefined();
    expect(call.staleAnswer).toBeUndefined();
  });

  it('builds the answer when it is taken, not when it is offered', () => {
    const call = invocation();
    const serve = jest.fn(() => 'marked stale');
    offerStale(call, serve);
    expect(serve).not.toHaveBeenCalled();
    expect(takeStale(call)).toBe('marked stale');
    expect(serve).toHaveBeenCalledTimes(1);
  });

  it('has nothing to give when nothing was offered, and keeps offers to their own call', () => {
    const offered = invocation();
    const other = invocation();
    offerStale(offered, () => 'mine');
    expect(takeStale(other)).toBeUndefined();
    expect(takeStale(offered)).toBe('mine');
  });

  it('keeps the latest offer of a call', () => {
    const call = invocation();
    offerStale(call, () => 'first');
    offerStale(call, () => 'second');
    expect(takeStale(call)).toBe('second');
  });
});

describe('isSourceFailure', () => {
  it('is false for the caller’s own mistakes: validation, authentication, authorization', () => {
    for (const category of [ErrorCategory.VALIDATION, ErrorCategory.AUTHENTICATION, ErrorCategory.AUTHORIZATION]) {
      expect(isSourceFailure(new ToolError('caller', { category }))).toBe(false);
    }
  });

  it('is false for a question to the client, which is no failure', () => {
    expect(isSourceFailure(new InputRequiredSignal('q0', {} as never, {} as never))).toBe(false);
  });

  it('is true for the source’s failures: timeouts, upstream errors, exceptions, anything thrown', () => {
    for (const category of [ErrorCategory.TIMEOUT, ErrorCategory.EXTERNAL_API, ErrorCategory.SYSTEM, ErrorCategory.RATE_LIMIT]) {
      expect(isSourceFailure(new ToolError('source', { category }))).toBe(true);
    }
    expect(isSourceFailure(new TypeError('undefined is not a function'))).toBe(true);
    expect(isSourceFailure('a string')).toBe(true);
    expect(isSourceFailure(undefined)).toBe(true);
  });
});

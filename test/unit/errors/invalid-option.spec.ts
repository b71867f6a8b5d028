import { isPositiveInteger, positiveInteger } from '../../../src/errors/invalid-option';

describe('isPositiveInteger', () => {
  it.each([1, 2, 1_000, Number.MAX_SAFE_INTEGER])('accepts %p', (value) => {
    expect(isPositiveInteger(value)).toBe(true);
  });

  it.each([
    0,
    -0,
    -1,
    1.5,
    0.999,
    NaN,
    Infinity,
    -Infinity,
    Number.MAX_SAFE_INTEGER + 1,
    2 ** 53 + 2,
    '1',
    '10',
    1n,
    null,
    undefined,
    true,
    [1],
    { valueOf: () => 1 },
  ])('refuses %p', (value) => {
    expect(isPositiveInteger(value)).toBe(false);
  });

  it('accepts up to max, inclusive, and refuses beyond', () => {
    expect(isPositiveInteger(10, 10)).toBe(true);
    expect(isPositiveInteger(11, 10)).toBe(false);
    expect(isPositiveInteger(1, 1)).toBe(true);
    expect(isPositiveInteger(2, 1)).toBe(false);
  });
});

describe('positiveInteger', () => {
  it('returns the value when it is valid', () => {
    expect(positiveInteger('limit', 5)).toBe(5);
    expect(positiveInteger('limit', 100, 100)).toBe(100);
  });

  it('throws a RangeError naming the option and the value', () => {
    expect(() => positiveInteger('@RateLimited: limit', 0)).toThrow(RangeError);
    expect(() => positiveInteger('@RateLimited: limit', 0)).toThrow(new RangeError('@RateLimited: limit must be a positive integer, got 0'));
    expect(() => positiveInteger('windowMs', 1.5)).toThrow(new RangeError('windowMs must be a positive integer, got 1.5'));
    expect(() => positiveInteger('windowMs', '10')).toThrow(new RangeError('windowMs must be a positive integer, got 10'));
    expect(() => positiveInteger('windowMs', undefined)).toThrow(new RangeError('windowMs must be a positive integer, got undefined'));
  });

  it('names the maximum when one below the largest safe integer is set', () => {
    expect(() => positiveInteger('maxEntries', 1_001, 1_000)).toThrow(new RangeError('maxEntries must be a positive integer up to 1000, got 1001'));
    expect(() => positiveInteger('maxEntries', -3, 1_000)).toThrow(new RangeError('maxEntries must be a positive integer up to 1000, got -3'));
  });

  it('does not name the default maximum', () => {
    expect(() => positiveInteger('n', 2 ** 60, Number.MAX_SAFE_INTEGER)).toThrow(new RangeError(`n must be a positive integer, got ${String(2 ** 60)}`));
  });
});

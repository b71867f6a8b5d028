import { formatBytes, formatMicros, linearFit, median, percentile, sortedCopy } from '../../bench/harness/stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles of sorted samples', () => {
    const sorted = sortedCopy([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 90)).toBe(9);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
  });

  it('takes medians of odd and even counts without reordering the input', () => {
    const values = [3, 1, 2];
    expect(median(values)).toBe(2);
    expect(values).toEqual([3, 1, 2]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('fits a line and says how well it fits', () => {
    const exact = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(exact.slope).toBeCloseTo(2);
    expect(exact.intercept).toBeCloseTo(1);
    expect(exact.r2).toBeCloseTo(1);
    const flat = linearFit([0, 1, 2, 3], [5, 5, 5, 5]);
    expect(flat.slope).toBe(0);
    const noisy = linearFit([0, 1, 2, 3], [1, -1, 1, -1]);
    expect(noisy.r2).toBeLessThan(0.5);
  });

  it('formats durations and sizes for the report', () => {
    expect(formatMicros(12.34)).toBe('12.3 µs');
    expect(formatMicros(1234)).toBe('1.23 ms');
    expect(formatMicros(207_000)).toBe('207 ms');
    expect(formatBytes(112 * 1024 * 1024)).toBe('112 MB');
    expect(formatBytes(-2048)).toBe('-2.0 KB');
  });
});

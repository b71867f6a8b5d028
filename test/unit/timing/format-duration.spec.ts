import { formatDuration } from '../../../src/timing/format-duration';

describe('formatDuration', () => {
  it.each([
    [3_600_000, '1 h'],
    [7_200_000, '2 h'],
    [60_000, '1 min'],
    [90 * 60_000, '90 min'],
    [1_000, '1 s'],
    [30_000, '30 s'],
    [61_000, '61 s'],
    [1_500, '1500 ms'],
    [1, '1 ms'],
    [999, '999 ms'],
    [0, '0 ms'],
  ])('%d ms reads "%s"', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('picks the largest unit that divides the duration exactly', () => {
    // 1 h 1 s is not a whole number of minutes or hours.
    expect(formatDuration(3_601_000)).toBe('3601 s');
    // 1 h 1 min is a whole number of minutes.
    expect(formatDuration(3_660_000)).toBe('61 min');
  });
});

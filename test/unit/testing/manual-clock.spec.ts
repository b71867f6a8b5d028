import { ManualClock, MemoryStore } from 'mcp-decorators';

describe('ManualClock', () => {
  it('starts at 2030-01-01T00:00:00Z by default', () => {
    expect(new Date(new ManualClock().now()).toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('starts where it is told to', () => {
    expect(new ManualClock(0).now()).toBe(0);
    expect(new ManualClock(1_750_000_000_000).now()).toBe(1_750_000_000_000);
  });

  it('stands still until advanced', () => {
    jest.useFakeTimers();
    try {
      const clock = new ManualClock(1_000);
      jest.advanceTimersByTime(60_000);
      jest.setSystemTime(Date.now() + 3_600_000);
      expect(clock.now()).toBe(1_000);
    } finally {
      jest.useRealTimers();
    }
  });

  it('advance moves time forward by the amount given, cumulatively', () => {
    const clock = new ManualClock(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    clock.advance(0);
    expect(clock.now()).toBe(1_500);
    clock.advance(0.25);
    clock.advance(60_000);
    expect(clock.now()).toBe(61_500.25);
  });

  it.each([-1, NaN, Infinity, -Infinity])('refuses to advance by %p, and does not move', (ms) => {
    const clock = new ManualClock(1_000);
    expect(() => clock.advance(ms)).toThrow(RangeError);
    expect(() => clock.advance(ms)).toThrow(`ManualClock.advance: ms must be a finite number >= 0, got ${ms}`);
    expect(clock.now()).toBe(1_000);
  });

  it('drives a store: entries expire when the clock says so', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore({ clock });
    await store.set('forecast', 'sunny', 60_000);
    clock.advance(59_999);
    expect(await store.get('forecast')).toBe('sunny');
    clock.advance(1);
    expect(await store.get('forecast')).toBeUndefined();
  });
});

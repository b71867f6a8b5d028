import type { Clock } from '../stores/store';

/**
 * A clock that moves only when told to: pass it to `createMcpApp({ clock })` to expire caches
 * and refill rate limits in tests without sleeping.
 *
 * @example
 * const clock = new ManualClock();
 * const app = await createMcpApp({ name: 't', version: '1', providers: [WeatherTools], clock });
 * await client.callTool('forecast', { city: 'Paris' });
 * clock.advance(60_000); // the cached forecast has expired
 */
export class ManualClock implements Clock {
  /** Starts at `time` (milliseconds since the epoch; default 2030-01-01T00:00:00Z). */
  constructor(private time = Date.UTC(2030, 0, 1)) {}

  /** The current time, in milliseconds since the epoch; changes only through `advance`. */
  now(): number {
    return this.time;
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance: ms must be a finite number >= 0, got ${ms}`);
    this.time += ms;
  }
}

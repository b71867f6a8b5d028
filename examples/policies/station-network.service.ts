import { ErrorCategory, type Logger, TOKENS, ToolError } from 'mcp-decorators';
import { inject, injectable } from 'tsyringe';

/** Long-term averages: what the backup source knows when the live network is unreachable. */
const CLIMATE_AVERAGES: Readonly<Record<string, number>> = { paris: 12, oslo: 6, lima: 19, tokyo: 16 };

/**
 * A stand-in for two weather APIs, so that the example runs offline: the live station network
 * (primary) and climate averages (backup). `WEATHER_PRIMARY=down` simulates an outage of the
 * primary, `WEATHER_PRIMARY=slow` makes it hang until its call is aborted.
 */
@injectable()
export class StationNetwork {
  private readonly observations = new Map<string, number>([
    ['paris', 14],
    ['oslo', 3],
    ['reykjavik', 2],
  ]);

  constructor(@inject(TOKENS.Logger) private readonly logger: Logger) {}

  /** The latest observation; honours `signal` like a real HTTP client would. */
  async current(city: string, signal: AbortSignal): Promise<number> {
    const mode = process.env['WEATHER_PRIMARY'];
    if (mode === 'down') throw new ToolError('The station network is unreachable', { category: ErrorCategory.NETWORK });
    if (mode === 'slow') {
      await new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
    }
    const celsius = this.observations.get(city.toLowerCase());
    if (celsius === undefined) {
      throw new ToolError(`No station reports for ${city}`, { category: ErrorCategory.EXTERNAL_API });
    }
    return celsius;
  }

  /** The climate average for the city, from the backup source. */
  async average(city: string): Promise<number> {
    const celsius = CLIMATE_AVERAGES[city.toLowerCase()];
    if (celsius === undefined) throw new ToolError(`No climate data for ${city}`, { category: ErrorCategory.EXTERNAL_API });
    return celsius;
  }

  record(city: string, celsius: number): void {
    this.observations.set(city.toLowerCase(), celsius);
    this.logger.debug('observation_recorded', { event: 'observation_recorded', city });
  }
}

import { IsNumber, IsString, Length, Max, Min } from 'class-validator';
import { Cached, Fallback, InvalidatesCache, Logged, RateLimited, Timeout, Tool, ToolContext } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { StationNetwork } from './station-network.service';

export class CityInput {
  @IsString() @Length(1, 80) city!: string;
}

export class ObservationInput {
  @IsString() @Length(1, 80) city!: string;
  @IsNumber() @Min(-90) @Max(60) celsius!: number;
}

/**
 * The seed's weather tool with every policy: cached per city for everyone, degraded through a
 * backup source, a stale value and a default message, bounded in time, limited per caller.
 */
@injectable()
@Logged()
export class WeatherTools {
  constructor(private readonly stations: StationNetwork) {}

  @Tool({ description: 'Current temperature in a city', annotations: { readOnlyHint: true } })
  @RateLimited({ limit: 30, windowMs: 60_000 })
  @Cached({ ttlMs: 60_000, scope: 'global', staleIfErrorMs: 3_600_000, tags: ['weather'] })
  @Fallback({
    methods: ['fromClimateAverages'],
    default: ({ city }: CityInput) => `Weather data temporarily unavailable for ${city}. Please try again later.`,
  })
  @Timeout(2_000)
  async weather({ city }: CityInput, ctx: ToolContext): Promise<string> {
    return `${city}: ${await this.stations.current(city, ctx.signal)}°C`;
  }

  /** Backup source of `weather` (not a tool itself). */
  async fromClimateAverages({ city }: CityInput): Promise<string> {
    return `${city}: about ${await this.stations.average(city)}°C (climate average)`;
  }

  @Tool({ description: 'Record an observation from a station' })
  @InvalidatesCache('weather')
  reportObservation({ city, celsius }: ObservationInput): string {
    this.stations.record(city, celsius);
    return `Recorded ${celsius}°C for ${city}`;
  }
}

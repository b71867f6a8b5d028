import 'reflect-metadata';

import { createMcpApp, type McpApp } from 'mcp-decorators';
import { AccountTools } from './account.tools';
import { StationNetwork } from './station-network.service';
import { WeatherTools } from './weather.tools';

/** The policies example: caching, rate limits, logging, fallback and timeouts on one server. */
export function createServer(): Promise<McpApp> {
  return createMcpApp({
    name: 'policies',
    version: '1.0.0',
    providers: [WeatherTools, AccountTools],
    services: [StationNetwork],
    // Every caller: at most 120 calls a minute across all tools, before each tool's own limit.
    rateLimit: { limit: 120, windowMs: 60_000 },
  });
}

if (require.main === module) {
  createServer()
    .then((app) => app.listen())
    .catch((error: unknown) => {
      process.stderr.write(`policies example failed to start: ${(error as Error).message}\n`);
      process.exit(1);
    });
}

import { createMcpApp, type McpApp, type McpAppOptions } from 'mcp-decorators';
import { ConformancePrompts } from './conformance.prompts';
import { ConformanceResources } from './conformance.resources';
import { ConformanceTools } from './conformance.tools';
import { WatchedResource } from './watched.resource';

/** The server the official MCP conformance suite is run against, built from the public API only. */
export function createConformanceApp(options: Partial<McpAppOptions> = {}): Promise<McpApp> {
  return createMcpApp({
    name: 'mcp-decorators-conformance',
    version: '1.0.0',
    providers: [ConformanceTools, ConformanceResources, ConformancePrompts],
    services: [WatchedResource],
    ...options,
  });
}

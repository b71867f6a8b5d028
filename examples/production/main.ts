import 'reflect-metadata';

import { createMcpApp, redactConfig } from 'mcp-decorators';
import { NotesConfig } from './notes.config';
import { NotesService } from './notes.service';
import { NotesTools } from './notes.tools';
import { startTracing } from './tracing';

/**
 * The production example: everything from the environment (MCP_* and NOTES_*, or a .env file).
 *
 *   MCP_TRANSPORT=http MCP_PORT=4000 npm run start:production
 *
 * serves /mcp, /health, /ready, /metrics and /status on 127.0.0.1:4000. Set MCP_AUTH_JWT_SECRET
 * (or MCP_AUTH_JWKS_URL) with MCP_AUTH_AUDIENCE to require bearer tokens, and MCP_REDIS_URL to
 * share caches and rate limits between replicas, and OTEL_EXPORTER_OTLP_ENDPOINT to send
 * OpenTelemetry spans. SIGTERM and SIGINT shut it down gracefully.
 */
async function main(): Promise<void> {
  // Before createMcpApp: the app traces when it finds a tracer provider registered.
  const stopTracing = await startTracing();
  const app = await createMcpApp({
    name: 'notes',
    version: '1.0.0',
    providers: [NotesTools],
    services: [NotesService],
    config: [NotesConfig],
  });
  if (stopTracing) app.onClose(stopTracing);
  const { logger } = app;
  logger.info('config_loaded', { event: 'config_loaded', mcp: redactConfig(app.config), notes: redactConfig(app.container.resolve(NotesConfig)) });
  if (app.config.transport === 'http' && app.config.authJwtSecret === undefined && app.config.authJwksUrl === undefined) {
    logger.warn('auth_disabled', { event: 'auth_disabled', hint: 'set MCP_AUTH_JWT_SECRET or MCP_AUTH_JWKS_URL to require bearer tokens' });
  }
  await app.listen();
}

main().catch((error: unknown) => {
  // A ConfigError lists every bad variable; secrets are never part of it.
  process.stderr.write(`notes failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});

import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger';

/**
 * Logs an unexpected failure with its stack under a new correlation id, and returns the id: the
 * client is told only the id, which finds this log line. The one rule for masking, used by the
 * error mapper (calls) and the HTTP router (everything else).
 */
export function logUnexpected(error: unknown, logger: Logger, event: string, fields: Record<string, unknown>): string {
  const correlationId = randomUUID();
  const err = error instanceof Error ? error : new Error(String(error));
  logger.error(event, { event, ...fields, correlationId, errorType: err.name, errorMessage: err.message, stack: err.stack });
  return correlationId;
}

import type { Logger } from '../logging/logger';
import type { MetricsRecorder } from '../metrics/metrics-recorder';
import { StoreUnavailableError } from './store-errors';

/**
 * How policies live through a store outage: every failed operation is counted
 * (`metrics.storeError`), but the outage is logged once when it starts (`store_unavailable`)
 * and once when a store call succeeds again (`store_recovered`), not once per call. One per app.
 */
export class StoreGuard {
  private down = false;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: MetricsRecorder,
  ) {}

  /** True while the last store operation of a policy failed. */
  get unavailable(): boolean {
    return this.down;
  }

  /** To call after a store operation succeeded. */
  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info('store_recovered', { event: 'store_recovered' });
  }

  /**
   * To call with what a store operation threw. Returns true when it was an outage
   * (`StoreUnavailableError`), which the caller then works around; false for anything else, which
   * is a defect the caller must rethrow.
   */
  failed(error: unknown, operation: string): boolean {
    if (!(error instanceof StoreUnavailableError)) return false;
    this.metrics.storeError(operation);
    if (!this.down) {
      this.down = true;
      this.logger.warn('store_unavailable', {
        event: 'store_unavailable',
        operation,
        errorMessage: error.message,
        effect: 'caches are skipped and rate limits apply their failMode until the store answers again',
      });
    }
    return true;
  }
}

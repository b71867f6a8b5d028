/**
 * What the pipeline reports about calls. The Prometheus recorder exports these as metrics; the
 * default recorder drops them. Implementations must be cheap: they run on every call.
 */
export interface MetricsRecorder {
  /** A finished call: `status` is `success`, `error` or the error category (`rate_limit`, ...). */
  callCompleted(kind: string, name: string, status: string, durationMs: number): void;
  cacheHit(name: string): void;
  cacheMiss(name: string): void;
  rateLimited(name: string): void;
  /** A store operation failed (Redis down...); `operation` is `get`, `set`, `consume`... */
  storeError(operation: string): void;
  sessionOpened(): void;
  sessionClosed(): void;
}

/** The recorder of apps without metrics. */
export const NO_METRICS: MetricsRecorder = Object.freeze({
  callCompleted: () => undefined,
  cacheHit: () => undefined,
  cacheMiss: () => undefined,
  rateLimited: () => undefined,
  storeError: () => undefined,
  sessionOpened: () => undefined,
  sessionClosed: () => undefined,
});

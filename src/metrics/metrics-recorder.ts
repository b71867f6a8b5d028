/**
 * What the pipeline reports about calls. The Prometheus recorder exports these as metrics; the
 * default recorder drops them. Implementations must be cheap: they run on every call.
 */
export interface MetricsRecorder {
  /** A finished call: `status` is `success`, `error` or the error category (`rate_limit`, ...). */
  callCompleted(kind: string, name: string, status: string, durationMs: number): void;
  /** A `@Cached` handler answered from the cache (or from an identical call in flight). */
  cacheHit(name: string): void;
  /** A `@Cached` handler ran its method. */
  cacheMiss(name: string): void;
  /** A rate limit refused a call of handler `name`. */
  rateLimited(name: string): void;
  /** A store operation failed (Redis down...); `operation` is `get`, `set`, `consume`... */
  storeError(operation: string): void;
  /** A connection (`app.connect`, stdio) or a legacy HTTP session opened. */
  sessionOpened(): void;
  /** A connection or legacy HTTP session closed. */
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

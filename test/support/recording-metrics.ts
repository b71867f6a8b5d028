import type { MetricsRecorder } from 'mcp-decorators';

/** A metrics recorder that keeps every event, for assertions. */
export class RecordingMetrics implements MetricsRecorder {
  readonly calls: Array<{ kind: string; name: string; status: string; durationMs: number }> = [];
  readonly hits: string[] = [];
  readonly misses: string[] = [];
  readonly limited: string[] = [];
  readonly storeErrors: string[] = [];
  sessions = 0;

  callCompleted(kind: string, name: string, status: string, durationMs: number): void {
    this.calls.push({ kind, name, status, durationMs });
  }
  cacheHit(name: string): void {
    this.hits.push(name);
  }
  cacheMiss(name: string): void {
    this.misses.push(name);
  }
  rateLimited(name: string): void {
    this.limited.push(name);
  }
  storeError(operation: string): void {
    this.storeErrors.push(operation);
  }
  sessionOpened(): void {
    this.sessions++;
  }
  sessionClosed(): void {
    this.sessions--;
  }

  /** Statuses of the completed calls of `name`, in order. */
  statuses(name: string): string[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.status);
  }
}

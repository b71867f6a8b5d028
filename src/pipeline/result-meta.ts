/*
 * Marks that policies put on protocol results, in `_meta` where every client can read them.
 */

/**
 * `_meta` key of a result served by a fallback source rather than by the method itself:
 * `{ source: 'fallback' | 'stale' | 'default', method?, ageMs? }`. Degraded results are never cached.
 */
export const DEGRADED_META = 'mcp-decorators/degraded';

/** Where a degraded result came from. */
export interface DegradedInfo {
  readonly source: 'fallback' | 'stale' | 'default';
  /** The fallback method that answered (`source: 'fallback'`). */
  readonly method?: string;
  /** How old the served cache entry is, in milliseconds (`source: 'stale'`). */
  readonly ageMs?: number;
}

type WithMeta = { _meta?: Record<string, unknown>; isError?: boolean };

/** A copy of `result` carrying `info` under `DEGRADED_META`. */
export function markDegraded<T>(result: T, info: DegradedInfo): T {
  const meta = (result as WithMeta)._meta;
  return { ...result, _meta: { ...meta, [DEGRADED_META]: info } };
}

/** The degraded mark of a result, if any. */
export function degradedInfo(result: unknown): DegradedInfo | undefined {
  return (result as WithMeta | undefined)?._meta?.[DEGRADED_META] as DegradedInfo | undefined;
}

/** True for a tool result with `isError: true`. */
export function isErrorResult(result: unknown): boolean {
  return (result as WithMeta | undefined)?.isError === true;
}

/*
 * Marks that policies put on protocol results, in `_meta` where every client can read them.
 */

/**
 * `_meta` key of a result served by a fallback source rather than by the method itself:
 * `{ source: 'fallback' | 'stale' | 'default', method?, ageMs? }`. Degraded results are never cached.
 *
 * @example
 * const result = await client.callToolRaw('forecast', { city: 'Oslo' });
 * if (result._meta?.[DEGRADED_META]) console.warn('served from a fallback source');
 */
export const DEGRADED_META = 'mcp-decorators/degraded';

/**
 * Where a degraded result came from.
 *
 * @example
 * const info = result._meta?.[DEGRADED_META] as DegradedInfo | undefined;
 * if (info?.source === 'stale') showBanner(`data from ${Math.round(info.ageMs! / 1000)} s ago`);
 */
export interface DegradedInfo {
  /**
   * What answered instead of the method: `fallback` a fallback method, `stale` an expired cache
   * entry kept by `staleIfErrorMs`, `default` the `@Fallback` default.
   */
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

/**
 * The seed's words for a value served from an expired cache entry, appended to a tool's text.
 *
 * @example
 * expect(await client.callTool('forecast', { city: 'Oslo' })).toContain(STALE_NOTE);
 */
export const STALE_NOTE = 'cached data - may be outdated';

/**
 * A stale cached result marked as such: `DEGRADED_META` for every client and, for a tool, the
 * seed's note in its text so that the model reads it too (appended to a lone text block, else
 * added as one more block).
 */
export function markStale<T>(kind: string, result: T, ageMs: number): T {
  const marked = markDegraded(result, { source: 'stale', ageMs });
  if (kind !== 'tool') return marked;
  const tool = marked as { content?: Array<{ type: string; text?: string }>; structuredContent?: unknown };
  const content = tool.content ?? [];
  const [only] = content;
  if (content.length === 1 && only?.type === 'text' && tool.structuredContent === undefined) {
    return { ...marked, content: [{ ...only, text: `${only.text} (${STALE_NOTE})` }] };
  }
  return { ...marked, content: [...content, { type: 'text', text: `(${STALE_NOTE})` }] };
}

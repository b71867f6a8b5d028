import { randomInt } from 'node:crypto';
import { McpDefinitionError } from '../errors/tool-error';
import type { Store } from '../stores/store';
import type { StoreGuard } from '../stores/store-guard';

/**
 * Invalidation of cached results by tag, for code that changes data outside a tool marked
 * `@InvalidatesCache` (a webhook, a scheduled import). Inject it into any provider or service;
 * `app.invalidateCache(...)` does the same.
 *
 * Each tag has a version in the store, folded into the keys of the entries cached under it:
 * invalidating a tag changes its version, one O(1) store operation, and the old entries, no
 * longer reachable, expire by their TTL. This works unchanged when replicas share Redis.
 *
 * @example
 * @injectable()
 * class CatalogImport {
 *   constructor(private readonly cache: CacheService) {}
 *   async run() { await this.importAll(); await this.cache.invalidate('catalog'); }
 * }
 */
export class CacheService {
  /** @internal the app builds the one CacheService; inject it. */
  constructor(
    private readonly store: Store,
    private readonly guard: StoreGuard,
  ) {}

  /**
   * Drops every entry cached under any of `tags`. Resolves to false when the store could not
   * be reached (the outage is logged once; the entries then live until their TTL).
   */
  async invalidate(...tags: string[]): Promise<boolean> {
    for (const tag of tags) {
      if (typeof tag !== 'string' || tag.length === 0) throw new McpDefinitionError('invalidate: tags must be non-empty strings');
    }
    try {
      for (const tag of tags) await this.store.increment(tagKey(tag), versionStep());
      this.guard.succeeded();
      return true;
    } catch (error) {
      if (!this.guard.failed(error, 'increment')) throw error;
      return false;
    }
  }

  /**
   * The current versions of `tags`, in order, or undefined when the store cannot be reached.
   * A tag never seen (or evicted from a bounded store) gets a fresh random version.
   *
   * @internal used by the cache step.
   */
  async versions(tags: readonly string[]): Promise<number[] | undefined> {
    try {
      const versions: number[] = [];
      for (const tag of tags) {
        const key = tagKey(tag);
        versions.push((await this.store.get<number>(key)) ?? (await this.store.increment(key, versionStep())));
      }
      this.guard.succeeded();
      return versions;
    } catch (error) {
      if (!this.guard.failed(error, 'get')) throw error;
      return undefined;
    }
  }
}

function tagKey(tag: string): string {
  return `cache-tag:${tag}`;
}

/**
 * Versions move by random steps, not by one: a version lost from a bounded store restarts at
 * a random value rather than at a value it had before, which would make entries invalidated
 * since then reachable again. 2^20 per step keeps counters exact for 2^33 invalidations.
 */
function versionStep(): number {
  return randomInt(1, 2 ** 20);
}

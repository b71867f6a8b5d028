/* The public names of cache/. */
export { CacheService } from './cache.service';

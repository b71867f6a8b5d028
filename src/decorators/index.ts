/* The public names of decorators/: handlers and policies. */
export { Cached } from './cached.decorator';
export type { PolicyDecorator } from './decorator-guards';
export { Description } from './description.decorator';
export { Fallback } from './fallback.decorator';
export { InvalidatesCache } from './invalidates-cache.decorator';
export { Logged } from './logged.decorator';
export { Prompt } from './prompt.decorator';
export { Public } from './public.decorator';
export { RateLimited } from './rate-limited.decorator';
export { RequireScopes } from './require-scopes.decorator';
export { Resource } from './resource.decorator';
export { Route } from './route.decorator';
export { Sensitive } from './sensitive.decorator';
export { SetMetadata } from './set-metadata.decorator';
export { Timeout } from './timeout.decorator';
export { Tool } from './tool.decorator';
export { UseInterceptors } from './use-interceptors.decorator';

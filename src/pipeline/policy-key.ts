import { createHash } from 'node:crypto';
import type { ToolContext } from '../context/tool-context';
import type { PolicyKeyFn, PolicyScope } from '../metadata/policy.types';

/** Longest key part kept as it is; longer ones (custom keys, long subjects) are hashed. */
const MAX_PART = 128;

/** The digest of `text`, short enough for any store key. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * Who a cache entry or a rate-limit budget belongs to: the custom `key` of the policy, else `*`
 * for `scope: 'global'`, else the caller's principal.
 */
export function ownerPart(options: { readonly key?: PolicyKeyFn; readonly scope?: PolicyScope }, input: unknown, context: ToolContext): string {
  const part = options.key ? String(options.key(input, context)) : options.scope === 'global' ? '*' : context.principal;
  return part.length <= MAX_PART ? part : `#${digest(part)}`;
}

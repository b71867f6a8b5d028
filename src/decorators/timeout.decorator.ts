import { POLICY } from '../constants';
import { assertPositive, policyDecorator, type PolicyDecorator } from './decorator-guards';

/**
 * Bounds how long the method may run. Past `ms` milliseconds the call's `ctx.signal` is aborted
 * (pass it to `fetch`, database drivers, loops) and the call answers with a `timeout` error,
 * or goes on down its `@Fallback` chain; the server keeps serving. Each fallback method gets
 * the same bound, with a signal of its own.
 *
 * @example
 * @Tool()
 * @Timeout(5_000)
 * async fetchPage({ url }: UrlInput, ctx: ToolContext) {
 *   return (await fetch(url, { signal: ctx.signal })).text();
 * }
 */
export function Timeout(ms: number): PolicyDecorator {
  assertPositive('@Timeout', 'ms', ms);
  return policyDecorator('@Timeout', POLICY.timeout, Object.freeze({ ms }));
}

import type { Logger } from '../logging/logger';
import { withDeadline } from '../timing/deadline';
import type { InFlightCalls } from './in-flight-calls';

/** Something that serves requests and can stop taking new ones before it is closed (an HTTP server). */
export interface Drainable {
  /** Refuses new requests from now on (503), keeping the ones in progress. */
  stopAccepting(): void;
  /** Resolves once no request is in progress. */
  idle(): Promise<void>;
}

/** Options of `app.shutdown()`. */
export interface ShutdownOptions {
  /** Longest wait for in-flight calls before closing anyway (default `MCP_SHUTDOWN_TIMEOUT_MS`, 10 s). */
  timeoutMs?: number;
}

/** Options of `app.enableShutdownHooks()`. */
export interface ShutdownHookOptions extends ShutdownOptions {
  /** Signals that start the shutdown (default SIGTERM and SIGINT). */
  signals?: NodeJS.Signals[];
  /**
   * Exit the process once closed (default true): code 0, also when the timeout cut calls short
   * (a warning is logged). A second signal during the shutdown exits at once with code 1.
   */
  exit?: boolean;
}

/**
 * What `app.listen()` does about SIGTERM and SIGINT. By default (`true`) it calls
 * `app.enableShutdownHooks()`, so a served app drains its calls and exits 0; an object passes
 * its options; `false` leaves the process's signals alone (an app embedded in a larger process).
 *
 * @example
 * await app.listen({ transport: 'http', port: 3000 });                        // hooks on
 * await app.listen({ transport: 'http', port: 3000, shutdownHooks: false });  // hooks off
 * await app.listen({ shutdownHooks: { timeoutMs: 30_000 } });
 */
export interface ListenShutdownOptions {
  /** Default true. */
  shutdownHooks?: boolean | ShutdownHookOptions;
}

/** The options of `enableShutdownHooks()` that `listen()` passes on, or undefined for none. */
export function listenHookOptions(options: ListenShutdownOptions): ShutdownHookOptions | undefined {
  const hooks = options.shutdownHooks ?? true;
  if (hooks === false) return undefined;
  return hooks === true ? {} : hooks;
}

/** What a shutdown found: whether every in-flight call finished in time. */
export interface ShutdownResult {
  /** True when every in-flight call and drainable finished before `timeoutMs`. */
  readonly drained: boolean;
}

/**
 * Stops the drainables taking requests, then waits for them and the in-flight calls, at most
 * `timeoutMs`. Never throws.
 */
export async function drain(drainables: readonly Drainable[], calls: InFlightCalls, timeoutMs: number, logger: Logger): Promise<ShutdownResult> {
  for (const drainable of drainables) drainable.stopAccepting();
  logger.info('shutdown_started', { event: 'shutdown_started', inFlightCalls: calls.size, timeoutMs });
  const settled = Promise.all([calls.idle(), ...drainables.map((drainable) => drainable.idle())])
    // The SDK sends a call's response a few microtasks after the call resolves: let it go out.
    .then(() => new Promise<true>((resolve) => setImmediate(() => resolve(true))));
  const drained = await withDeadline(settled, timeoutMs, () => false);
  if (!drained) logger.warn('shutdown_timeout', { event: 'shutdown_timeout', inFlightCalls: calls.size, timeoutMs });
  return { drained };
}

/**
 * Installs signal handlers that run `shutdown` once, then exit; returns their removal.
 * `process.exit` is only reached after `shutdown` resolved (or on a second signal).
 */
export function installShutdownHooks(
  shutdown: () => Promise<ShutdownResult>,
  options: Required<Pick<ShutdownHookOptions, 'signals' | 'exit'>>,
  logger: Logger,
): () => void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) {
      logger.warn('shutdown_forced', { event: 'shutdown_forced', signal });
      if (options.exit) process.exit(1);
      return;
    }
    started = true;
    logger.info('shutdown_signal', { event: 'shutdown_signal', signal });
    void shutdown().then(
      () => {
        if (options.exit) process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown_failed', { event: 'shutdown_failed', error: String(error) });
        if (options.exit) process.exit(1);
      },
    );
  };
  for (const signal of options.signals) process.on(signal, onSignal);
  return () => {
    for (const signal of options.signals) process.off(signal, onSignal);
  };
}

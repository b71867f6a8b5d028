import type { AuthInfo, ServerContext } from '@modelcontextprotocol/server';
import { createMcpApp, ManualClock, MemoryStore, type Class, type McpApp, type McpAppOptions, type Store } from 'mcp-decorators';
import type { AppServices } from '../../../src/app/app-services';
import { CallContext, type ProtocolEra, type RequestSession } from '../../../src/context/tool-context';
import type { Step } from '../../../src/pipeline/invocation';
import { invokeStep } from '../../../src/pipeline/invoke.step';
import type { HandlerDefinition, Invocation, PromptDefinition, ResourceDefinition, ToolDefinition } from '../../../src/registry/definitions';
import { captureLogger } from '../../support/capture-logger';
import { RecordingMetrics } from '../../support/recording-metrics';

/**
 * An app built from decorated classes by the real discovery, with a manual clock, a memory
 * store, a capture logger and recording metrics, for building one step at a time.
 */
export interface StepHarness {
  readonly app: McpApp;
  readonly services: AppServices;
  readonly clock: ManualClock;
  readonly metrics: RecordingMetrics;
  readonly log: ReturnType<typeof captureLogger>;
  tool(name: string): ToolDefinition;
  prompt(name: string): PromptDefinition;
  resource(uri: string): ResourceDefinition;
  close(): Promise<void>;
}

export async function stepHarness(
  providers: Class[],
  options: Partial<McpAppOptions> & { store?: Store; logLevel?: 'debug' | 'info' | 'warn' | 'error' } = {},
): Promise<StepHarness> {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock();
  const metrics = new RecordingMetrics();
  const { logLevel = 'debug', store, ...rest } = options;
  const log = captureLogger(logLevel);
  const app = await createMcpApp({
    name: 'steps',
    version: '1.0.0',
    logger: log.logger,
    metrics,
    telemetry: false,
    configSource: { env: {}, envFile: false },
    ...rest,
    providers,
    clock,
    store: store ?? new MemoryStore({ clock }),
  });
  const found = <T>(what: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`no ${what} in the test app`);
    return value;
  };
  return {
    app,
    services: app.services,
    clock,
    metrics,
    log,
    tool: (name) => found(`tool ${name}`, app.registry.tool(name)),
    prompt: (name) => found(`prompt ${name}`, app.registry.prompt(name)),
    resource: (uri) => found(`resource ${uri}`, app.registry.resource(uri)?.definition),
    close: () => app.close(),
  };
}

export interface ContextOptions {
  readonly auth?: AuthInfo;
  readonly sessionId?: string;
  readonly requestId?: string | number;
  readonly signal?: AbortSignal;
  readonly era?: ProtocolEra;
}

/** A real `CallContext` over the smallest request context the SDK would hand it. */
export function callContext(options: ContextOptions = {}): CallContext {
  const ctx = {
    sessionId: options.sessionId,
    mcpReq: {
      id: options.requestId ?? 1,
      signal: options.signal ?? new AbortController().signal,
      _meta: undefined,
      notify: async () => undefined,
      log: async () => undefined,
    },
    ...(options.auth && { http: { authInfo: options.auth } }),
  } as unknown as ServerContext;
  const session: RequestSession = {
    era: options.era ?? 'legacy',
    clientCapabilities: () => undefined,
    clientInfo: () => undefined,
    protocolVersion: () => undefined,
  };
  return new CallContext(ctx, session, 'steps', undefined);
}

/** One call of `definition`, as the server seam starts it. */
export function invocationOf(definition: HandlerDefinition, input: unknown = {}, options: ContextOptions & { uri?: string } = {}): Invocation {
  return { definition, context: callContext(options), input, ...(options.uri !== undefined && { uri: options.uri }) };
}

/** Runs `step` with the method itself (its result mapped) as the rest of the pipeline. */
export function runStep(step: Step, invocation: Invocation): Promise<unknown> {
  const terminal = invokeStep(invocation.definition);
  return step(invocation, () => terminal(invocation));
}

/** A step the factory must have built. */
export function built(step: Step | undefined): Step {
  if (step === undefined) throw new Error('the factory built no step');
  return step;
}

export const identity = (sub: string, scopes: string[] = []): AuthInfo => ({ token: `token-${sub}`, clientId: 'test', scopes, extra: { sub } });

/** A promise with its resolve and reject outside. */
export function deferred<T = unknown>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** What `run` threw or rejected with; fails when it settled normally. */
export async function failureOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it answered');
}

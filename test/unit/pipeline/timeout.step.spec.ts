import { ErrorCategory, ErrorSeverity, Resource, Timeout, Tool, ToolContext, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { timeoutStep } from '../../../src/pipeline/timeout.step';
import { withTimeout } from '../../../src/pipeline/with-timeout';
import { built, callContext, deferred, failureOf, invocationOf, runStep, stepHarness, type StepHarness } from './step-harness';

const seen: { signal?: AbortSignal } = {};

@injectable()
class SlowTools {
  @Tool()
  @Timeout(250)
  crawl(ctx: ToolContext): Promise<string> {
    seen.signal = ctx.signal;
    return new Promise(() => undefined);
  }

  @Tool()
  @Timeout(1_000)
  quick(): string {
    return 'quick';
  }

  @Resource('reports://daily')
  @Timeout(2_000)
  daily(): Promise<string> {
    return new Promise(() => undefined);
  }

  @Tool()
  open(): string {
    return 'open';
  }
}

describe('timeoutStep', () => {
  let h: StepHarness;

  beforeAll(async () => {
    h = await stepHarness([SlowTools]);
  });

  afterAll(() => h.close());

  beforeEach(() => {
    jest.useFakeTimers();
    seen.signal = undefined;
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('is absent without @Timeout', () => {
    expect(timeoutStep(h.tool('open'), h.services)).toBeUndefined();
  });

  it('rejects with a timeout error once the method overruns, aborting the signal the method holds', async () => {
    const invocation = invocationOf(h.tool('crawl'));
    const outcome = failureOf(() => runStep(built(timeoutStep(h.tool('crawl'), h.services)), invocation));
    await jest.advanceTimersByTimeAsync(249);
    expect(seen.signal?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const error = (await outcome) as ToolError;
    expect(error).toBeInstanceOf(ToolError);
    expect(error.category).toBe(ErrorCategory.TIMEOUT);
    expect(error.severity).toBe(ErrorSeverity.MEDIUM);
    expect(error.message).toBe('Tool crawl timed out after 250 ms and was cancelled. Try again later, or with a smaller request.');
    expect(error.details).toEqual({ timeoutMs: 250 });
    expect(seen.signal?.aborted).toBe(true);
    expect(seen.signal?.reason).toBe(error);
    expect(invocation.context.signal).toBe(seen.signal);
  });

  it('passes a timely answer through and leaves no timer nor aborted signal behind', async () => {
    const invocation = invocationOf(h.tool('quick'));
    const result = await runStep(built(timeoutStep(h.tool('quick'), h.services)), invocation);
    expect(result).toEqual({ content: [{ type: 'text', text: 'quick' }] });
    expect(jest.getTimerCount()).toBe(0);
    expect(invocation.context.signal.aborted).toBe(false);
  });

  it('passes the method’s own failure on as it is', async () => {
    const failure = new Error('disk full');
    const step = built(timeoutStep(h.tool('quick'), h.services));
    expect(await failureOf(() => step(invocationOf(h.tool('quick')), () => Promise.reject(failure)))).toBe(failure);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('names the kind of handler and the duration as people say it', async () => {
    const definition = h.resource('reports://daily');
    const outcome = failureOf(() => runStep(built(timeoutStep(definition, h.services)), invocationOf(definition, {}, { uri: 'reports://daily' })));
    await jest.advanceTimersByTimeAsync(2_000);
    expect(((await outcome) as ToolError).message).toBe('Resource daily timed out after 2 s and was cancelled. Try again later, or with a smaller request.');
  });
});

describe('withTimeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('does not wait for the attempt to notice the abort', async () => {
    const context = callContext();
    const never = deferred<string>();
    const outcome = failureOf(() => withTimeout(60_000, context, 'Fetch of feed', () => never.promise));
    await jest.advanceTimersByTimeAsync(60_000);
    expect(((await outcome) as ToolError).message).toBe('Fetch of feed timed out after 1 min and was cancelled. Try again later, or with a smaller request.');
    expect(context.signal.aborted).toBe(true);
    never.reject(new Error('noticed late'));
  });

  it('resolves with the attempt’s value and clears its timer', async () => {
    const context = callContext();
    const value = withTimeout(1_500, context, 'Work', async () => 42);
    expect(await value).toBe(42);
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(1_500);
    expect(context.signal.aborted).toBe(false);
  });

  it('lets the process exit while its timer is pending', () => {
    const never = deferred<string>();
    const unref = jest.spyOn(global, 'setTimeout');
    void withTimeout(1_000, callContext(), 'Work', () => never.promise).catch(() => undefined);
    const timer = unref.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    unref.mockRestore();
  });
});

import { ErrorCategory, ErrorSeverity, Tool, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { InFlightCalls } from '../../../src/app/in-flight-calls';
import { InFlightInterceptor, inFlightStep } from '../../../src/pipeline/in-flight.step';
import { built, deferred, failureOf, invocationOf, runStep, stepHarness, type StepHarness } from './step-harness';

@injectable()
class JobTools {
  @Tool()
  run(): string {
    return 'done';
  }
}

describe('inFlightStep', () => {
  let h: StepHarness;

  beforeEach(async () => {
    h = await stepHarness([JobTools]);
  });

  afterEach(() => h.close());

  it('is built for every handler, counting its calls in the app’s in-flight calls', async () => {
    const step = built(inFlightStep(h.tool('run'), h.services));
    const gate = deferred<unknown>();
    const call = step(invocationOf(h.tool('run')), () => gate.promise);
    expect(h.services.inFlight.size).toBe(1);
    gate.resolve('answered');
    expect(await call).toBe('answered');
    expect(h.services.inFlight.size).toBe(0);
  });

  it('ends the count of a call that fails, and passes the failure on', async () => {
    const step = built(inFlightStep(h.tool('run'), h.services));
    const failure = new Error('boom');
    expect(await failureOf(() => step(invocationOf(h.tool('run')), () => Promise.reject(failure)))).toBe(failure);
    expect(h.services.inFlight.size).toBe(0);
  });

  it('lets a graceful shutdown wait for the calls already running', async () => {
    const step = built(inFlightStep(h.tool('run'), h.services));
    const gate = deferred<unknown>();
    const call = step(invocationOf(h.tool('run')), () => gate.promise);
    let idle = false;
    const drained = h.services.inFlight.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.resolve('answered');
    await call;
    await drained;
    expect(idle).toBe(true);
  });

  it('refuses new calls once the shutdown has begun, with a system error asking to retry, without counting them', async () => {
    const step = built(inFlightStep(h.tool('run'), h.services));
    h.services.inFlight.closing = true;
    const next = jest.fn(async () => 'ran');
    const error = (await failureOf(() => runStep(step, invocationOf(h.tool('run'))))) as ToolError;
    expect(error).toBeInstanceOf(ToolError);
    expect(error.category).toBe(ErrorCategory.SYSTEM);
    expect(error.severity).toBe(ErrorSeverity.LOW);
    expect(error.message).toBe('The server is shutting down: retry the call (another instance, or this one once restarted)');
    expect(await failureOf(() => step(invocationOf(h.tool('run')), next))).toBeInstanceOf(ToolError);
    expect(next).not.toHaveBeenCalled();
    expect(h.services.inFlight.size).toBe(0);
  });
});

describe('InFlightInterceptor', () => {
  it('lets a call that began before the shutdown finish', async () => {
    const calls = new InFlightCalls();
    const interceptor = new InFlightInterceptor(calls);
    const gate = deferred<unknown>();
    const running = interceptor.intercept({} as never, () => gate.promise);
    calls.closing = true;
    gate.resolve('finished');
    expect(await running).toBe('finished');
    expect(calls.size).toBe(0);
  });

  it('reads the closing flag at each call', async () => {
    const calls = new InFlightCalls();
    const interceptor = new InFlightInterceptor(calls);
    calls.closing = true;
    await expect(interceptor.intercept({} as never, async () => 'ran')).rejects.toThrow(/shutting down/);
    calls.closing = false;
    expect(await interceptor.intercept({} as never, async () => 'ran')).toBe('ran');
  });
});

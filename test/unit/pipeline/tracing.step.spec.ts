import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ErrorCategory, Tool, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { tracingStep } from '../../../src/pipeline/tracing.step';
import { built, failureOf, invocationOf, runStep, stepHarness, type StepHarness } from './step-harness';

@injectable()
class TracedTools {
  @Tool()
  weather(): string {
    return 'sunny';
  }
}

describe('tracingStep', () => {
  let h: StepHarness;
  const exporter = new InMemorySpanExporter();

  afterEach(async () => {
    exporter.reset();
    await h.close();
  });

  it('is absent when the app has no tracer nor meter provider', async () => {
    h = await stepHarness([TracedTools], { telemetry: false });
    expect(tracingStep(h.tool('weather'), h.services)).toBeUndefined();
  });

  it('records one server span per call, named after the method and the tool, with the outcome', async () => {
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    h = await stepHarness([TracedTools], { telemetry: { tracerProvider } });
    const step = built(tracingStep(h.tool('weather'), h.services));
    expect(await runStep(step, invocationOf(h.tool('weather'), {}, { requestId: 3 }))).toEqual({ content: [{ type: 'text', text: 'sunny' }] });
    const failure = new ToolError('upstream down', { category: ErrorCategory.EXTERNAL_API });
    expect(await failureOf(() => step(invocationOf(h.tool('weather'), {}, { requestId: 4 }), () => Promise.reject(failure)))).toBe(failure);
    const [ok, failed] = exporter.getFinishedSpans();
    expect(ok.name).toBe('tools/call weather');
    expect(ok.kind).toBe(SpanKind.SERVER);
    expect(ok.attributes['jsonrpc.request.id']).toBe('3');
    expect(ok.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['jsonrpc.request.id']).toBe('4');
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
  });
});

import 'reflect-metadata';

import { context as otelContext } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { IsInt } from 'class-validator';
import {
  createLogger,
  createMcpApp,
  NO_METRICS,
  Tool,
  type Logger,
  type McpApp,
  type McpAppOptions,
  type McpCall,
  type McpInterceptor,
  type ToolContext,
} from 'mcp-decorators';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { injectable } from 'tsyringe';
import winston from 'winston';
import { interleave, type Scenario } from './harness/compare';
// Internal: the step is measured alone, without the rest of the pipeline.
import { interceptorChain } from '../src/pipeline/interceptor-chain';
import { formatRatio, median } from './harness/stats';
import { runAlone, sized, type BenchContext, type BenchSection, type BenchSuite } from './harness/suite';

/*
 * What interceptors and tracing cost per call, measured on the pipeline itself (no transport,
 * no SDK), so that differences below a microsecond are visible: each variant runs the same
 * `add({ a, b })` tool's `definition.run(invocation)` sequentially, in one process, interleaved
 * per round with the others.
 *
 *   npm run bench -- --only=interceptors
 *   node dist-examples/bench/interceptors.bench.js  (by itself; --quick for a smoke run)
 */

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

@injectable()
class Calculator {
  @Tool()
  add({ a, b }: AddInput): number {
    return a + b;
  }
}

@injectable()
class NoopInterceptor implements McpInterceptor {
  intercept(_call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    return next();
  }
}

/** Drops every span: the SDK's whole recording path runs, nothing is sent anywhere. */
class NoopExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

type Variant = 'none' | 'disabled' | 'noop' | 'noop3' | 'sdk' | 'sdkMetrics';

const VARIANTS: Readonly<Record<Variant, { label: string; options: () => Partial<McpAppOptions> }>> = {
  none: { label: 'no interceptor, no provider registered (baseline)', options: () => ({}) },
  disabled: { label: '`telemetry: false`', options: () => ({ telemetry: false }) },
  noop: { label: 'one app-wide no-op interceptor', options: () => ({ interceptors: [NoopInterceptor] }) },
  noop3: { label: 'three app-wide no-op interceptors', options: () => ({ interceptors: [NoopInterceptor, NoopInterceptor, NoopInterceptor] }) },
  sdk: {
    label: 'tracing: SDK tracer provider, batch processor, no-op exporter',
    options: () => ({ telemetry: { tracerProvider: new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new NoopExporter())] }) } }),
  },
  sdkMetrics: {
    label: 'tracing as above + `mcp.server.operation.duration` (SDK meter provider)',
    options: () => ({
      telemetry: {
        tracerProvider: new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new NoopExporter())] }),
        meterProvider: new MeterProvider(),
      },
    }),
  },
};

function sinkLogger(): Logger {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger({ level: 'info', transports: [new winston.transports.Stream({ stream: sink })] });
  logger.remove(logger.transports[0]!);
  return logger;
}

/** What the pipeline reads of a context on this path (the SDK request `extra` is not needed). */
const CONTEXT = { principal: 'anonymous', requestId: 1, sessionId: undefined, era: 'legacy', meta: undefined } as unknown as ToolContext;

type Run = () => Promise<unknown>;

/** The tool's definition, the pipeline's entry beneath the public API (its registry is internal). */
interface BenchDefinition {
  run(invocation: never): Promise<unknown>;
}
function addDefinition(app: McpApp): BenchDefinition {
  const { registry } = app as unknown as { registry: { tool(name: string): BenchDefinition | undefined } };
  const definition = registry.tool('add');
  if (!definition) throw new Error('the add tool is missing');
  return definition;
}

async function prepare(options: Partial<McpAppOptions>): Promise<{ app: McpApp; run: Run }> {
  const app = await createMcpApp({ name: 'bench', version: '1.0.0', providers: [Calculator], logger: sinkLogger(), metrics: NO_METRICS, ...options });
  const definition = addDefinition(app);
  const run: Run = () => definition.run({ definition, context: CONTEXT, input: { a: 1, b: 2 } } as never);
  const result = (await run()) as { isError?: boolean };
  if (result.isError) throw new Error('add answered an error');
  return { app, run };
}

/** Mean nanoseconds per sequential call over `count` calls. */
async function nanosPerCall(run: Run, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await run();
  return ((performance.now() - started) * 1e6) / count;
}

function signed(nanos: number): string {
  return `${nanos >= 0 ? '+' : '−'}${formatNanos(Math.abs(nanos))}`;
}

function formatNanos(nanos: number): string {
  return Math.abs(nanos) >= 1_000 ? `${(nanos / 1_000).toFixed(2)} µs` : `${nanos.toFixed(0)} ns`;
}

async function pipelineSection(context: BenchContext): Promise<BenchSection> {
  const { options } = context;
  const calls = sized(options, 200_000, 20_000);
  const warmup = sized(options, 50_000, 5_000);
  // As the OpenTelemetry Node SDK does: spans follow async work through AsyncLocalStorage.
  otelContext.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const variants = Object.keys(VARIANTS) as Variant[];
  const prepared = new Map<Variant, { app: McpApp; run: Run }>();
  try {
    for (const variant of variants) prepared.set(variant, await prepare(VARIANTS[variant].options()));
    for (const variant of variants) await nanosPerCall(prepared.get(variant)!.run, warmup);
    const scenario: Scenario<Variant> = {
      name: 'pipeline',
      measure: async (variant) => ({ ns: await nanosPerCall(prepared.get(variant)!.run, calls) }),
    };
    const samples = await interleave(context, variants, [scenario], options.rounds);
    const base = samples.none['ns'] ?? [];
    const rows = variants.map((variant) => {
      const values = samples[variant]['ns'] ?? [];
      const deltas = values.map((value, round) => value - base[round]!);
      const ratios = values.map((value, round) => value / base[round]!);
      const delta = variant === 'none' ? '' : signed(median(deltas));
      const range = variant === 'none' ? '' : `${formatNanos(Math.min(...deltas))} … ${formatNanos(Math.max(...deltas))}`;
      const best = Math.min(...values) - Math.min(...base);
      const bestDelta = variant === 'none' ? '' : signed(best);
      return `| ${VARIANTS[variant].label} | ${formatNanos(median(values))} | ${formatNanos(Math.min(...values))} | ${delta} | ${bestDelta} | ${range} | ${formatRatio(median(ratios))} |`;
    });
    const markdown = [
      '| `add({ a, b })`, `definition.run()` in process | per call (median of rounds) | per call (best round) | cost (Δ of medians) | cost (Δ of best rounds) | Δ per-round range | ratio to baseline |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `${calls.toLocaleString('en-US')} sequential calls per variant and round after ${warmup.toLocaleString('en-US')} warm-up calls, ${options.rounds} interleaved rounds,`,
      'one process, an AsyncLocalStorage context manager registered for every variant. The pipeline only: validation, logging',
      'step (level `info`, so no line), the method and result mapping; no transport, no SDK server. Without a provider the',
      'tracing step is not in the pipeline at all, so the first two rows differ by noise only. On a shared, loaded machine the',
      'best round is the steadier figure.',
    ].join('\n');
    return { title: 'Interceptors and tracing: cost per call in process', markdown };
  } finally {
    for (const { app } of prepared.values()) await app.close();
    otelContext.disable();
  }
}

/**
 * The interceptor step alone, around a `next` that resolves at once: what one more link of
 * the chain costs (the `McpCall` view, one closure, one promise), without the noise of the rest.
 */
async function stepSection(context: BenchContext): Promise<BenchSection> {
  const { options } = context;
  const calls = sized(options, 2_000_000, 200_000);
  const app = await createMcpApp({ name: 'bench', version: '1.0.0', providers: [Calculator], logger: sinkLogger(), metrics: NO_METRICS });
  try {
    const definition = addDefinition(app);
    // A fresh invocation per call, as the server makes one per request (the step makes its
    // `McpCall` view on it), in every variant alike.
    const invocation = (): never => ({ definition, context: CONTEXT, input: { a: 1, b: 2 } }) as never;
    const done = Promise.resolve('result');
    const next = (): Promise<unknown> => done;
    // Built once, as the app builds them.
    const one = interceptorChain([new NoopInterceptor()]);
    const three = interceptorChain([new NoopInterceptor(), new NoopInterceptor(), new NoopInterceptor()]);
    const chains: Record<'direct' | 'one' | 'three', Run> = {
      direct: () => (invocation(), next()),
      one: () => one(invocation(), next),
      three: () => three(invocation(), next),
    };
    const stacks = ['direct', 'one', 'three'] as const;
    for (const stack of stacks) await nanosPerCall(chains[stack], calls / 10);
    const samples = await interleave(
      context,
      stacks,
      [{ name: 'step', measure: async (stack) => ({ ns: await nanosPerCall(chains[stack], calls) }) }],
      options.rounds,
    );
    const best = (stack: (typeof stacks)[number]): number => Math.min(...(samples[stack]['ns'] ?? []));
    const rows = [
      `| \`await next()\` directly | ${formatNanos(best('direct'))} | |`,
      `| one no-op interceptor | ${formatNanos(best('one'))} | ${signed(best('one') - best('direct'))} |`,
      `| three no-op interceptors | ${formatNanos(best('three'))} | ${signed(best('three') - best('direct'))} |`,
    ];
    const markdown = [
      '| the interceptor step alone | per call (best round) | added |',
      '|---|---:|---:|',
      ...rows,
      '',
      `${calls.toLocaleString('en-US')} sequential awaited calls per variant and round, ${options.rounds} interleaved rounds, one process.`,
    ].join('\n');
    return { title: 'Interceptors: cost of the step alone', markdown };
  } finally {
    await app.close();
  }
}

export const suite: BenchSuite = {
  name: 'interceptors',
  async run(context) {
    return [await stepSection(context), await pipelineSection(context)];
  },
};

if (require.main === module) runAlone(suite);

import type { Client } from '@modelcontextprotocol/client';
import { runWorker } from './harness/child';
import { formatValue, interleave, type Samples, type Scenario } from './harness/compare';
import { ERA_LABEL, ERAS, type Era } from './harness/era';
import { measureSequential, warmUp, type CallSpec } from './harness/load';
import { processCpuMicros } from './harness/proc';
import { connectHttp, startHttpServer } from './harness/remote';
import { formatBytes, formatRatio, linearFit, median } from './harness/stats';
import { sized, type BenchSuite } from './harness/suite';
import { stackRef } from './stacks/stack';
import type { InProcessConfig, InProcessResult } from './workers/in-process.worker';

/*
 * How the per-call cost moves with the size of the app and of the arguments, and whether memory
 * grows over a long run:
 * - in-process (SDK in-memory transports): only the server's code and the SDK's protocol layer;
 * - stateless HTTP: every request gets a fresh server instance, so what an instance costs to
 *   build for 10 or 1 000 tools is paid on every call. The raw SDK's factory registers every
 *   tool on a new `McpServer` per request (its documented pattern); mcp-decorators installs
 *   shared handlers. Goal: mcp-decorators' cost grows < 10 % from 10 to 1 000 tools, both eras.
 */

type Stack = 'sdk' | 'decorators';
const STACKS: readonly Stack[] = ['sdk', 'decorators'];
const LABEL: Record<Stack, string> = { sdk: 'raw SDK v2', decorators: 'mcp-decorators' };
const TOOL_COUNTS = [10, 1000] as const;
const SIZES = [
  { label: '1 KB', bytes: 1024 },
  { label: '100 KB', bytes: 100 * 1024 },
] as const;
/** The era of the in-process argument-size and memory runs (the tool-count runs cover both). */
const SOAK_ERA: Era = 'modern';

const echoCall = (bytes: number): CallSpec => ({ name: 'echo', arguments: { text: 'x'.repeat(bytes) }, result: bytes });
const addCall: CallSpec = { name: 'add', arguments: { a: 20, b: 22 }, result: 42 };

export const suite: BenchSuite = {
  name: 'growth',
  async run(context) {
    const { options } = context;
    const warmup = sized(options, 500, 100);
    const sequential = sized(options, 3000, 300);
    const httpCalls = sized(options, 300, 40);

    const p50 = async (config: Omit<InProcessConfig, 'warmup' | 'sequential'>, calls = sequential): Promise<number> =>
      (await runWorker<InProcessResult>('in-process', { ...config, warmup, sequential: calls })).sequential.p50;

    const scenarios: Scenario<Stack>[] = [
      ...ERAS.flatMap((era) =>
        TOOL_COUNTS.map<Scenario<Stack>>((tools) => ({
          name: `in-process · ${tools} tools · ${era}`,
          measure: async (stack) => ({ [`inproc.tools.${tools}.${era}`]: await p50({ stack: stackRef(stack, { tools }), era, call: addCall }) }),
        })),
      ),
      ...SIZES.map<Scenario<Stack>>((size) => ({
        name: `in-process · ${size.label} arguments`,
        measure: async (stack) => ({
          [`args.${size.bytes}`]: await p50(
            { stack: stackRef(stack, { echo: true }), era: SOAK_ERA, call: echoCall(size.bytes) },
            size.bytes > 10_000 ? Math.ceil(sequential / 2) : sequential,
          ),
        }),
      })),
      ...TOOL_COUNTS.map<Scenario<Stack>>((tools) => ({
        name: `stateless HTTP · ${tools} tools`,
        async measure(stack, round) {
          const server = await startHttpServer(stackRef(stack, { tools }));
          if (!server) return {};
          const metrics: Record<string, number> = {};
          try {
            for (const era of round % 2 === 0 ? ERAS : [...ERAS].reverse()) {
              let client: Client | undefined;
              try {
                client = await connectHttp(server.port, era);
                await warmUp(client, addCall, 20);
                const cpuBefore = processCpuMicros(server.pid);
                const latency = await measureSequential(client, addCall, httpCalls);
                metrics[`http.tools.${tools}.${era}.cpu`] = (processCpuMicros(server.pid) - cpuBefore) / httpCalls;
                metrics[`http.tools.${tools}.${era}.p50`] = latency.p50;
              } finally {
                await client?.close();
              }
            }
          } finally {
            await server.stop();
          }
          return metrics;
        },
      })),
    ];
    const samples = await interleave(context, STACKS, scenarios, options.rounds);
    const at = (stack: Stack, metric: string): number => median(samples[stack][metric] ?? []);

    const inProcessRows = ERAS.flatMap((era) =>
      STACKS.map((stack) => {
        const change = growth(samples, stack, `inproc.tools.10.${era}`, `inproc.tools.1000.${era}`);
        return `| ${LABEL[stack]}, ${ERA_LABEL[era]} | ${TOOL_COUNTS.map((t) => formatValue(at(stack, `inproc.tools.${t}.${era}`), 'micros')).join(' | ')} | ${percent(change)} | ${stack === 'decorators' ? goal(change) : ''} |`;
      }),
    );
    const inProcessTable = [
      '| in-process p50 of `add` | 10 tools | 1 000 tools | growth 10 → 1 000 (median of rounds) | goal < 10 % |',
      '|---|---:|---:|---:|---|',
      ...inProcessRows,
    ].join('\n');

    const httpRows = ERAS.flatMap((era) =>
      STACKS.map((stack) => {
        const metric = (tools: number, what: 'cpu' | 'p50'): string => `http.tools.${tools}.${era}.${what}`;
        const cpuChange = growth(samples, stack, metric(10, 'cpu'), metric(1000, 'cpu'));
        const p50Change = growth(samples, stack, metric(10, 'p50'), metric(1000, 'p50'));
        return (
          `| ${LABEL[stack]}, ${ERA_LABEL[era]} | ${TOOL_COUNTS.map((t) => formatValue(at(stack, metric(t, 'cpu')), 'micros')).join(' | ')} | ${percent(cpuChange)} | ` +
          `${TOOL_COUNTS.map((t) => formatValue(at(stack, metric(t, 'p50')), 'micros')).join(' | ')} | ${percent(p50Change)} | ${stack === 'decorators' ? goal(cpuChange) : ''} |`
        );
      }),
    );
    const httpTable = [
      `| stateless HTTP, \`add\`, ${httpCalls} sequential calls | server CPU per call, 10 tools | 1 000 tools | growth | p50, 10 tools | 1 000 tools | growth | goal: CPU growth < 10 % |`,
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...httpRows,
    ].join('\n');

    const sizeRows = STACKS.map(
      (stack) =>
        `| ${LABEL[stack]} | ${SIZES.map((s) => formatValue(at(stack, `args.${s.bytes}`), 'micros')).join(' | ')} | ${formatRatio(at(stack, 'args.102400') / at(stack, 'args.1024'))} |`,
    );
    const ratioRow = `| ratio to raw SDK v2 | ${SIZES.map((s) => formatRatio(at('decorators', `args.${s.bytes}`) / at('sdk', `args.${s.bytes}`))).join(' | ')} | |`;
    const sizeTable = [
      `| in-process p50 of \`echo({ text })\`, ${ERA_LABEL[SOAK_ERA]} | 1 KB | 100 KB | 100 KB / 1 KB |`,
      '|---|---:|---:|---:|',
      ...sizeRows,
      ratioRow,
    ].join('\n');

    // Memory over a long run: one run per stack (it is long), a full GC before each sample.
    const soakCalls = sized(options, 100_000, 20_000);
    const sampleEvery = soakCalls / 10;
    const soakRows: string[] = [];
    for (const stack of STACKS) {
      context.log(`soak · ${soakCalls} calls · ${stack}`);
      const result = await runWorker<InProcessResult>(
        'in-process',
        { stack: stackRef(stack), era: SOAK_ERA, call: addCall, warmup, sequential: 100, soak: { calls: soakCalls, sampleEvery } },
        { execArgv: ['--expose-gc'] },
      );
      const soak = result.soak!;
      // The first sample follows warm-up only; the line is fitted from the first 10 % on.
      const xs = soak.calls.slice(1);
      const heap = linearFit(xs, soak.heapUsed.slice(1));
      const rss = linearFit(xs, soak.rss.slice(1));
      const per10k = (slope: number): string => `${formatBytes(slope * 10_000)} / 10k calls`;
      soakRows.push(
        `| ${LABEL[stack]} | ${formatBytes(soak.heapUsed[1]!)} → ${formatBytes(soak.heapUsed.at(-1)!)} | ${per10k(heap.slope)} (R² ${heap.r2.toFixed(2)}) | ${formatBytes(soak.rss[1]!)} → ${formatBytes(soak.rss.at(-1)!)} | ${per10k(rss.slope)} (R² ${rss.r2.toFixed(2)}) |`,
      );
    }
    const soakTable = [
      `| ${soakCalls.toLocaleString('en-US')} calls of \`add\`, in-process, ${ERA_LABEL[SOAK_ERA]} | heap after GC (from ${formatCount(sampleEvery)} calls to the end) | heap slope | RSS | RSS slope |`,
      '|---|---:|---:|---:|---:|',
      ...soakRows,
    ].join('\n');

    return [
      { title: 'Stateless HTTP: per-request cost with 10 and 1 000 registered tools', markdown: httpTable },
      { title: 'In-process: per-call cost with 10 and 1 000 registered tools', markdown: inProcessTable },
      { title: 'Per-call cost with 1 KB and 100 KB arguments', markdown: sizeTable },
      { title: `Memory over ${soakCalls.toLocaleString('en-US')} calls`, markdown: soakTable },
    ];
  },
};

/** Median over rounds of (value at `to` / value at `from`) - 1. */
function growth(samples: Samples<Stack>, stack: Stack, from: string, to: string): number {
  const base = samples[stack][from] ?? [];
  return median((samples[stack][to] ?? []).map((v, i) => v / base[i]! - 1).filter(Number.isFinite));
}

function percent(change: number): string {
  return Number.isFinite(change) ? `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} %` : 'n/a';
}

function goal(change: number): string {
  return Number.isFinite(change) ? (change < 0.1 ? 'met' : '**missed**') : 'not measured';
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

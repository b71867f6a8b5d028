import { runWorker } from './harness/child';
import { formatValue, interleave, type Scenario } from './harness/compare';
import type { CallSpec } from './harness/load';
import { formatBytes, formatRatio, linearFit, median } from './harness/stats';
import { sized, type BenchSuite } from './harness/suite';
import { stackRef } from './stacks/stack';
import type { InProcessConfig, InProcessResult } from './workers/in-process.worker';

/*
 * How the per-call cost moves with the size of the app and of the arguments, and whether memory
 * grows over a long run. In-process (SDK in-memory transports), so that only the server's
 * code and the SDK's protocol layer are measured.
 */

type Stack = 'sdk' | 'decorators';
const STACKS: readonly Stack[] = ['sdk', 'decorators'];
const LABEL: Record<Stack, string> = { sdk: 'raw SDK', decorators: 'mcp-decorators' };
const TOOL_COUNTS = [10, 100, 1000] as const;
const SIZES = [
  { label: '1 KB', bytes: 1024 },
  { label: '100 KB', bytes: 100 * 1024 },
] as const;

const echoCall = (bytes: number): CallSpec => ({ name: 'echo', arguments: { text: 'x'.repeat(bytes) }, result: bytes });
const addCall: CallSpec = { name: 'add', arguments: { a: 20, b: 22 }, result: 42 };

export const suite: BenchSuite = {
  name: 'growth',
  async run(context) {
    const { options } = context;
    // Enough calls for V8 to optimize the whole call path (1 000 were not, for 100 KB arguments).
    const warmup = sized(options, 5000, 500);
    const sequential = sized(options, 5000, 500);

    const p50 = async (config: Omit<InProcessConfig, 'warmup' | 'sequential'>, calls = sequential): Promise<number> =>
      (await runWorker<InProcessResult>('in-process', { ...config, warmup, sequential: calls })).sequential.p50;

    const scenarios: Scenario<Stack>[] = [
      ...TOOL_COUNTS.map<Scenario<Stack>>((tools) => ({
        name: `${tools} tools`,
        measure: async (stack) => ({ [`tools.${tools}`]: await p50({ stack: stackRef(stack, { tools }), call: addCall }) }),
      })),
      ...SIZES.map<Scenario<Stack>>((size) => ({
        name: `${size.label} arguments`,
        measure: async (stack) => ({
          [`args.${size.bytes}`]: await p50(
            { stack: stackRef(stack, { echo: true }), call: echoCall(size.bytes) },
            size.bytes > 10_000 ? Math.ceil(sequential / 2) : sequential,
          ),
        }),
      })),
    ];
    const samples = await interleave(context, STACKS, scenarios, options.rounds);
    const at = (stack: Stack, metric: string): number => median(samples[stack][metric] ?? []);
    const growth = (stack: Stack): number =>
      median((samples[stack]['tools.1000'] ?? []).map((v, i) => v / samples[stack]['tools.10']![i]! - 1));

    const toolRows = STACKS.map((stack) => {
      const change = growth(stack);
      const goal = stack === 'decorators' ? (change < 0.1 ? 'met' : '**missed**') : '';
      return `| ${LABEL[stack]} | ${TOOL_COUNTS.map((t) => formatValue(at(stack, `tools.${t}`), 'micros')).join(' | ')} | ${(change * 100).toFixed(1)} % | ${goal} |`;
    });
    const toolsTable = [
      '| in-process p50 of `add` | 10 tools | 100 tools | 1 000 tools | growth 10 → 1 000 (median of rounds) | goal < 10 % |',
      '|---|---:|---:|---:|---:|---|',
      ...toolRows,
    ].join('\n');

    const sizeRows = STACKS.map(
      (stack) =>
        `| ${LABEL[stack]} | ${SIZES.map((s) => formatValue(at(stack, `args.${s.bytes}`), 'micros')).join(' | ')} | ${formatRatio(at(stack, 'args.102400') / at(stack, 'args.1024'))} |`,
    );
    const ratioRow = `| ratio to raw SDK | ${SIZES.map((s) => formatRatio(at('decorators', `args.${s.bytes}`) / at('sdk', `args.${s.bytes}`))).join(' | ')} | |`;
    const sizeTable = [
      '| in-process p50 of `echo({ text })` | 1 KB | 100 KB | 100 KB / 1 KB |',
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
        { stack: stackRef(stack), call: addCall, warmup, sequential: 100, soak: { calls: soakCalls, sampleEvery } },
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
      `| ${soakCalls.toLocaleString('en-US')} calls of \`add\`, in-process | heap after GC (from ${formatCount(sampleEvery)} calls to the end) | heap slope | RSS | RSS slope |`,
      '|---|---:|---:|---:|---:|',
      ...soakRows,
    ].join('\n');

    return [
      { title: 'Per-call cost with 10, 100 and 1 000 registered tools', markdown: toolsTable },
      { title: 'Per-call cost with 1 KB and 100 KB arguments', markdown: sizeTable },
      { title: `Memory over ${soakCalls.toLocaleString('en-US')} calls`, markdown: soakTable },
    ];
  },
};

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

import { formatBytes, formatMicros, formatRatio, median } from './stats';
import type { BenchContext } from './suite';

/*
 * Interleaved comparison of stacks: in every round each scenario measures every stack, one
 * right after the other (the order alternates between rounds), so that a slower moment of a
 * shared machine hits both sides of a ratio alike. Ratios are taken per round, then the median
 * of the rounds is reported.
 */

/** stack → metric → one value per round. */
export type Samples<S extends string> = Record<S, Record<string, number[]>>;

export interface Scenario<S extends string> {
  readonly name: string;
  /** The stacks this scenario measures (default: all); the others are skipped. */
  readonly stacks?: readonly S[];
  /** Measures one stack once; returns named metrics (µs, bytes...). */
  measure(stack: S, round: number): Promise<Record<string, number>>;
}

export async function interleave<S extends string>(
  context: BenchContext,
  stacks: readonly S[],
  scenarios: readonly Scenario<S>[],
  rounds: number,
): Promise<Samples<S>> {
  const samples = Object.fromEntries(stacks.map((s) => [s, {}])) as Samples<S>;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? stacks : [...stacks].reverse();
    for (const scenario of scenarios) {
      for (const stack of order) {
        if (scenario.stacks && !scenario.stacks.includes(stack)) continue;
        context.log(`round ${round + 1}/${rounds} · ${scenario.name} · ${stack}`);
        const metrics = await scenario.measure(stack, round);
        const series: Record<string, number[]> = samples[stack];
        for (const [metric, value] of Object.entries(metrics)) (series[metric] ??= []).push(value);
      }
    }
  }
  return samples;
}

export type Unit = 'micros' | 'bytes' | 'count';

export interface MetricRow {
  readonly metric: string;
  readonly label: string;
  readonly unit: Unit;
  /** The ratio the candidate must not exceed, when there is a goal. */
  readonly goal?: number;
  /** A stretch goal: a lower ratio aimed at, judged beside the goal. */
  readonly stretch?: number;
  /** Shown when a goal cannot be judged yet (e.g. a transport that has not landed). */
  readonly pending?: string;
}

/** `≤ 1.10x: met`, `≤ 1.10x: **missed**`, or '' without a goal. */
export function verdict(goal: number | undefined, ratio: number, pending?: string, prefix = ''): string {
  if (goal === undefined) return '';
  if (!Number.isFinite(ratio)) return `${prefix}≤ ${goal.toFixed(2)}x: ${pending ?? 'not measured'}`;
  return `${prefix}≤ ${goal.toFixed(2)}x: ${ratio <= goal ? 'met' : '**missed**'}`;
}

/** The median of the per-round ratios candidate / baseline of one metric (NaN when unmeasured). */
export function medianRatio<S extends string>(samples: Samples<S>, metric: string, baseline: S, candidate: S): number {
  const ratios = roundRatios(samples, metric, baseline, candidate);
  return ratios.length > 0 ? median(ratios) : Number.NaN;
}

export function formatValue(value: number, unit: Unit): string {
  if (unit === 'micros') return formatMicros(value);
  if (unit === 'bytes') return formatBytes(value);
  return Number.isFinite(value) ? value.toFixed(0) : 'n/a';
}

/** Per-round ratios candidate / baseline of one metric. */
export function roundRatios<S extends string>(samples: Samples<S>, metric: string, baseline: S, candidate: S): number[] {
  const base = samples[baseline][metric] ?? [];
  const cand = samples[candidate][metric] ?? [];
  return cand.map((value, i) => value / base[i]!).filter(Number.isFinite);
}

/**
 * | measure | baseline (median) | candidate (median) | ratio | range | goal | references... |
 * The ratio column is the median of the per-round ratios; the range shows their spread.
 * References are further stacks shown for context, as "median (ratio)".
 */
export function ratioTable<S extends string>(
  samples: Samples<S>,
  rows: readonly MetricRow[],
  columns: { baseline: S; baselineLabel: string; candidate: S; candidateLabel: string; references?: readonly { stack: S; label: string }[] },
): string {
  const { baseline, candidate } = columns;
  const references = columns.references ?? [];
  const ratioOf = (stack: S, metric: string): number => {
    const ratios = roundRatios(samples, metric, baseline, stack);
    return ratios.length > 0 ? median(ratios) : Number.NaN;
  };
  const lines = [
    `| measure | ${columns.baselineLabel} | ${columns.candidateLabel} | ratio (median of rounds) | per-round range | goal |${references.map((r) => ` ${r.label} |`).join('')}`,
    `|---|---:|---:|---:|---:|---|${references.map(() => '---:|').join('')}`,
  ];
  for (const row of rows) {
    const base = median(samples[baseline][row.metric] ?? []);
    const cand = median(samples[candidate][row.metric] ?? []);
    const ratios = roundRatios(samples, row.metric, baseline, candidate);
    const ratio = ratioOf(candidate, row.metric);
    const range = ratios.length > 0 ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` : '';
    const goal = [verdict(row.goal, ratio, row.pending), verdict(row.stretch, ratio, row.pending, 'stretch ')].filter(Boolean).join('; ');
    const refs = references.map(({ stack }) => {
      const value = median(samples[stack][row.metric] ?? []);
      return Number.isFinite(value) ? ` ${formatValue(value, row.unit)} (${formatRatio(ratioOf(stack, row.metric))}) |` : ' |';
    });
    lines.push(
      `| ${row.label} | ${formatValue(base, row.unit)} | ${Number.isFinite(cand) ? formatValue(cand, row.unit) : (row.pending ?? 'n/a')} | ${Number.isFinite(ratio) ? formatRatio(ratio) : 'n/a'} | ${range} | ${goal} |${refs.join('')}`,
    );
  }
  return lines.join('\n');
}

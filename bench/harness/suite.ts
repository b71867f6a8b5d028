/*
 * The contract of a bench file. `npm run bench` loads every `bench/*.bench.ts` (compiled), runs
 * the `suite` each exports in file-name order (or only those named by `--only`), and puts the
 * sections they return into one report.
 */

export interface BenchOptions {
  /** Smoke run: fewer calls and rounds; numbers are indicative only. */
  readonly quick: boolean;
  /** Interleaved rounds of each comparison (at least 3; 1 for `--smoke`). */
  readonly rounds: number;
  /** Suite names to run; empty runs them all. */
  readonly only: readonly string[];
}

export interface BenchContext {
  readonly options: BenchOptions;
  /** Progress on stderr (the report goes to stdout and to the results file). */
  log(message: string): void;
}

/** A titled part of the report, in Markdown. */
export interface BenchSection {
  readonly title: string;
  readonly markdown: string;
}

export interface BenchSuite {
  /** Short id used by `--only` (e.g. `comparison`, `growth`, `policies`). */
  readonly name: string;
  run(context: BenchContext): Promise<BenchSection[]>;
}

/** `quick` and full sizes of one parameter. */
export function sized<T>(options: BenchOptions, full: T, quick: T): T {
  return options.quick ? quick : full;
}

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

/**
 * Runs one suite by itself (`node dist-examples/bench/<name>.bench.js [--quick]`): its sections
 * on stdout, progress on stderr, exit status 1 when it fails.
 */
export function runAlone(suite: BenchSuite): void {
  const quick = process.argv.includes('--quick');
  const context: BenchContext = {
    options: { quick, rounds: quick ? 3 : 5, only: [suite.name] },
    log: (message) => process.stderr.write(`[bench] ${message}\n`),
  };
  suite
    .run(context)
    .then((sections) => {
      for (const section of sections) process.stdout.write(`## ${section.title}\n\n${section.markdown}\n\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${suite.name} bench failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}

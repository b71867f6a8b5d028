import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext, BenchOptions, BenchSection, BenchSuite } from './harness/suite';

/*
 * `npm run bench [-- --quick] [-- --rounds=5] [-- --only=comparison,growth]`
 * Runs every suite of bench/*.bench.ts, prints the report and writes it to
 * bench/results/<date>.md (quick runs: <date>.quick.md, not committed).
 * `--smoke`: the quick sizes in one round, to prove that every bench still runs (no verdicts).
 */

const ROOT = path.resolve(__dirname, '..', '..');

function parseOptions(argv: readonly string[]): BenchOptions {
  const smoke = argv.includes('--smoke');
  const quick = smoke || argv.includes('--quick');
  const value = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const rounds = smoke ? 1 : Number(value('rounds') ?? (quick ? 3 : 5));
  if (!smoke && (!Number.isInteger(rounds) || rounds < 3)) throw new Error('--rounds must be an integer of at least 3');
  const only = (value('only') ?? '').split(',').filter(Boolean);
  return { quick, rounds, only };
}

function loadSuites(only: readonly string[]): BenchSuite[] {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .sort();
  // The comparison with the SDK opens the report; other suites follow in file-name order.
  files.sort((a, b) => Number(b === 'comparison.bench.js') - Number(a === 'comparison.bench.js'));
  const suites = files.map((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { suite } = require(path.join(__dirname, file)) as { suite?: BenchSuite };
    if (!suite) throw new Error(`${file} does not export a suite`);
    return suite;
  });
  const unknown = only.filter((name) => !suites.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown suite(s): ${unknown.join(', ')} (have: ${suites.map((s) => s.name).join(', ')})`);
  return only.length > 0 ? suites.filter((s) => only.includes(s.name)) : suites;
}

function version(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The commit measured, flagged when `src/` holds uncommitted changes (what the run measured then). */
function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes in src/` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const suites = loadSuites(options.only);
  const started = new Date();
  const loadBefore = os.loadavg();
  const context: BenchContext = { options, log: (message) => process.stderr.write(`[bench] ${message}\n`) };

  const sections: BenchSection[] = [];
  for (const suite of suites) {
    context.log(`suite ${suite.name}`);
    sections.push(...(await suite.run(context)));
  }

  const cpus = os.cpus();
  const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(1);
  const argv = process.argv.slice(2);
  const report = [
    `# Benchmark results, ${started.toISOString().slice(0, 10)}${options.rounds === 1 ? ' (smoke run: one round, proves the benches run; no verdicts)' : options.quick ? ' (quick smoke run: indicative only)' : ''}`,
    '',
    `- command: \`npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}\` (${minutes} min)`,
    `- machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    `- load average (1 min) before / after: ${loadBefore[0]!.toFixed(2)} / ${os.loadavg()[0]!.toFixed(2)}`,
    `- Node ${process.version}, @modelcontextprotocol/server ${version('@modelcontextprotocol/server')}, @modelcontextprotocol/client ${version('@modelcontextprotocol/client')}, @modelcontextprotocol/node ${version('@modelcontextprotocol/node')}, zod ${version('zod')}, class-validator ${version('class-validator')}, mcp-decorators ${commit()}`,
    `- ${options.rounds} interleaved rounds; each stack measured in a fresh process; ratio = mcp-decorators / raw SDK v2 per round, median of rounds (lower is better)`,
    "- eras: a 2026-07-28 client (`versionNegotiation: { mode: { pin: '2026-07-28' } }`) and a 2025 client (the SDK client's default `initialize`)",
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
  ].join('\n');

  process.stdout.write(`${report}\n`);
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${started.toISOString().slice(0, 10)}${options.quick ? '.quick' : ''}.md`);
  writeFileSync(file, report);
  context.log(`written to ${path.relative(ROOT, file)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

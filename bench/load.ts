import 'reflect-metadata';

import { StreamableHTTPClientTransport, type CallToolResult, type Client } from '@modelcontextprotocol/client';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Cached, createMcpApp, Logged, RateLimited, SecureInput, Tool, Trim } from 'mcp-decorators';
import { fork, type ChildProcess } from 'node:child_process';
import { injectable } from 'tsyringe';
import { assertEra, ERAS, newClient, type Era } from './harness/era';
import { processRssBytes } from './harness/proc';
import { linearFit, percentile, sortedCopy } from './harness/stats';

/*
 * `npm run load [-- --sessions=8 --calls=10000] [-- --era=both|modern|legacy]`
 * `npm run soak [-- --minutes=10] [-- --sessions=8]` (default 60 s)
 *
 * A server process over streamable HTTP (the defaults: stateless in both eras) with policies on
 * (validation, sanitizer, @Cached, @RateLimited with a limit no run reaches, @Logged at a level
 * the logger does not write) and `sessions` SDK v2 clients calling a mix of tools, each checking
 * every answer. Clients alternate between the 2026-07-28 and the 2025 era unless `--era` picks
 * one. Exits non-zero when a call that should have succeeded did not, or an invalid call was
 * not refused.
 */

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

class SquareInput {
  @IsInt() @Min(0) @Max(1_000) n!: number;
}

class TextInput extends SecureInput {
  @Trim() @IsString() @MaxLength(200) text!: string;
}

@injectable()
class LoadTools {
  @Tool({ description: 'Adds two integers' })
  @Logged({ level: 'debug' })
  add({ a, b }: AddInput): number {
    return a + b;
  }

  @Tool({ description: 'Squares a small integer, cached' })
  @Cached({ ttlMs: 60_000 })
  square({ n }: SquareInput): number {
    return n * n;
  }

  @Tool({ description: 'Echoes a number under a rate limit no run reaches' })
  @RateLimited({ limit: 100_000_000, windowMs: 60_000 })
  limited({ n }: SquareInput): number {
    return n;
  }

  @Tool({ description: 'Echoes trimmed text' })
  @Logged({ level: 'debug' })
  echo({ text }: TextInput): string {
    return text;
  }
}

async function serve(): Promise<void> {
  const app = await createMcpApp({ name: 'load', version: '1.0.0', providers: [LoadTools], logger: { level: 'error' } });
  const server = await app.listen({ transport: 'http', port: 0 });
  process.send!({ url: server.url });
}

interface Options {
  sessions: number;
  eras: readonly Era[];
  calls: number;
  soakMs: number;
  sampleMs: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const inline = argv.find((a) => a.startsWith(`--${name}=`));
    if (inline) return inline.slice(name.length + 3);
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const soak = argv.includes('--soak');
  const positive = (name: string, fallback: number): number => {
    const n = Number(value(name) ?? fallback);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const minutes = value('minutes') === undefined ? undefined : positive('minutes', 1);
  const era = value('era') ?? 'both';
  if (era !== 'both' && !ERAS.includes(era as Era)) throw new Error('--era must be both, modern or legacy');
  return {
    sessions: Math.floor(positive('sessions', 8)),
    eras: era === 'both' ? ERAS : [era as Era],
    calls: Math.floor(positive('calls', 10_000)),
    soakMs: soak ? (minutes ?? positive('seconds', 60) / 60) * 60_000 : 0,
    sampleMs: positive('sample-ms', 2_000),
  };
}

/** One call of the mix: what to send and what a correct answer is (`undefined`: must be refused). */
interface Mixed {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
  readonly expect: string | undefined;
}

function mixed(i: number): Mixed {
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
      return { name: 'add', arguments: { a: i, b: 7 }, expect: String(i + 7) };
    case 3:
    case 4:
      return { name: 'square', arguments: { n: i % 100 }, expect: String((i % 100) ** 2) };
    case 5:
    case 6:
      return { name: 'limited', arguments: { n: i % 1_000 }, expect: String(i % 1_000) };
    case 7:
    case 8:
      return { name: 'echo', arguments: { text: `  call ${i}  ` }, expect: `call ${i}` };
    default:
      // Invalid input: validation must refuse it, and that refusal is a correct answer.
      return i % 20 === 9 ? { name: 'add', arguments: { a: 'x', b: 1 }, expect: undefined } : { name: 'square', arguments: { n: -1 }, expect: undefined };
  }
}

interface Tally {
  ok: number;
  refusedAsExpected: number;
  failed: number;
  failures: string[];
  latenciesMs: number[];
}

async function callOnce(client: Client, call: Mixed, tally: Tally): Promise<void> {
  const start = performance.now();
  let problem: string | undefined;
  try {
    const result = (await client.callTool({ name: call.name, arguments: call.arguments })) as CallToolResult;
    const text = (result.content[0] as { text?: string } | undefined)?.text;
    if (call.expect === undefined) {
      if (!result.isError || !/Invalid arguments/.test(text ?? '')) problem = `expected a validation error, got ${JSON.stringify(result).slice(0, 200)}`;
    } else if (result.isError || text !== call.expect) {
      problem = `expected ${call.expect}, got ${JSON.stringify(result).slice(0, 200)}`;
    }
  } catch (error) {
    problem = `threw ${(error as Error).message}`;
  }
  tally.latenciesMs.push(performance.now() - start);
  if (problem === undefined) {
    if (call.expect === undefined) tally.refusedAsExpected++;
    else tally.ok++;
  } else {
    tally.failed++;
    if (tally.failures.length < 5) tally.failures.push(`${call.name} ${JSON.stringify(call.arguments)}: ${problem}`);
  }
}

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(__filename, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  return { child, url };
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { child, url } = await startServer();
  const pid = child.pid!;
  const clients: Client[] = [];
  try {
    for (let s = 0; s < options.sessions; s++) {
      const era = options.eras[s % options.eras.length]!;
      const client = newClient(era);
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      assertEra(client, era);
      clients.push(client);
    }
    const tally: Tally = { ok: 0, refusedAsExpected: 0, failed: 0, failures: [], latenciesMs: [] };
    const rssBefore = processRssBytes(pid);
    const samples: Array<{ minutes: number; rss: number }> = [];
    const started = performance.now();
    const deadline = started + options.soakMs;
    const sampler =
      options.soakMs > 0
        ? setInterval(() => samples.push({ minutes: (performance.now() - started) / 60_000, rss: processRssBytes(pid) }), options.sampleMs)
        : undefined;

    await Promise.all(
      clients.map(async (client, s) => {
        for (let i = 0; options.soakMs > 0 ? performance.now() < deadline : i < options.calls; i++) {
          await callOnce(client, mixed(i + s), tally);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (sampler) clearInterval(sampler);
    const rssAfter = processRssBytes(pid);

    const total = tally.latenciesMs.length;
    const sorted = sortedCopy(tally.latenciesMs);
    const lines = [
      `${options.soakMs > 0 ? `soak ${(options.soakMs / 60_000).toFixed(1)} min` : 'load'}: ${options.sessions} HTTP clients (${options.eras.join(' + ')}), ${total} calls (add, @Cached square, @RateLimited limited, SecureInput echo; 10 % invalid)`,
      `  succeeded as expected: ${tally.ok}, refused as expected (validation): ${tally.refusedAsExpected}, failed: ${tally.failed}`,
      `  latency p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms; throughput ${Math.round(total / seconds)} calls/s over ${seconds.toFixed(1)} s`,
      `  server RSS before ${mb(rssBefore)} MB, after ${mb(rssAfter)} MB`,
    ];
    if (samples.length >= 2) {
      // The first fifth is warm-up (JIT, caches, pools filling); the slope is taken over the rest.
      const steady = samples.slice(Math.floor(samples.length / 5));
      const fit = linearFit(
        steady.map((p) => p.minutes),
        steady.map((p) => p.rss / 1024 / 1024),
      );
      lines.push(`  RSS samples (MB, every ${options.sampleMs} ms): ${samples.map((p) => mb(p.rss)).join(' ')}`);
      lines.push(`  RSS slope after warm-up: ${fit.slope.toFixed(2)} MB/min (r² ${fit.r2.toFixed(2)}, ${steady.length} samples)`);
    }
    for (const failure of tally.failures) lines.push(`  failure: ${failure}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (tally.failed > 0 || total === 0) process.exitCode = 1;
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    child.kill('SIGTERM');
  }
}

if (process.argv.includes('--serve')) {
  serve().catch((error: Error) => {
    process.stderr.write(`load server failed: ${error.message}\n`);
    process.exit(1);
  });
} else {
  main().catch((error: Error) => {
    process.stderr.write(`load failed: ${error.message}\n`);
    process.exit(1);
  });
}

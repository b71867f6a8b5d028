import type { Client } from '@modelcontextprotocol/client';
import { runWorker } from './harness/child';
import { interleave, medianRatio, ratioTable, verdict, type MetricRow, type Samples, type Scenario } from './harness/compare';
import { ERA_LABEL, ERAS, type Era } from './harness/era';
import { ADD_CALL, callChecked, measureSequential, measureSessions, measureThroughput, sequentialLatencies, summarize, warmUp } from './harness/load';
import { processCpuMicros, processRssBytes } from './harness/proc';
import { connectHttp, startHttpServer, startStdio } from './harness/remote';
import { formatRatio, median } from './harness/stats';
import { sized, type BenchSuite } from './harness/suite';
import { stackRef } from './stacks/stack';
import type { InProcessConfig, InProcessResult } from './workers/in-process.worker';

/*
 * The raw SDK v2 and mcp-decorators serving the same `add({ a, b })` tool (a validated DTO on the
 * mcp-decorators side, zod on the SDK side), called by the same SDK v2 `Client`, in both protocol
 * eras: a 2026-07-28 client (pinned) and a 2025 client (`initialize`, the client's default).
 */

type Stack = 'sdk' | 'decorators' | 'sdk-class-validator';
const STACKS: readonly Stack[] = ['sdk', 'decorators', 'sdk-class-validator'];
/** The reference stack (class-validator by hand in an SDK handler) serves no HTTP: it only gives context. */
const HTTP_STACKS: readonly Stack[] = ['sdk', 'decorators'];

const IN_FLIGHT = 32;
/** How many calls of a fresh stdio session the "first calls" row covers. */
const FIRST_CALLS = 100;

export const suite: BenchSuite = {
  name: 'comparison',
  async run(context) {
    const { options } = context;
    // Warm-ups are short on purpose: a stdio server lives as long as one host session, often a
    // few dozen calls, so its early (not yet optimized) calls are part of what users get.
    const n = {
      inProcess: { warmup: sized(options, 200, 50), sequential: sized(options, 10_000, 1000), throughput: sized(options, 10_000, 1000) },
      coldStarts: sized(options, 5, 2),
      stdio: { sequential: sized(options, 5000, 500), throughput: sized(options, 5000, 500) },
      http: { warmup: sized(options, 20, 10), sequential: sized(options, 2000, 200), perClient: sized(options, 300, 40) },
    };
    const stdioTotal = 1 + n.stdio.sequential + n.stdio.throughput;

    const inProcess = (era: Era): Scenario<Stack> => ({
      name: `in-process · ${era}`,
      async measure(stack) {
        const config: InProcessConfig = {
          stack: stackRef(stack),
          era,
          call: ADD_CALL,
          warmup: n.inProcess.warmup,
          sequential: n.inProcess.sequential,
          throughput: { calls: n.inProcess.throughput, inFlight: IN_FLIGHT },
        };
        const result = await runWorker<InProcessResult>('in-process', config);
        return {
          [`inproc.p50.${era}`]: result.sequential.p50,
          [`inproc.p99.${era}`]: result.sequential.p99,
          [`inproc.cpu.${era}`]: result.cpuPerCall,
          [`inproc.tput.${era}`]: result.throughput!.microsPerCall,
        };
      },
    });

    const coldStart = (era: Era): Scenario<Stack> => ({
      name: `stdio cold start · ${era}`,
      async measure(stack) {
        const starts: number[] = [];
        for (let i = 0; i < n.coldStarts; i++) {
          const session = await startStdio(stackRef(stack), era);
          starts.push(session.startMicros);
          await session.close();
        }
        return { [`stdio.cold.${era}`]: median(starts) };
      },
    });

    const stdio = (era: Era): Scenario<Stack> => ({
      name: `stdio · ${era}`,
      async measure(stack) {
        const session = await startStdio(stackRef(stack), era);
        try {
          const { client, pid } = session;
          const rssAtStart = processRssBytes(pid);
          // No warm-up beyond one checked call: the session's calls from its second on.
          await callChecked(client, ADD_CALL);
          const cpuBefore = processCpuMicros(pid);
          const latencies = await sequentialLatencies(client, ADD_CALL, n.stdio.sequential);
          const cpuPerCall = (processCpuMicros(pid) - cpuBefore) / n.stdio.sequential;
          const sequential = summarize(latencies);
          const first = summarize(latencies.subarray(0, FIRST_CALLS));
          const throughput = await measureThroughput([client], ADD_CALL, n.stdio.throughput, IN_FLIGHT);
          return {
            [`stdio.first.${era}`]: first.p50,
            [`stdio.p50.${era}`]: sequential.p50,
            [`stdio.p99.${era}`]: sequential.p99,
            [`stdio.cpu.${era}`]: cpuPerCall,
            [`stdio.tput.${era}`]: throughput.microsPerCall,
            [`stdio.rss0.${era}`]: rssAtStart,
            [`stdio.rss.${era}`]: processRssBytes(pid),
          };
        } finally {
          await session.close();
        }
      },
    });

    const http = (era: Era): Scenario<Stack> => ({
      name: `stateless HTTP · ${era}`,
      stacks: HTTP_STACKS,
      async measure(stack): Promise<Record<string, number>> {
        const server = await startHttpServer(stackRef(stack));
        if (!server) return {};
        const clients: Client[] = [];
        try {
          const one = await connectHttp(server.port, era);
          clients.push(one);
          await warmUp(one, ADD_CALL, n.http.warmup);
          let cpuBefore = processCpuMicros(server.pid);
          const sequential = await measureSequential(one, ADD_CALL, n.http.sequential);
          const cpuOne = (processCpuMicros(server.pid) - cpuBefore) / n.http.sequential;
          for (let i = 1; i < 8; i++) clients.push(await connectHttp(server.port, era));
          await Promise.all(clients.slice(1).map((client) => warmUp(client, ADD_CALL, n.http.warmup)));
          cpuBefore = processCpuMicros(server.pid);
          const eight = await measureSessions(clients, ADD_CALL, n.http.perClient);
          const cpuEight = (processCpuMicros(server.pid) - cpuBefore) / eight.calls;
          return {
            [`http1.p50.${era}`]: sequential.p50,
            [`http1.p99.${era}`]: sequential.p99,
            [`http1.cpu.${era}`]: cpuOne,
            [`http8.p50.${era}`]: eight.p50,
            [`http8.tput.${era}`]: eight.microsPerCall,
            [`http8.cpu.${era}`]: cpuEight,
            [`http.rss.${era}`]: processRssBytes(server.pid),
          };
        } finally {
          await Promise.allSettled(clients.map((client) => client.close()));
          await server.stop();
        }
      },
    });

    const scenarios = ERAS.flatMap((era) => [inProcess(era), coldStart(era), stdio(era), http(era)]);
    const samples = await interleave(context, STACKS, scenarios, options.rounds);

    const rowsOf = (era: Era): MetricRow[] => {
      // The stretch goal: a 2026-07-28 server sheds per-connection state, so the framework's
      // shared handlers should make it cheaper per call than the SDK's per-request McpServer.
      const stretch = era === 'modern' ? 0.75 : undefined;
      return [
        { metric: `inproc.p50.${era}`, label: 'in-process p50', unit: 'micros', goal: 1.1 },
        { metric: `inproc.p99.${era}`, label: 'in-process p99', unit: 'micros' },
        { metric: `inproc.cpu.${era}`, label: 'in-process main-thread CPU per call (client + server, sequential)', unit: 'micros' },
        { metric: `inproc.tput.${era}`, label: `in-process wall time per call, ${IN_FLIGHT} in flight`, unit: 'micros' },
        { metric: `stdio.first.${era}`, label: `stdio p50 of a session's first ${FIRST_CALLS} calls`, unit: 'micros' },
        { metric: `stdio.p50.${era}`, label: `stdio p50 (${n.stdio.sequential.toLocaleString('en-US')} calls, no warm-up)`, unit: 'micros', goal: 1.1 },
        { metric: `stdio.p99.${era}`, label: 'stdio p99', unit: 'micros' },
        { metric: `stdio.cpu.${era}`, label: 'stdio server CPU per call (sequential)', unit: 'micros', goal: 1.15, stretch },
        { metric: `stdio.tput.${era}`, label: `stdio wall time per call, ${IN_FLIGHT} in flight`, unit: 'micros' },
        {
          metric: `stdio.cold.${era}`,
          label: 'stdio cold start (spawn → result of the opening: `server/discover` or `initialize`)',
          unit: 'micros',
          goal: 1.25,
        },
        { metric: `stdio.rss0.${era}`, label: 'stdio server RSS after the opening', unit: 'bytes', goal: 1.2 },
        { metric: `stdio.rss.${era}`, label: `stdio server RSS after ${stdioTotal.toLocaleString('en-US')} calls`, unit: 'bytes', goal: 1.2 },
        { metric: `http1.p50.${era}`, label: 'HTTP p50, 1 client', unit: 'micros' },
        { metric: `http1.p99.${era}`, label: 'HTTP p99, 1 client', unit: 'micros' },
        { metric: `http1.cpu.${era}`, label: 'HTTP server CPU per call, 1 client (sequential)', unit: 'micros', goal: 1.15, stretch },
        { metric: `http8.p50.${era}`, label: 'HTTP p50, 8 clients at once', unit: 'micros' },
        { metric: `http8.tput.${era}`, label: 'HTTP wall time per call, 8 clients', unit: 'micros' },
        { metric: `http8.cpu.${era}`, label: 'HTTP server CPU per call, 8 clients', unit: 'micros', goal: 1.15, stretch },
        { metric: `http.rss.${era}`, label: 'HTTP server RSS after the runs', unit: 'bytes' },
      ];
    };
    const columns = {
      baseline: 'sdk' as const,
      baselineLabel: 'raw SDK v2 `McpServer` + zod',
      candidate: 'decorators' as const,
      candidateLabel: 'mcp-decorators, validated DTO',
      references: [{ stack: 'sdk-class-validator' as const, label: 'reference: raw SDK v2 + class-validator DTO in the handler' }],
    };
    return [
      ...ERAS.map((era) => ({
        title: `mcp-decorators vs the raw SDK v2, ${ERA_LABEL[era]} (${options.rounds} interleaved rounds)`,
        markdown: ratioTable(samples, rowsOf(era), columns),
      })),
      { title: 'Goals, both eras', markdown: goalsTable(samples, ERAS.flatMap(rowsOf)) },
    ];
  },
};

/** One line per goal and era: the ratio (median of rounds) and the verdict. */
function goalsTable(samples: Samples<Stack>, rows: readonly MetricRow[]): string {
  const lines = ['| goal (ratio to raw SDK v2) | 2026-07-28 client | 2025 client |', '|---|---|---|'];
  // Rows of one measure share their metric name but for the era suffix.
  const byMeasure = new Map<string, Partial<Record<Era, MetricRow>>>();
  for (const row of rows) {
    if (row.goal === undefined) continue;
    const era: Era = row.metric.endsWith('.modern') ? 'modern' : 'legacy';
    const measure = row.metric.slice(0, row.metric.lastIndexOf('.'));
    const entry = byMeasure.get(measure) ?? {};
    entry[era] = row;
    byMeasure.set(measure, entry);
  }
  for (const entry of byMeasure.values()) {
    const label = (entry.modern ?? entry.legacy)!.label;
    const cell = (row: MetricRow | undefined): string => {
      if (!row) return '';
      const ratio = medianRatio(samples, row.metric, 'sdk', 'decorators');
      return `${formatRatio(ratio)}: ${[verdict(row.goal, ratio), verdict(row.stretch, ratio, undefined, 'stretch ')].filter(Boolean).join('; ')}`;
    };
    lines.push(`| ${label} | ${cell(entry.modern)} | ${cell(entry.legacy)} |`);
  }
  return lines.join('\n');
}

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { runWorker } from './harness/child';
import { interleave, ratioTable, type MetricRow, type Scenario } from './harness/compare';
import { ADD_CALL, measureSequential, measureSessions, measureThroughput, warmUp } from './harness/load';
import { processCpuMicros, processRssBytes } from './harness/proc';
import { connectHttp, startHttpServer, startStdio } from './harness/remote';
import { median } from './harness/stats';
import { sized, type BenchSuite } from './harness/suite';
import { stackRef } from './stacks/stack';
import type { InProcessConfig, InProcessResult } from './workers/in-process.worker';

/*
 * The raw SDK and mcp-decorators serving the same `add({ a, b })` tool (a validated DTO on the
 * mcp-decorators side, zod on the SDK side), called by the same SDK `Client`.
 */

type Stack = 'sdk' | 'decorators' | 'sdk-class-validator';
/** The reference stack (class-validator by hand in an SDK handler) serves no HTTP: it only gives context. */
const STACKS: readonly Stack[] = ['sdk', 'decorators', 'sdk-class-validator'];


export const suite: BenchSuite = {
  name: 'comparison',
  async run(context) {
    const { options } = context;
    const n = {
      inProcess: { warmup: sized(options, 5000, 500), sequential: sized(options, 10_000, 1000), throughput: sized(options, 20_000, 2000) },
      stdio: { warmup: sized(options, 2000, 200), sequential: sized(options, 5000, 500), coldStarts: sized(options, 5, 2) },
      stdioTotal: sized(options, 10_000, 1200),
      http: { warmup: sized(options, 1000, 50), sequential: sized(options, 2000, 200), perSession: sized(options, 500, 50) },
    };
    const inFlight = 32;

    const inProcess: Scenario<Stack> = {
      name: 'in-process',
      async measure(stack) {
        const config: InProcessConfig = {
          stack: stackRef(stack),
          call: ADD_CALL,
          warmup: n.inProcess.warmup,
          sequential: n.inProcess.sequential,
          throughput: { calls: n.inProcess.throughput, inFlight },
        };
        const result = await runWorker<InProcessResult>('in-process', config);
        return {
          'inproc.p50': result.sequential.p50,
          'inproc.p99': result.sequential.p99,
          'inproc.cpu': result.cpuPerCall,
          'inproc.tput': result.throughput!.microsPerCall,
        };
      },
    };

    const coldStart: Scenario<Stack> = {
      name: 'stdio cold start',
      async measure(stack) {
        const starts: number[] = [];
        for (let i = 0; i < n.stdio.coldStarts; i++) {
          const session = await startStdio(stackRef(stack));
          starts.push(session.startMicros);
          await session.close();
        }
        return { 'stdio.cold': median(starts) };
      },
    };

    const stdio: Scenario<Stack> = {
      name: 'stdio',
      async measure(stack) {
        const session = await startStdio(stackRef(stack));
        try {
          const { client, pid } = session;
          const rssAtStart = processRssBytes(pid);
          await warmUp(client, ADD_CALL, n.stdio.warmup);
          const cpuBefore = processCpuMicros(pid);
          const sequential = await measureSequential(client, ADD_CALL, n.stdio.sequential);
          const cpuPerCall = (processCpuMicros(pid) - cpuBefore) / n.stdio.sequential;
          const rest = n.stdioTotal - n.stdio.warmup - n.stdio.sequential;
          const throughput = await measureThroughput([client], ADD_CALL, rest, inFlight);
          return {
            'stdio.p50': sequential.p50,
            'stdio.p99': sequential.p99,
            'stdio.cpu': cpuPerCall,
            'stdio.tput': throughput.microsPerCall,
            'stdio.rss0': rssAtStart,
            'stdio.rss': processRssBytes(pid),
          };
        } finally {
          await session.close();
        }
      },
    };

    const http: Scenario<Stack> = {
      name: 'streamable HTTP',
      async measure(stack): Promise<Record<string, number>> {
        const server = await startHttpServer(stackRef(stack));
        if (!server) return {};
        const clients: Client[] = [];
        try {
          const one = await connectHttp(server.port);
          clients.push(one);
          await warmUp(one, ADD_CALL, n.http.warmup);
          let cpuBefore = processCpuMicros(server.pid);
          const sequential = await measureSequential(one, ADD_CALL, n.http.sequential);
          const cpuOne = (processCpuMicros(server.pid) - cpuBefore) / n.http.sequential;
          for (let i = 1; i < 8; i++) clients.push(await connectHttp(server.port));
          await Promise.all(clients.slice(1).map((client) => warmUp(client, ADD_CALL, 20)));
          cpuBefore = processCpuMicros(server.pid);
          const eight = await measureSessions(clients, ADD_CALL, n.http.perSession);
          const cpuEight = (processCpuMicros(server.pid) - cpuBefore) / eight.calls;
          return {
            'http1.p50': sequential.p50,
            'http1.p99': sequential.p99,
            'http1.cpu': cpuOne,
            'http8.p50': eight.p50,
            'http8.tput': eight.microsPerCall,
            'http8.cpu': cpuEight,
            'http.rss': processRssBytes(server.pid),
          };
        } finally {
          await Promise.allSettled(clients.map((client) => client.close()));
          await server.stop();
        }
      },
    };

    const samples = await interleave(context, STACKS, [inProcess, coldStart, stdio, http], options.rounds);

    const rows: MetricRow[] = [
      { metric: 'inproc.p50', label: 'in-process p50', unit: 'micros', goal: 1.1 },
      { metric: 'inproc.p99', label: 'in-process p99', unit: 'micros' },
      { metric: 'inproc.cpu', label: 'in-process main-thread CPU per call (client + server, sequential)', unit: 'micros' },
      { metric: 'inproc.tput', label: `in-process wall time per call, ${inFlight} in flight`, unit: 'micros' },
      { metric: 'stdio.p50', label: 'stdio p50', unit: 'micros', goal: 1.1 },
      { metric: 'stdio.p99', label: 'stdio p99', unit: 'micros' },
      { metric: 'stdio.cpu', label: 'stdio server CPU per call (sequential)', unit: 'micros', goal: 1.15 },
      { metric: 'stdio.tput', label: `stdio wall time per call, ${inFlight} in flight`, unit: 'micros' },
      { metric: 'stdio.cold', label: 'stdio cold start (spawn → initialize result)', unit: 'micros', goal: 1.25 },
      { metric: 'stdio.rss0', label: 'stdio server RSS after initialize', unit: 'bytes' },
      { metric: 'stdio.rss', label: `stdio server RSS after ${n.stdioTotal.toLocaleString('en-US')} calls`, unit: 'bytes', goal: 1.2 },
      { metric: 'http1.p50', label: 'HTTP p50, 1 session', unit: 'micros' },
      { metric: 'http1.p99', label: 'HTTP p99, 1 session', unit: 'micros' },
      { metric: 'http1.cpu', label: 'HTTP server CPU per call, 1 session (sequential)', unit: 'micros', goal: 1.15 },
      { metric: 'http8.p50', label: 'HTTP p50, 8 sessions at once', unit: 'micros' },
      { metric: 'http8.tput', label: 'HTTP wall time per call, 8 sessions', unit: 'micros' },
      { metric: 'http8.cpu', label: 'HTTP server CPU per call, 8 sessions', unit: 'micros', goal: 1.15 },
      { metric: 'http.rss', label: 'HTTP server RSS after the runs', unit: 'bytes' },
    ];
    const table = ratioTable(samples, rows, {
      baseline: 'sdk',
      baselineLabel: 'raw SDK `McpServer` + zod',
      candidate: 'decorators',
      candidateLabel: 'mcp-decorators, validated DTO',
      references: [{ stack: 'sdk-class-validator', label: 'reference: raw SDK + class-validator DTO in the handler' }],
    });
    return [
      {
        title: `mcp-decorators vs the raw SDK (${options.rounds} interleaved rounds)`,
        markdown: table,
      },
    ];
  },
};

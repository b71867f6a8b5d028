import type { CallToolResult, Client } from '@modelcontextprotocol/client';
import { percentile, sortedCopy } from './stats';

/** One tool call a bench repeats; `result` is what `structuredContent.result` must be. */
export interface CallSpec {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
  readonly result?: unknown;
}

export const ADD_CALL: CallSpec = { name: 'add', arguments: { a: 20, b: 22 }, result: 42 };

export interface LatencySummary {
  readonly calls: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

export interface ThroughputSummary {
  readonly calls: number;
  readonly inFlight: number;
  /** Wall time divided by calls: the inverse of throughput, so that lower is better like the rest. */
  readonly microsPerCall: number;
  readonly callsPerSecond: number;
}

const nowMicros = (): number => Number(process.hrtime.bigint()) / 1000;

/** Calls once and fails loudly on an error result or a wrong answer, so a broken stack never looks fast. */
export async function callChecked(client: Client, spec: CallSpec): Promise<void> {
  const result = (await client.callTool({ name: spec.name, arguments: spec.arguments })) as CallToolResult;
  if (result.isError) throw new Error(`${spec.name} answered an error: ${JSON.stringify(result.content)}`);
  if (spec.result !== undefined && (result.structuredContent as { result?: unknown } | undefined)?.result !== spec.result) {
    throw new Error(`${spec.name} answered ${JSON.stringify(result)}, expected result ${JSON.stringify(spec.result)}`);
  }
}

/** Calls without measuring: lets the JIT and the caches settle. The first answer is checked. */
export async function warmUp(client: Client, spec: CallSpec, calls: number): Promise<void> {
  await callChecked(client, spec);
  for (let i = 1; i < calls; i++) await client.callTool({ name: spec.name, arguments: spec.arguments });
}

/** `calls` calls one after the other; the latency of each, client to client, in call order. */
export async function sequentialLatencies(client: Client, spec: CallSpec, calls: number): Promise<Float64Array> {
  const latencies = new Float64Array(calls);
  let errors = 0;
  for (let i = 0; i < calls; i++) {
    const start = nowMicros();
    const result = (await client.callTool({ name: spec.name, arguments: spec.arguments })) as CallToolResult;
    latencies[i] = nowMicros() - start;
    if (result.isError) errors++;
  }
  if (errors > 0) throw new Error(`${errors} of ${calls} calls of ${spec.name} answered an error`);
  return latencies;
}

/** p50, p99 and mean of latencies. */
export function summarize(latencies: ArrayLike<number>): LatencySummary {
  const sorted = sortedCopy(latencies);
  return { calls: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: sorted.reduce((s, v) => s + v, 0) / sorted.length };
}

/** `calls` calls one after the other; the latency of each, client to client. */
export async function measureSequential(client: Client, spec: CallSpec, calls: number): Promise<LatencySummary> {
  return summarize(await sequentialLatencies(client, spec, calls));
}

/**
 * `calls` calls with `inFlight` of them outstanding at any time, spread over `clients` (one
 * client per session). Resolves to the wall time per call.
 */
export async function measureThroughput(clients: readonly Client[], spec: CallSpec, calls: number, inFlight: number): Promise<ThroughputSummary> {
  let issued = 0;
  let errors = 0;
  const lane = async (index: number): Promise<void> => {
    const client = clients[index % clients.length]!;
    while (issued < calls) {
      issued++;
      const result = (await client.callTool({ name: spec.name, arguments: spec.arguments })) as CallToolResult;
      if (result.isError) errors++;
    }
  };
  const start = nowMicros();
  await Promise.all(Array.from({ length: inFlight }, (_, i) => lane(i)));
  const wall = nowMicros() - start;
  if (errors > 0) throw new Error(`${errors} of ${calls} calls of ${spec.name} answered an error`);
  return { calls, inFlight, microsPerCall: wall / calls, callsPerSecond: (calls * 1_000_000) / wall };
}

/** Sequential calls on several sessions at once; per-call latency over all of them. */
export async function measureSessions(
  clients: readonly Client[],
  spec: CallSpec,
  callsPerSession: number,
): Promise<LatencySummary & { microsPerCall: number }> {
  const start = nowMicros();
  const summaries = await Promise.all(clients.map((client) => measureSequential(client, spec, callsPerSession)));
  const wall = nowMicros() - start;
  const calls = callsPerSession * clients.length;
  const sorted = summaries.map((s) => s.p50).sort((a, b) => a - b);
  return {
    calls,
    p50: sorted[sorted.length >> 1]!,
    p99: Math.max(...summaries.map((s) => s.p99)),
    mean: summaries.reduce((s, v) => s + v.mean, 0) / summaries.length,
    microsPerCall: wall / calls,
  };
}

import { InMemoryTransport } from '@modelcontextprotocol/client';
import { workerMain } from '../harness/child';
import { assertEra, newClient, type Era } from '../harness/era';
import { measureSequential, measureThroughput, warmUp, type CallSpec, type LatencySummary, type ThroughputSummary } from '../harness/load';
import { threadCpuMicros } from '../harness/proc';
import { loadStack, type StackRef } from '../stacks/stack';

/**
 * A stack and an SDK v2 `Client` in one process, linked by the SDK's in-memory transports; the
 * stack serves the pair through its connection entry (`serveStdio(factory, { transport })` for
 * the raw SDK, `app.connect()` for mcp-decorators), which serves either era.
 */
export interface InProcessConfig {
  readonly stack: StackRef;
  readonly era: Era;
  readonly call: CallSpec;
  readonly warmup: number;
  readonly sequential: number;
  readonly throughput?: { readonly calls: number; readonly inFlight: number };
  /** Long run sampling memory after a full GC every `sampleEvery` calls (needs `--expose-gc`). */
  readonly soak?: { readonly calls: number; readonly sampleEvery: number };
}

export interface InProcessResult {
  readonly sequential: LatencySummary;
  /** CPU time of the main thread (client and server JavaScript) per sequential call, in µs. */
  readonly cpuPerCall: number;
  readonly throughput?: ThroughputSummary;
  readonly soak?: { readonly calls: number[]; readonly heapUsed: number[]; readonly rss: number[] };
}

workerMain<InProcessConfig, InProcessResult>(async (config) => {
  const server = await loadStack(config.stack);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = newClient(config.era);
  await client.connect(clientTransport);
  assertEra(client, config.era);

  await warmUp(client, config.call, config.warmup);
  const cpuBefore = threadCpuMicros(process.pid);
  const sequential = await measureSequential(client, config.call, config.sequential);
  const cpuPerCall = (threadCpuMicros(process.pid) - cpuBefore) / config.sequential;
  const throughput = config.throughput ? await measureThroughput([client], config.call, config.throughput.calls, config.throughput.inFlight) : undefined;

  let soak: InProcessResult['soak'];
  if (config.soak) {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('soak runs need --expose-gc');
    soak = { calls: [], heapUsed: [], rss: [] };
    for (let done = 0; done <= config.soak.calls; done += config.soak.sampleEvery) {
      if (done > 0) await measureThroughput([client], config.call, config.soak.sampleEvery, 1);
      gc();
      const memory = process.memoryUsage();
      soak.calls.push(done);
      soak.heapUsed.push(memory.heapUsed);
      soak.rss.push(memory.rss);
    }
  }
  await client.close();
  await server.close();
  return { sequential, cpuPerCall, throughput, soak };
});

import { Redis } from 'ioredis';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';

/**
 * Redis for the test suites, and the rule for when it is missing: outside CI the suites that
 * need it are reported as skipped (the reason is in their name); in CI (`CI` set) they fail, so
 * a broken pipeline can never pass by skipping.
 */

/** The Redis the integration tests use: `MCP_TEST_REDIS_URL`, else the local default. */
export const TEST_REDIS_URL = process.env.MCP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The `redis-server` binary started by `startRedisServer` (`MCP_TEST_REDIS_SERVER` overrides). */
export const REDIS_SERVER_BIN = process.env.MCP_TEST_REDIS_SERVER ?? 'redis-server';

/** True when running in CI, where a missing Redis is a failure rather than a skip. */
export function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Whether the Redis at `url` answers PING within a second. */
export async function redisAvailable(url: string = TEST_REDIS_URL): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * `describe` for suites that need the Redis at `TEST_REDIS_URL`. Jest collects tests
 * synchronously, so availability is probed once per test file by a short child process.
 *
 * @example
 * describeRedis('RedisStore', () => { it('...', async () => { ... }); });
 */
export function describeRedis(name: string, fn: () => void): void {
  describeWhen(probeRedisSync(TEST_REDIS_URL), name, fn);
}

/** `describe` for suites that start their own `redis-server` (see `startRedisServer`). */
export function describeRedisServer(name: string, fn: () => void): void {
  describeWhen(probeRedisServerBinarySync(), name, fn);
}

/** A `redis-server` started for one suite. */
export interface RedisServerHandle {
  readonly url: string;
  readonly port: number;
  /** Graceful shutdown (SIGTERM); resolves once the process has exited. */
  stop(): Promise<void>;
  /** Abrupt death (SIGKILL), as in a crash; resolves once the process has exited. */
  kill(): Promise<void>;
  /** Starts the server again on the same port (after `stop` or `kill`), empty. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open and nothing answers, a hung server. */
  pause(): void;
  /** Unfreezes a paused server (SIGCONT). */
  resume(): void;
}

/**
 * Starts a throw-away `redis-server` (no persistence, loopback only) on a free port and waits
 * until it answers. Always `stop()` it in `afterAll`; a server left running is killed when the
 * test process exits.
 *
 * @example
 * const server = await startRedisServer();
 * const store = new RedisStore({ url: server.url });
 * await server.kill();     // outage
 * await server.restart();  // recovery
 */
export async function startRedisServer(): Promise<RedisServerHandle> {
  const port = await freePort();
  let child = await spawnRedisServer(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => terminate(child, 'SIGTERM'),
    kill: () => terminate(child, 'SIGKILL'),
    restart: async () => {
      await terminate(child, 'SIGKILL');
      child = await spawnRedisServer(port);
    },
    pause: () => {
      child.kill('SIGSTOP');
    },
    resume: () => {
      child.kill('SIGCONT');
    },
  };
}

/** A key prefix no other run shares, so parallel runs against one Redis never collide. */
export function uniqueKeyPrefix(label = 'test'): string {
  return `mcp-test:${label}:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` (made by `uniqueKeyPrefix`: no glob characters). */
export async function deleteKeysWithPrefix(prefix: string, url: string = TEST_REDIS_URL): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
      if (keys.length > 0) deleted += await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } finally {
    client.disconnect();
  }
}

/** Resolves after `ms` real milliseconds (only where real time is the thing under test). */
export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

interface Probe {
  readonly available: boolean;
  readonly reason: string;
}

function describeWhen(probe: Probe, name: string, fn: () => void): void {
  if (probe.available) {
    describe(name, fn);
  } else if (inCi()) {
    describe(name, () => {
      it(`needs ${probe.reason.replace(/^no /, '')} (CI is set, so a missing Redis fails)`, () => {
        throw new Error(`${name}: ${probe.reason}`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${probe.reason}]`, fn);
  }
}

const probes = new Map<string, Probe>();

function probeRedisSync(url: string): Probe {
  const cached = probes.get(url);
  if (cached !== undefined) return cached;
  // Runs `redisAvailable`'s check in a child because describe() cannot await.
  const script = `
    const { Redis } = require('ioredis');
    const client = new Redis(process.env.PROBE_URL, { lazyConnect: true, connectTimeout: 1000,
      commandTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    client.connect().then(() => client.ping()).then(
      (reply) => process.exit(reply === 'PONG' ? 0 : 1), () => process.exit(1));`;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, PROBE_URL: url },
    timeout: 5_000,
    stdio: 'ignore',
  });
  const probe = { available: result.status === 0, reason: `no Redis reachable at ${redactUrl(url)}` };
  probes.set(url, probe);
  return probe;
}

function probeRedisServerBinarySync(): Probe {
  const key = `bin:${REDIS_SERVER_BIN}`;
  const cached = probes.get(key);
  if (cached !== undefined) return cached;
  const result = spawnSync(REDIS_SERVER_BIN, ['--version'], { timeout: 5_000, stdio: 'ignore' });
  const probe = { available: result.status === 0, reason: `no ${REDIS_SERVER_BIN} binary to start` };
  probes.set(key, probe);
  return probe;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

async function spawnRedisServer(port: number): Promise<ChildProcess> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  const child = spawn(REDIS_SERVER_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  // Keep only the tail: enough to explain a failed start, and the pipes never fill up.
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.once('exit', () => running.delete(child));

  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await answersPing(port)) return child;
    await sleep(25);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}:\n${output}`);
}

async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill(signal);
  // A paused process only acts on SIGTERM once it runs again.
  child.kill('SIGCONT');
  await exited;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    const finish = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') done(address.port);
        else fail(new Error('could not find a free port'));
      });
    });
  });
}

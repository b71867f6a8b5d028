import { fork } from 'node:child_process';
import path from 'node:path';

/*
 * Every measurement that compares stacks runs in a fresh Node process, so that no stack
 * inherits another's JIT state, heap or loaded modules. Workers live in bench/workers and talk
 * to the runner over the IPC channel: one config message in, one result message out.
 */

export const WORKERS_DIR = path.join(__dirname, '..', 'workers');

type WorkerReply<T> = { ok: true; result: T } | { ok: false; error: string };

/** Runs `bench/workers/<name>.worker.js` with `config`; resolves to what it returns. */
export function runWorker<T>(name: string, config: unknown, options: { execArgv?: string[]; timeoutMs?: number } = {}): Promise<T> {
  const child = fork(path.join(WORKERS_DIR, `${name}.worker.js`), [], {
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker ${name} did not answer in ${options.timeoutMs ?? 300_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 300_000);
    let reply: WorkerReply<T> | undefined;
    child.once('message', (message) => {
      reply = message as WorkerReply<T>;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (reply?.ok) resolve(reply.result);
      else reject(new Error(`worker ${name} failed (exit ${code}): ${reply && !reply.ok ? reply.error : ''}\n${stderr}`));
    });
    child.send(config as object);
  });
}

/** The worker side: receives the config, runs `main`, replies and exits. */
export function workerMain<C, T>(main: (config: C) => Promise<T>): void {
  process.once('message', (config) => {
    main(config as C).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (error: unknown) => process.send!({ ok: false, error: (error as Error).stack ?? String(error) }, () => process.exit(1)),
    );
  });
}

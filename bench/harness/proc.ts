import { readdirSync, readFileSync } from 'node:fs';

/*
 * What the kernel knows about another process, read without its cooperation so that every
 * server under test is measured the same way, whatever it is built with (Linux only).
 */

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on every mainstream Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time of a process, all its threads (JIT compiler and GC helpers included), in
 * microseconds: the sum of its threads' `schedstat` (nanosecond resolution), so that a few
 * hundred calls suffice. Time of threads that already ended is not in the sum; Node's threads
 * live as long as the process. Falls back to user + system time of `/proc/<pid>/stat` (10 ms
 * resolution) on kernels without schedstat.
 */
export function processCpuMicros(pid: number): number {
  try {
    let nanos = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        nanos += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    if (nanos > 0) return nanos / 1000;
  } catch {
    // No schedstat: the tick counts below.
  }
  return processTickMicros(pid);
}

/** User + system CPU time of a process (all its threads), in microseconds; 10 ms resolution. */
export function processTickMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1_000_000) / TICKS_PER_SECOND;
}

/** Resident set size of a process, in bytes. */
export function processRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * Time one thread has spent on a CPU, in microseconds (nanosecond resolution): the main thread
 * of a Node process is its JavaScript, without the JIT compiler and GC helper threads.
 */
export function threadCpuMicros(pid: number, tid = pid): number {
  return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
}

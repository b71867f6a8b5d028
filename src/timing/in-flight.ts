/**
 * Counts work in progress (calls, HTTP requests) so that a graceful shutdown can wait until
 * none is left.
 */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Work in progress now. */
  get size(): number {
    return this.count;
  }

  /** Counts one piece of work; the returned function ends it, and only its first call counts. */
  begin(): () => void {
    this.count += 1;
    let running = true;
    return () => {
      if (!running) return;
      running = false;
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  /** Resolves as soon as nothing is in progress (at once when nothing is). */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

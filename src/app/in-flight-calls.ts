/**
 * Counts the calls being served (tools, resources, prompts), so that a graceful shutdown can
 * wait for them to finish.
 */
export class InFlightCalls {
  private count = 0;
  private waiters: Array<() => void> = [];
  /** Set by a shutdown: calls that start from now on are refused. */
  closing = false;

  /** Calls running now. */
  get size(): number {
    return this.count;
  }

  begin(): void {
    this.count += 1;
  }

  end(): void {
    this.count -= 1;
    if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves as soon as no call is running (at once when none is). */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

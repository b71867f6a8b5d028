import { MemoryStore, StoreUnavailableError, type Clock, type RateDecision, type Store } from 'mcp-decorators';

/**
 * A `MemoryStore` that can be switched into an outage, where every operation fails with
 * `StoreUnavailableError` as the Redis store does when Redis is unreachable.
 */
export class FlakyStore implements Store {
  readonly memory: MemoryStore;
  down = false;
  /** Operations attempted while down, by name. */
  readonly failures: string[] = [];

  constructor(clock?: Clock) {
    this.memory = new MemoryStore({ clock });
  }

  get<T = unknown>(key: string): Promise<T | undefined> {
    return this.guard('get', () => this.memory.get<T>(key));
  }
  set(key: string, value: unknown, ttlMs: number): Promise<void> {
    return this.guard('set', () => this.memory.set(key, value, ttlMs));
  }
  delete(...keys: string[]): Promise<void> {
    return this.guard('delete', () => this.memory.delete(...keys));
  }
  consume(key: string, limit: number, windowMs: number, cost?: number): Promise<RateDecision> {
    return this.guard('consume', () => this.memory.consume(key, limit, windowMs, cost));
  }
  increment(key: string, by?: number): Promise<number> {
    return this.guard('increment', () => this.memory.increment(key, by));
  }
  async ping(): Promise<boolean> {
    return !this.down;
  }
  close(): Promise<void> {
    return this.memory.close();
  }

  private async guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    if (this.down) {
      this.failures.push(operation);
      throw new StoreUnavailableError(operation, `store unavailable (${operation})`);
    }
    return run();
  }
}

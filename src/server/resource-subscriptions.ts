import type { Server } from '@modelcontextprotocol/server';

/** Subscriptions one session may hold; a client asking for more is refused, not served unboundedly. */
export const MAX_SUBSCRIPTIONS_PER_SESSION = 1000;

/**
 * Which 2025-era session subscribed to which resource URI (`resources/subscribe`), so that
 * `app.notifyResourceUpdated(uri)` reaches exactly the sessions that asked. Sessions of this
 * process only: each replica hears the update on the event bus and notifies its own.
 */
export class ResourceSubscriptions {
  private readonly bySession = new Map<Server, Set<string>>();

  /** Records a subscription; false when the session already holds the maximum. */
  subscribe(session: Server, uri: string): boolean {
    let uris = this.bySession.get(session);
    if (!uris) {
      uris = new Set();
      this.bySession.set(session, uris);
    }
    if (!uris.has(uri) && uris.size >= MAX_SUBSCRIPTIONS_PER_SESSION) return false;
    uris.add(uri);
    return true;
  }

  unsubscribe(session: Server, uri: string): void {
    const uris = this.bySession.get(session);
    uris?.delete(uri);
    if (uris?.size === 0) this.bySession.delete(session);
  }

  /** Forgets a closed session. */
  drop(session: Server): void {
    this.bySession.delete(session);
  }

  /** Whether `session` subscribed to `uri`. */
  has(session: Server, uri: string): boolean {
    return this.bySession.get(session)?.has(uri) ?? false;
  }

  /** How many sessions subscribed to `uri`. */
  countSubscribers(uri: string): number {
    let count = 0;
    for (const uris of this.bySession.values()) if (uris.has(uri)) count++;
    return count;
  }
}

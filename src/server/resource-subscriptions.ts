import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Logger } from '../logging/logger';

/** Subscriptions one session may hold; a client asking for more is refused, not served unboundedly. */
export const MAX_SUBSCRIPTIONS_PER_SESSION = 1000;

/**
 * Which session subscribed to which resource URI (`resources/subscribe`), so that
 * `app.notifyResourceUpdated(uri)` reaches exactly the sessions that asked. Sessions of this
 * process only: with several replicas, each replica notifies its own sessions.
 */
export class ResourceSubscriptions {
  private readonly bySession = new Map<Server, Set<string>>();

  constructor(private readonly logger: Logger) {}

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

  /** Sends `notifications/resources/updated` to every session subscribed to `uri`; resolves to how many. */
  async notify(uri: string): Promise<number> {
    const subscribers = [...this.bySession].filter(([, uris]) => uris.has(uri)).map(([session]) => session);
    const results = await Promise.allSettled(subscribers.map((session) => session.sendResourceUpdated({ uri })));
    let sent = 0;
    for (const result of results) {
      if (result.status === 'fulfilled') sent++;
      else this.logger.warn('resource_updated_failed', { event: 'resource_updated_failed', uri, error: String(result.reason) });
    }
    return sent;
  }
}

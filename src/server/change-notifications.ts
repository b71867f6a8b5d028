import type { Server, ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';
import type { ProtocolEra } from '../context/tool-context';
import type { Logger } from '../logging/logger';
import type { ResourceSubscriptions } from './resource-subscriptions';

/**
 * Where change notifications (list changes, resource updates) start and how they reach every
 * client, whichever its era and whichever replica it is connected to.
 *
 * Everything goes through one `ServerEventBus`: in process by default, Redis pub/sub when
 * replicas share Redis. HTTP `subscriptions/listen` streams (2026-07-28) read the bus through
 * the SDK's handler; the connections of this process (stdio, in-memory, 2025 sessions) read it
 * here: 2025 clients get unsolicited notifications (resource updates only where they
 * subscribed), 2026-07-28 stdio clients get them on their listen stream.
 */
export class ChangeNotifications {
  private readonly connections = new Map<Server, ProtocolEra>();
  private readonly stopListening: () => void;

  constructor(
    readonly bus: ServerEventBus,
    /** 2025-era per-resource subscriptions of this process's sessions. */
    readonly subscriptions: ResourceSubscriptions,
    private readonly logger: Logger,
  ) {
    this.stopListening = bus.subscribe((event) => this.deliver(event));
  }

  /** Follows a connection's server until it closes. */
  track(server: Server, era: ProtocolEra): void {
    this.connections.set(server, era);
    const previous = server.onclose;
    server.onclose = () => {
      this.connections.delete(server);
      this.subscriptions.drop(server);
      previous?.();
    };
  }

  /** Connections of this process being followed. */
  get size(): number {
    return this.connections.size;
  }

  /** Raises an event on every replica. Never throws: a notification is not worth a failed call. */
  publish(event: ServerEvent): void {
    try {
      this.bus.publish(event);
    } catch (error) {
      this.logger.warn('notification_publish_failed', { event: 'notification_publish_failed', kind: event.kind, error: String(error) });
    }
  }

  /**
   * Publishes a resource update; resolves to how many 2025-era sessions of this process had
   * subscribed to it (listen streams and other replicas are reached without being counted).
   */
  resourceUpdated(uri: string): number {
    const subscribed = this.subscriptions.countSubscribers(uri);
    this.publish({ kind: 'resource_updated', uri });
    return subscribed;
  }

  /** Stops reading the bus. */
  close(): void {
    this.stopListening();
  }

  private deliver(event: ServerEvent): void {
    for (const [server, era] of this.connections) {
      let sent: Promise<void> | undefined;
      switch (event.kind) {
        case 'tools_list_changed':
          sent = server.sendToolListChanged();
          break;
        case 'prompts_list_changed':
          sent = server.sendPromptListChanged();
          break;
        case 'resources_list_changed':
          sent = server.sendResourceListChanged();
          break;
        case 'resource_updated':
          // A 2025 session asked per resource; a 2026-07-28 listen stream filters by itself.
          if (era === 'modern' || this.subscriptions.has(server, event.uri)) sent = server.sendResourceUpdated({ uri: event.uri });
          break;
      }
      sent?.catch((error: unknown) =>
        this.logger.debug('notification_not_delivered', { event: 'notification_not_delivered', kind: event.kind, error: String(error) }),
      );
    }
  }
}

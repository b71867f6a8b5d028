import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { DependencyContainer } from 'tsyringe';
import type { McpConfig } from '../config/mcp-config';
import type { HandlerKind } from '../metadata/metadata.types';
import type { Registry } from '../registry/registry';
import { createSdkServer, type ServerIdentity } from '../server/server-factory';
import type { AppServices } from './app-services';

/** Where `app.listen()` serves; what is left out comes from `app.config` (`MCP_*` variables). */
export type ListenOptions = { transport?: 'stdio' | 'http' };

/** Options of `app.connect()`. */
export interface ConnectOptions {
  /**
   * An identity attached to every request of this connection, for transports that do not
   * authenticate themselves (in-memory pairs in tests).
   */
  authInfo?: AuthInfo;
}

/**
 * A running MCP app: its definitions, container and services, attachable to any number of
 * transports. Created by `createMcpApp`.
 *
 * @example
 * const app = await createMcpApp({ name: 'demo', version: '1.0.0', providers: [MathTools] });
 * await app.listen({ transport: 'stdio' });
 */
export class McpApp {
  private readonly servers = new Set<McpServer>();
  private readonly closers: Array<() => Promise<void>> = [];
  private closed = false;

  constructor(
    readonly identity: ServerIdentity,
    readonly registry: Registry,
    readonly services: AppServices,
  ) {}

  /** The app's child container (providers, `TOKENS.Logger`, `TOKENS.Store`, ...). */
  get container(): DependencyContainer {
    return this.services.container;
  }

  /** The framework's settings, read from `MCP_*` variables and `.env` at creation. */
  get config(): McpConfig {
    return this.services.config;
  }

  /** Attaches a new MCP server session to an SDK transport and starts it. */
  async connect(transport: Transport, options: ConnectOptions = {}): Promise<McpServer> {
    if (this.closed) throw new Error('this app is closed');
    const mcp = createSdkServer(this.identity, this.registry, this.services);
    this.servers.add(mcp);
    const onClose = mcp.server.onclose;
    let opened = false;
    mcp.server.onclose = () => {
      this.servers.delete(mcp);
      if (opened) this.services.metrics.sessionClosed();
      opened = false;
      onClose?.();
    };
    await mcp.connect(options.authInfo ? withAuthInfo(transport, options.authInfo) : transport);
    opened = true;
    this.services.metrics.sessionOpened();
    this.services.logger.debug('connection_opened', { event: 'connection_opened', sessionId: transport.sessionId });
    return mcp;
  }

  /** Serves on the transport of `options`, else of `MCP_TRANSPORT` (default stdio). */
  async listen(options: ListenOptions = {}): Promise<void> {
    const transport = options.transport ?? this.config.transport;
    if (transport === 'stdio') {
      const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
      await this.connect(new StdioServerTransport());
      return;
    }
    throw new Error(`unknown transport ${transport}`);
  }

  /** Enables or disables a tool, resource (by name or URI) or prompt; clients get `list_changed`. */
  setEnabled(kind: HandlerKind, name: string, enabled: boolean): void {
    this.registry.setEnabled(kind, name, enabled);
  }

  /** Registers something to stop when the app closes (servers, stores, timers). */
  onClose(closer: () => Promise<void>): void {
    this.closers.push(closer);
  }

  /** Closes every session, transport and store the app started. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.servers].map((mcp) => mcp.close()));
    for (const closer of this.closers.reverse()) await closer().catch(() => undefined);
    await this.services.store.close();
  }
}

/** Wraps a transport so that every incoming message carries `authInfo`. */
function withAuthInfo(transport: Transport, authInfo: AuthInfo): Transport {
  const original = transport.start.bind(transport);
  transport.start = async () => {
    const onmessage = transport.onmessage;
    if (onmessage) transport.onmessage = (message, extra) => onmessage(message, { ...extra, authInfo });
    await original();
  };
  return transport;
}

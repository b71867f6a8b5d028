import type { Server, Transport } from '@modelcontextprotocol/server';
import type { AppServices } from '../../app/app-services';
import type { Readiness } from '../../app/readiness';
import type { ProtocolEra } from '../../context/tool-context';
import type { Registry } from '../../registry/registry';
import type { RouteDefinition } from '../../routes/route.types';
import type { ServerIdentity } from '../../server/server-factory';

/**
 * What the HTTP transport needs from an app, and nothing more: servers to answer with, the
 * definitions (health, access rules), a few services, readiness and the custom routes. `McpApp`
 * is one; the HTTP code never reaches into its wiring.
 */
export interface HttpServedApp {
  readonly identity: ServerIdentity;
  readonly registry: Registry;
  readonly services: Pick<AppServices, 'logger' | 'store' | 'events' | 'auth' | 'metrics'>;
  readonly routes: readonly RouteDefinition[];
  /** A fresh SDK server for one request (not followed after its response). */
  createServer(era: ProtocolEra, track: boolean): Server;
  /** Serves a 2025 session over a sessionful transport. */
  serveSession(transport: Transport): Promise<Server>;
  readiness(): Promise<Readiness>;
}

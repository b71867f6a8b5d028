import { NodeStreamableHTTPServerTransport as StreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { isInitializeRequest, type AuthInfo, type EventStore } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { principalOf } from '../../context/tool-context';
import { scopeEventStore } from '../../stores/scoped-event-store';
import type { HttpServedApp } from './http-app';
import { HTTP_RPC_CODES, HttpError, type HttpRequest } from './http-router';
import { readJsonBody } from './json-body';

/** What the MCP endpoint needs, whichever the mode. */
export interface McpEndpoint {
  /** HTTP methods served on the MCP path. */
  readonly methods: readonly string[];
  /** Sessions open now (0 in stateless mode). */
  readonly sessionCount: number;
  /** Serves one request; a POST body already read by the caller is passed along. */
  handle(req: HttpRequest, res: ServerResponse, body?: unknown): Promise<void>;
  /** Ends every session and transport. */
  close(): Promise<void>;
}

/** Settings of the stateful endpoint. */
export interface SessionSettings {
  readonly maxSessions: number;
  readonly idleTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly eventStore: EventStore | undefined;
  readonly jsonResponse: boolean;
}

interface Session {
  readonly id: string;
  readonly transport: StreamableHTTPServerTransport;
  /** Who opened it (`sub:`/`client:` of `req.auth`); later requests must come from them. */
  readonly owner: string | undefined;
  /** HTTP requests (POSTs, SSE streams) in progress; the idle clock runs only at 0. */
  active: number;
  idleTimer: NodeJS.Timeout | undefined;
  initialized: boolean;
}

/** An event store able to drop a closed session's streams (the in-memory one is). */
interface ForgettingEventStore extends EventStore {
  forgetStreams(prefix: string): void;
}

const SESSION_NOT_FOUND = 'Session not found: the Mcp-Session-Id is unknown, expired or ended; send a new initialize request without it';

/**
 * 2025-era sessions (`legacy: 'sessions'`): each `initialize` opens a session (an unguessable id, its own
 * transport and SDK server over the app's shared definitions); later requests are routed to it
 * by `Mcp-Session-Id`. Sessions are capped in number, closed after an idle period, ended by
 * DELETE, and bound to the identity that opened them.
 */
export class SessionManager implements McpEndpoint {
  readonly methods = Object.freeze(['POST', 'GET', 'DELETE']);
  private readonly sessions = new Map<string, Session>();
  private closing = false;

  constructor(
    private readonly app: HttpServedApp,
    private readonly settings: SessionSettings,
  ) {}

  get sessionCount(): number {
    return this.sessions.size;
  }

  async handle(req: HttpRequest, res: ServerResponse, parsed?: unknown): Promise<void> {
    const header = req.headers['mcp-session-id'];
    if (Array.isArray(header)) throw new HttpError(400, 'Bad Request: send a single Mcp-Session-Id header');
    const body = req.method === 'POST' ? (parsed ?? (await readJsonBody(req, this.settings.maxBodyBytes))) : undefined;
    if (header === undefined) {
      if (req.method === 'POST' && opensSession(body)) return this.open(req, res, body);
      throw new HttpError(400, 'Bad Request: Mcp-Session-Id header is required (open a session with an initialize request first)');
    }
    const session = this.sessions.get(header);
    // Another caller's session is reported exactly like a missing one.
    if (!session || !session.initialized || session.owner !== ownerOf(req.auth)) {
      throw new HttpError(404, SESSION_NOT_FOUND, { code: HTTP_RPC_CODES.sessionNotFound });
    }
    await this.serve(session, req, res, body);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.sessions.values()].map((session) => session.transport.close()));
  }

  private async open(req: HttpRequest, res: ServerResponse, body: unknown): Promise<void> {
    if (this.closing) throw new HttpError(503, 'Service Unavailable: the server is shutting down');
    if (this.sessions.size >= this.settings.maxSessions) {
      throw new HttpError(
        503,
        `Service Unavailable: the server holds its maximum of ${this.settings.maxSessions} sessions; ` +
          'end unused sessions with DELETE, or retry once idle ones have expired',
      );
    }
    const id = randomUUID();
    const { eventStore } = this.settings;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      // Called as the SDK accepts the initialize, before the response leaves: the client may
      // use the id as soon as it reads it.
      onsessioninitialized: () => {
        session.initialized = true;
        this.logger.info('http_session_opened', { event: 'http_session_opened', sessionId: id, sessions: this.sessions.size });
      },
      eventStore: eventStore ? scopeEventStore(eventStore, id) : undefined,
      enableJsonResponse: this.settings.jsonResponse,
    });
    const session: Session = { id, transport, owner: ownerOf(req.auth), active: 0, idleTimer: undefined, initialized: false };
    // Reserved before the first await so concurrent initializes cannot overshoot the cap.
    this.sessions.set(id, session);
    transport.onclose = () => this.forget(session);
    transport.onerror = (error) => this.logger.debug('http_transport_error', { event: 'http_transport_error', sessionId: id, error: error.message });
    try {
      await this.app.serveSession(transport);
    } catch (error) {
      this.sessions.delete(id);
      throw error;
    }
    await this.serve(session, req, res, body);
    if (!session.initialized) await transport.close();
  }

  private async serve(session: Session, req: HttpRequest, res: ServerResponse, body: unknown): Promise<void> {
    session.active += 1;
    clearTimeout(session.idleTimer);
    res.once('close', () => {
      session.active -= 1;
      if (session.active === 0 && this.sessions.get(session.id) === session) this.armIdleTimer(session);
    });
    await session.transport.handleRequest(req, res, body);
  }

  private armIdleTimer(session: Session): void {
    clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => {
      this.logger.info('http_session_expired', { event: 'http_session_expired', sessionId: session.id, idleMs: this.settings.idleTimeoutMs });
      void session.transport.close();
    }, this.settings.idleTimeoutMs);
    session.idleTimer.unref();
  }

  private forget(session: Session): void {
    if (this.sessions.get(session.id) !== session) return;
    this.sessions.delete(session.id);
    clearTimeout(session.idleTimer);
    const store = this.settings.eventStore as Partial<ForgettingEventStore> | undefined;
    store?.forgetStreams?.(`${session.id}/`);
    if (session.initialized) {
      this.logger.info('http_session_closed', { event: 'http_session_closed', sessionId: session.id, sessions: this.sessions.size });
    }
  }

  private get logger() {
    return this.app.services.logger;
  }
}

/** An initialize request (alone: the SDK refuses it batched with other messages). */
function opensSession(body: unknown): boolean {
  return Array.isArray(body) ? body.some((message) => isInitializeRequest(message)) : isInitializeRequest(body);
}

/** The identity a session is bound to, as `ToolContext.principal` names it. */
function ownerOf(auth: AuthInfo | undefined): string | undefined {
  return auth ? principalOf(auth, undefined) : undefined;
}

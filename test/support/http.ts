import {
  Client,
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  StreamableHTTPClientTransport,
  type ClientCapabilities,
} from '@modelcontextprotocol/client';
import { request as httpRequest } from 'node:http';

/** The stateless revision: `server/discover`, a `_meta` envelope on every request. */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';
/** The newest 2025-era revision (`initialize`, sessions where the server keeps them). */
export const LEGACY_PROTOCOL_VERSION = '2025-11-25';

/** A protocol era as the SDK names it. */
export type Era = 'modern' | 'legacy';
/** Both eras, for `describe.each`. */
export const ERAS: readonly Era[] = Object.freeze(['modern', 'legacy'] as const);

/** The headers a 2025-era streamable HTTP client sends with a POST. */
export const POST_HEADERS = Object.freeze({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': LEGACY_PROTOCOL_VERSION,
});

export const INITIALIZE = Object.freeze({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: LEGACY_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw-http-test', version: '1' } },
});

/** The SDK client of `era`: pinned to 2026-07-28, or the default 2025 `initialize` handshake. */
export function newClient(era: Era, capabilities: ClientCapabilities = {}, name = 'http-test'): Client {
  return new Client({ name, version: '1' }, { capabilities, ...(era === 'modern' ? { versionNegotiation: { mode: { pin: MODERN_PROTOCOL_VERSION } } } : {}) });
}

/** Options of `connectHttpClient`. */
export interface HttpClientOptions {
  /** Default `legacy`: the 2025 handshake, which the sessions tests rely on. */
  era?: Era;
  capabilities?: ClientCapabilities;
  /** Extra headers on every request (e.g. `authorization`). */
  headers?: Record<string, string>;
}

/** A real SDK client over streamable HTTP; remember to close it before the app. */
export async function connectHttpClient(
  url: string,
  options: HttpClientOptions | ClientCapabilities = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const { era = 'legacy', capabilities = {}, headers } = (isClientOptions(options) ? options : { capabilities: options }) as HttpClientOptions;
  const transport = new StreamableHTTPClientTransport(new URL(url), headers ? { requestInit: { headers } } : undefined);
  const client = newClient(era, capabilities);
  await client.connect(transport);
  if (client.getProtocolEra() !== era) throw new Error(`the client connected in the ${String(client.getProtocolEra())} era, not ${era}`);
  return { client, transport };
}

function isClientOptions(options: object): options is HttpClientOptions {
  return 'era' in options || 'headers' in options || 'capabilities' in options;
}

/** The 2026-07-28 `_meta` envelope every modern request carries. */
export function modernMeta(capabilities: ClientCapabilities = {}, version = MODERN_PROTOCOL_VERSION): Record<string, unknown> {
  return {
    [PROTOCOL_VERSION_META_KEY]: version,
    [CLIENT_INFO_META_KEY]: { name: 'raw-http-test', version: '1' },
    [CLIENT_CAPABILITIES_META_KEY]: capabilities,
  };
}

/** A 2026-07-28 request: `params` with the envelope merged into its `_meta`. */
export function modernRequest(id: number | string, method: string, params: Record<string, unknown> = {}): Record<string, unknown> {
  const meta = (params['_meta'] as Record<string, unknown> | undefined) ?? {};
  return { jsonrpc: '2.0', id, method, params: { ...params, _meta: { ...modernMeta(), ...meta } } };
}

/** The standard 2026-07-28 headers of `message`: `MCP-Protocol-Version`, `Mcp-Method`, and `Mcp-Name` where the method has one. */
export function modernHeaders(message: { method?: unknown; params?: unknown }): Record<string, string> {
  const params = (message.params ?? {}) as Record<string, unknown>;
  const name =
    message.method === 'resources/read' ? params['uri'] : message.method === 'tools/call' || message.method === 'prompts/get' ? params['name'] : undefined;
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN_PROTOCOL_VERSION,
    ...(typeof message.method === 'string' ? { 'mcp-method': message.method } : {}),
    ...(typeof name === 'string' ? { 'mcp-name': headerSafe(name) } : {}),
  };
}

/** A header value as the spec encodes it: plain when safe ASCII, else the Base64 sentinel. */
function headerSafe(value: string): string {
  return /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value) && !/^=\?base64\?.*\?=$/.test(value)
    ? value
    : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** POSTs a 2026-07-28 request with its envelope and standard headers (overridable). */
export function modernPost(url: string, message: Record<string, unknown>, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { ...modernHeaders(message), ...headers }, body: JSON.stringify(message), ...init });
}

/** One server-sent event. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Reads SSE events from a fetch response body as they arrive. `next()` resolves with the next
 * event (skipping keep-alive comments), or undefined when the stream ends.
 */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  async next(): Promise<SseEvent | undefined> {
    for (;;) {
      const boundary = this.buffer.indexOf('\n\n');
      if (boundary >= 0) {
        const block = this.buffer.slice(0, boundary);
        this.buffer = this.buffer.slice(boundary + 2);
        const event = parseEvent(block);
        if (event) return event;
        continue;
      }
      const { value, done } = await this.reader.read();
      if (done) return undefined;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** The next event carrying a JSON-RPC message, parsed. */
  async nextMessage(): Promise<{ id?: string; message: Record<string, unknown> } | undefined> {
    for (;;) {
      const event = await this.next();
      if (!event) return undefined;
      if (event.data.trim() === '') continue; // priming event: an id, no message
      return { id: event.id, message: JSON.parse(event.data) as Record<string, unknown> };
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}

function parseEvent(block: string): SseEvent | undefined {
  const event: SseEvent = { data: '' };
  let seen = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') event.data += (event.data ? '\n' : '') + value;
    else if (field === 'id') event.id = value;
    else if (field === 'event') event.event = value;
    else continue;
    seen = true;
  }
  return seen ? event : undefined;
}

/** Opens a session with a raw initialize (plus `initialized`) and returns its id. */
export async function rawInitialize(url: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
  if (response.status !== 200) throw new Error(`initialize answered ${response.status}: ${await response.text()}`);
  const sessionId = response.headers.get('mcp-session-id');
  if (!sessionId) throw new Error('initialize answered without a session id');
  await response.text();
  const initialized = await fetch(url, {
    method: 'POST',
    headers: { ...POST_HEADERS, 'mcp-session-id': sessionId },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  if (initialized.status !== 202) throw new Error(`initialized answered ${initialized.status}`);
  return sessionId;
}

/** A JSON-RPC request over POST in a session; the response is left to the caller. */
export function rawPost(url: string, sessionId: string | undefined, message: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { ...POST_HEADERS, ...(sessionId ? { 'mcp-session-id': sessionId } : {}) },
    body: JSON.stringify(message),
    ...init,
  });
}

/** The first JSON-RPC message of a POST answered with an SSE stream (or a JSON body). */
export async function firstMessage(response: Response): Promise<Record<string, unknown>> {
  if (response.headers.get('content-type')?.includes('application/json')) return (await response.json()) as Record<string, unknown>;
  const reader = new SseReader(response.body!);
  const first = await reader.nextMessage();
  await reader.cancel();
  if (!first) throw new Error('the stream ended without a message');
  return first.message;
}

/**
 * A request through `node:http`, which (unlike fetch) lets a test set any `Host` header.
 */
export function rawHttp(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Polls `probe` until it returns true, failing after `timeoutMs` (a liveness bound). */
export async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts a tool call and resolves `started` at its first progress notification (proof that the
 * server is running it); `result` is the call's result.
 */
export function callToolWithProgress(client: Client, name: string, args: Record<string, unknown>): { started: Promise<void>; result: Promise<unknown> } {
  let onStarted!: () => void;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const result = client.callTool({ name, arguments: args }, { onprogress: () => onStarted(), timeout: 30_000 });
  return { started, result };
}

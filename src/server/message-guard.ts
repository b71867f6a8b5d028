import { SUPPORTED_PROTOCOL_VERSIONS, PROTOCOL_VERSION_META_KEY, type JSONRPCErrorResponse } from '@modelcontextprotocol/server';

/*
 * Messages the SDK would answer badly — with an internal error, or not at all — refused here
 * with a clear JSON-RPC error before it sees them. Checked on every transport (stdio, HTTP,
 * in-memory), so every well-formed request gets exactly one answer.
 */

/** The stateless protocol revisions served (the SDK serves them; its exported list names the 2025 ones). */
export const MODERN_PROTOCOL_VERSIONS: readonly string[] = Object.freeze(['2026-07-28']);

/** Every protocol revision served, newest first: what an unsupported-version error lists. */
export const SERVED_PROTOCOL_VERSIONS: readonly string[] = Object.freeze([...MODERN_PROTOCOL_VERSIONS, ...SUPPORTED_PROTOCOL_VERSIONS]);

/** Deeper messages are refused; no MCP message legitimately nests this far outside tool arguments. */
export const MAX_MESSAGE_DEPTH = 64;

const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;
const UNSUPPORTED_PROTOCOL_VERSION = -32022;
/** A key that reaches an object's prototype when copied; arguments are cleaned by the DTO layer. */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/** The error to answer `message` (one parsed JSON-RPC message or a batch) with, if any. */
export function inboundMessageError(message: unknown): JSONRPCErrorResponse | undefined {
  // Too deep to read safely, whatever it is: the SDK's parsers recurse and would overflow.
  if (depthExceeds(message, MAX_MESSAGE_DEPTH)) {
    const id = isRecord(message) && (typeof message['id'] === 'string' || typeof message['id'] === 'number') ? message['id'] : null;
    return {
      jsonrpc: '2.0',
      id,
      error: { code: INVALID_REQUEST, message: `Invalid Request: the message nests deeper than ${MAX_MESSAGE_DEPTH} levels` },
    } as JSONRPCErrorResponse;
  }
  return messageError(message);
}

function messageError(message: unknown): JSONRPCErrorResponse | undefined {
  if (Array.isArray(message)) {
    for (const item of message) {
      const error = messageError(item);
      if (error) return error;
    }
    return undefined;
  }
  if (!isRecord(message)) return undefined;
  const rawId = message['id'];
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : undefined;
  const refuse = (code: number, text: string, data?: unknown): JSONRPCErrorResponse => ({
    jsonrpc: '2.0',
    id: id ?? null,
    error: { code, message: text, ...(data === undefined ? {} : { data }) },
  } as JSONRPCErrorResponse);
  // Notifications get no answer; the SDK drops what it cannot read.
  if (typeof message['method'] !== 'string' || id === undefined) return undefined;
  const params = message['params'];
  if (params === undefined) return undefined;
  if (!isRecord(params)) return refuse(INVALID_PARAMS, 'Invalid params: params must be an object');
  const problem = shapeProblem(params, 'params', 1);
  if (problem) return refuse(problem.code, problem.text);
  const args = params['arguments'];
  if (message['method'] === 'prompts/get' && args !== undefined && !isRecord(args)) {
    return refuse(INVALID_PARAMS, `Invalid arguments for prompt ${String(params['name']).slice(0, 128)}: arguments must be an object`);
  }
  const meta = params['_meta'];
  if (meta === undefined) return undefined;
  if (!isRecord(meta)) return refuse(INVALID_PARAMS, 'Invalid params: params._meta must be an object');
  const version = meta[PROTOCOL_VERSION_META_KEY];
  if (version !== undefined && !SERVED_PROTOCOL_VERSIONS.includes(version as string)) {
    return refuse(UNSUPPORTED_PROTOCOL_VERSION, `Unsupported protocol version: ${(typeof version === 'string' ? version : JSON.stringify(version)).slice(0, 64)}`, {
      supported: SERVED_PROTOCOL_VERSIONS,
      requested: typeof version === 'string' ? version.slice(0, 64) : null,
    });
  }
  return undefined;
}

/** Whether `value` nests deeper than `limit` levels (iterative: a deep value cannot overflow it). */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Too deep, or a key that reaches a prototype, outside `params.arguments` (the DTO layer's). */
function shapeProblem(value: unknown, path: string, depth: number): { code: number; text: string } | undefined {
  if (depth > MAX_MESSAGE_DEPTH) return { code: INVALID_REQUEST, text: `Invalid Request: the message nests deeper than ${MAX_MESSAGE_DEPTH} levels` };
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = shapeProblem(item, path, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key) && path !== 'params.arguments') {
      return { code: INVALID_PARAMS, text: `Invalid params: the key "${key}" is not allowed (in ${path})` };
    }
    const child = path === 'params' && key === 'arguments' ? 'params.arguments' : path;
    const problem = shapeProblem((value as Record<string, unknown>)[key], child, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { PROTOCOL_VERSION_META_KEY, SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCErrorResponse } from '@modelcontextprotocol/server';

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
  const shape = scan(message);
  // Too deep to read safely, whatever it is: the SDK's parsers recurse and would overflow.
  if (shape.tooDeep) {
    const id = isRecord(message) && (typeof message['id'] === 'string' || typeof message['id'] === 'number') ? message['id'] : null;
    return {
      jsonrpc: '2.0',
      id,
      error: { code: INVALID_REQUEST, message: `Invalid Request: the message nests deeper than ${MAX_MESSAGE_DEPTH} levels` },
    } as JSONRPCErrorResponse;
  }
  if (!Array.isArray(message)) return messageError(message, shape.forbidden);
  for (const item of message) {
    const error = messageError(item, shape.forbidden);
    if (error) return error;
  }
  return undefined;
}

function messageError(message: unknown, forbidden: ReadonlyMap<object, string>): JSONRPCErrorResponse | undefined {
  if (!isRecord(message)) return undefined;
  const rawId = message['id'];
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : undefined;
  const refuse = (code: number, text: string, data?: unknown): JSONRPCErrorResponse =>
    ({
      jsonrpc: '2.0',
      id: id ?? null,
      error: { code, message: text, ...(data === undefined ? {} : { data }) },
    }) as JSONRPCErrorResponse;
  // Notifications get no answer; the SDK drops what it cannot read.
  if (typeof message['method'] !== 'string' || id === undefined) return undefined;
  const params = message['params'];
  if (params === undefined) return undefined;
  if (!isRecord(params)) return refuse(INVALID_PARAMS, 'Invalid params: params must be an object');
  const key = forbidden.get(message);
  if (key !== undefined) return refuse(INVALID_PARAMS, `Invalid params: the key "${key}" is not allowed (in params)`);
  const args = params['arguments'];
  if (message['method'] === 'prompts/get' && args !== undefined && !isRecord(args)) {
    return refuse(INVALID_PARAMS, `Invalid arguments for prompt ${String(params['name']).slice(0, 128)}: arguments must be an object`);
  }
  const meta = params['_meta'];
  if (meta === undefined) return undefined;
  if (!isRecord(meta)) return refuse(INVALID_PARAMS, 'Invalid params: params._meta must be an object');
  const version = meta[PROTOCOL_VERSION_META_KEY];
  if (version !== undefined && !SERVED_PROTOCOL_VERSIONS.includes(version as string)) {
    return refuse(
      UNSUPPORTED_PROTOCOL_VERSION,
      `Unsupported protocol version: ${(typeof version === 'string' ? version : JSON.stringify(version)).slice(0, 64)}`,
      {
        supported: SERVED_PROTOCOL_VERSIONS,
        requested: typeof version === 'string' ? version.slice(0, 64) : null,
      },
    );
  }
  return undefined;
}

/** Where a value sits in a message: what the scan checks there. */
enum Zone {
  /** A message (the root, or an item of a batch). */
  Message,
  /** A message's `params`: its `arguments` are the DTO layer's to clean. */
  Params,
  /** Below `params`, outside `arguments`: keys are checked. */
  InParams,
  /** Tool arguments, results, anything else: not checked here. */
  Unchecked,
}

/**
 * One pass over a message, iterative so that a deep one cannot overflow it: whether it nests
 * deeper than `MAX_MESSAGE_DEPTH`, and which messages hold a key reaching a prototype in their
 * params (outside `params.arguments`), with the key.
 */
function scan(root: unknown): { tooDeep: boolean; forbidden: ReadonlyMap<object, string> } {
  const forbidden = new Map<object, string>();
  const values: unknown[] = [root];
  const depths: number[] = [1];
  const zones: Zone[] = [Array.isArray(root) ? Zone.Unchecked : Zone.Message];
  const owners: object[] = [root as object];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    const zone = zones.pop()!;
    const owner = owners.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_MESSAGE_DEPTH) return { tooDeep: true, forbidden };
    if (Array.isArray(value)) {
      // The items of a batch are messages; items of arrays below keep their place.
      const itemZone = value === root ? Zone.Message : zone === Zone.Params ? Zone.InParams : zone;
      for (const item of value) {
        values.push(item);
        depths.push(depth + 1);
        zones.push(itemZone);
        owners.push(itemZone === Zone.Message ? (item as object) : owner);
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if ((zone === Zone.Params || zone === Zone.InParams) && FORBIDDEN_KEYS.has(key) && !forbidden.has(owner)) forbidden.set(owner, key);
      values.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
      zones.push(childZone(zone, key));
      owners.push(owner);
    }
  }
  return { tooDeep: false, forbidden };
}

function childZone(zone: Zone, key: string): Zone {
  switch (zone) {
    case Zone.Message:
      return key === 'params' ? Zone.Params : Zone.Unchecked;
    case Zone.Params:
      return key === 'arguments' ? Zone.Unchecked : Zone.InParams;
    default:
      return zone;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

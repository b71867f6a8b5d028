import type { CallToolResult, GetPromptResult, PromptMessage, ReadResourceResult } from '@modelcontextprotocol/server';
import type { ContentBlock } from './content';

/*
 * What a method returns → the protocol result. Runs inside the pipeline (right after the method)
 * so caches hold protocol results, which are plain JSON and survive a networked store.
 */

const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'resource', 'resource_link']);
const RESULT_KEYS = new Set(['content', 'structuredContent', 'isError', '_meta']);

function isContentBlock(value: unknown): value is ContentBlock {
  return typeof value === 'object' && value !== null && CONTENT_TYPES.has((value as { type?: unknown }).type as string);
}

function isToolResult(value: object): value is CallToolResult {
  return Array.isArray((value as CallToolResult).content) && Object.keys(value).every((key) => RESULT_KEYS.has(key));
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/**
 * Tool method value → `CallToolResult`. `wrapsResult` is set for tools whose declared return type
 * is a primitive: their value also travels as `structuredContent.result`, as their advertised
 * output schema says.
 */
export function toCallToolResult(value: unknown, wrapsResult: boolean): CallToolResult {
  if (value === undefined || value === null) return { content: [] };
  if (typeof value === 'string') return { content: [{ type: 'text', text: value }] };
  if (typeof value !== 'object') {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a primitive here (objects were handled above)
    const result: CallToolResult = { content: [{ type: 'text', text: String(value) }] };
    if (wrapsResult) result.structuredContent = { result: value };
    return result;
  }
  if (isContentBlock(value)) return { content: [value] };
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isContentBlock)) return { content: value };
    const result: CallToolResult = { content: [{ type: 'text', text: JSON.stringify(value) }] };
    if (wrapsResult) result.structuredContent = { result: value };
    return result;
  }
  if (isToolResult(value)) return value;
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

/** Resource method value → `ReadResourceResult` for `uri`. */
export function toReadResourceResult(value: unknown, uri: string, mimeType: string | undefined): ReadResourceResult {
  if (typeof value === 'string') return { contents: [{ uri, mimeType: mimeType ?? 'text/plain', text: value }] };
  if (isBytes(value)) {
    return { contents: [{ uri, mimeType: mimeType ?? 'application/octet-stream', blob: Buffer.from(value).toString('base64') }] };
  }
  if (typeof value === 'object' && value !== null && Array.isArray((value as ReadResourceResult).contents)) {
    return value as ReadResourceResult;
  }
  return { contents: [{ uri, mimeType: mimeType ?? 'application/json', text: JSON.stringify(value ?? null) }] };
}

/** Prompt method value → `GetPromptResult`. */
export function toGetPromptResult(value: unknown, description: string | undefined): GetPromptResult {
  const base = description === undefined ? {} : { description };
  if (typeof value === 'string') return { ...base, messages: [{ role: 'user', content: { type: 'text', text: value } }] };
  if (Array.isArray(value)) return { ...base, messages: value as PromptMessage[] };
  if (typeof value === 'object' && value !== null && Array.isArray((value as GetPromptResult).messages)) {
    return { ...base, ...(value as GetPromptResult) };
  }
  throw new TypeError('a prompt must return a string, an array of messages or { messages }');
}

import type { AudioContent, CallToolResult, EmbeddedResource, ImageContent, PromptMessage, ResourceLink, TextContent } from '@modelcontextprotocol/server';

/*
 * Helpers a method returns to control exactly what reaches the client. A tool may return one
 * block, an array of blocks, or `toolResult(...)`; anything else is converted by the result
 * mapper (strings to text, objects to structured content).
 */

/** A content block of a tool result or prompt message. */
export type ContentBlock = TextContent | ImageContent | AudioContent | EmbeddedResource | ResourceLink;

function toBase64(data: string | Uint8Array): string {
  return typeof data === 'string' ? data : Buffer.from(data).toString('base64');
}

/**
 * A text block.
 * @example return text('done');
 */
export function text(value: string): TextContent {
  return { type: 'text', text: value };
}

/**
 * An image block; `data` is raw bytes or a base64 string.
 * @example return image(await readFile('chart.png'), 'image/png');
 */
export function image(data: string | Uint8Array, mimeType: string): ImageContent {
  return { type: 'image', data: toBase64(data), mimeType };
}

/**
 * An audio block; `data` is raw bytes or a base64 string.
 * @example return audio(wavBytes, 'audio/wav');
 */
export function audio(data: string | Uint8Array, mimeType: string): AudioContent {
  return { type: 'audio', data: toBase64(data), mimeType };
}

/**
 * A resource embedded in a result: text, or binary when `content` is bytes.
 * @example return embeddedResource('test://doc', 'hello', 'text/plain');
 */
export function embeddedResource(uri: string, content: string | Uint8Array, mimeType?: string): EmbeddedResource {
  const resource =
    typeof content === 'string'
      ? { uri, text: content, ...(mimeType ? { mimeType } : {}) }
      : { uri, blob: toBase64(content), mimeType: mimeType ?? 'application/octet-stream' };
  return { type: 'resource', resource };
}

/**
 * A link to a resource by URI, without its contents; `extra` adds optional fields
 * (`mimeType`, `description`...).
 * @example return resourceLink('file:///report.pdf', 'report', { mimeType: 'application/pdf' });
 */
export function resourceLink(uri: string, name: string, extra: Omit<ResourceLink, 'type' | 'uri' | 'name'> = {}): ResourceLink {
  return { type: 'resource_link', uri, name, ...extra };
}

/**
 * A complete tool result, for full control (several blocks plus structured content, or an
 * error result produced without throwing).
 * @example return toolResult([text('3 rows')], { structuredContent: { rows } });
 */
export function toolResult(content: ContentBlock[], extra: { structuredContent?: Record<string, unknown>; isError?: boolean } = {}): CallToolResult {
  return { content, ...extra };
}

/**
 * A prompt message from the user; a string becomes a text block.
 * @example return [userMessage('Review this'), assistantMessage('Sure, send it')];
 */
export function userMessage(content: string | ContentBlock): PromptMessage {
  return { role: 'user', content: typeof content === 'string' ? text(content) : content };
}

/**
 * A prompt message from the assistant; a string becomes a text block.
 * @example return [userMessage('Hi'), assistantMessage('Hello! How can I help?')];
 */
export function assistantMessage(content: string | ContentBlock): PromptMessage {
  return { role: 'assistant', content: typeof content === 'string' ? text(content) : content };
}

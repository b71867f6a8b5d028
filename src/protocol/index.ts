/* The public names of protocol/: content helpers and the _meta keys results carry. */
export { assistantMessage, audio, embeddedResource, image, resourceLink, text, toolResult, userMessage, type ContentBlock } from './content';
export { ERROR_META } from './error-mapper';
export { DEGRADED_META, STALE_NOTE, type DegradedInfo } from './result-meta';

import * as z from 'zod/v4';
import {
  CallToolRequestParamsSchema,
  CallToolRequestSchema,
  GetPromptRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

/*
 * Request schemas that accept any `arguments` value. Registered with the SDK's own schemas, a
 * non-object `arguments` fails parsing before any handler runs and the client gets an internal
 * error (-32603). With these, a bad `tools/call` reaches the SDK server's own request check,
 * which answers invalid params (-32602) naming the field, and a bad `prompts/get` reaches the
 * DTO validator, which does the same.
 */

export const CallToolAnyArgumentsSchema = CallToolRequestSchema.extend({
  params: CallToolRequestParamsSchema.extend({ arguments: z.unknown().optional() }),
});

export const GetPromptAnyArgumentsSchema = GetPromptRequestSchema.extend({
  params: GetPromptRequestSchema.shape.params.extend({ arguments: z.unknown().optional() }),
});

/*
 * Names from the OpenTelemetry semantic conventions for MCP (gen-ai/mcp, status: development),
 * kept here rather than imported: `@opentelemetry/semantic-conventions` ships them only in its
 * unstable entry point, and they are few.
 */

export const ATTR_MCP_METHOD_NAME = 'mcp.method.name';
export const ATTR_MCP_SESSION_ID = 'mcp.session.id';
/** The protocol revision the request speaks (`2026-07-28`, `2025-11-25`...). */
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
export const ATTR_MCP_RESOURCE_URI = 'mcp.resource.uri';
export const ATTR_JSONRPC_REQUEST_ID = 'jsonrpc.request.id';
export const ATTR_RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_ERROR_TYPE = 'error.type';

/** `gen_ai.operation.name` of a tool call. */
export const OPERATION_EXECUTE_TOOL = 'execute_tool';
/** `error.type` of a tool call answered with `isError: true`. */
export const ERROR_TYPE_TOOL_ERROR = 'tool_error';

/** The server-side duration histogram, in seconds. */
export const METRIC_SERVER_OPERATION_DURATION = 'mcp.server.operation.duration';
/** Its bucket boundaries, as the conventions advise. */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** `mcp.method.name` by handler kind. */
export const MCP_METHOD = { tool: 'tools/call', resource: 'resources/read', prompt: 'prompts/get' } as const;

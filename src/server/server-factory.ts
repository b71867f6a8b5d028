import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CompleteRequestSchema,
  ErrorCode,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  type CallToolResult,
  type CompleteResult,
  type GetPromptResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { AppServices } from '../app/app-services';
import { visibilityFor } from '../auth/visibility';
import { CallContext, type ConnectionState } from '../context/tool-context';
import type { CompleteFn } from '../metadata/metadata.types';
import { toProtocolError, toToolErrorResult } from '../pipeline/error-mapper';
import type { Registry } from '../registry/registry';
import { CallToolAnyArgumentsSchema, GetPromptAnyArgumentsSchema } from './request-schemas';

/** Identity of the server, sent in the `initialize` result. */
export interface ServerIdentity {
  readonly name: string;
  readonly version: string;
  readonly title?: string;
  readonly instructions?: string;
}

/** Resource not found, as the MCP specification numbers it. */
const RESOURCE_NOT_FOUND = -32002;
const MAX_COMPLETIONS = 100;

/**
 * The one place that touches the SDK server: builds an `McpServer` for one connection and
 * installs the framework's request handlers on its `.server` seam. Definitions are shared by all
 * connections; per-connection state (log level) lives here.
 */
export function createSdkServer(identity: ServerIdentity, registry: Registry, services: AppServices): McpServer {
  const hasResources = registry.definitions.some((d) => d.kind === 'resource');
  const mcp = new McpServer(
    { name: identity.name, version: identity.version, ...(identity.title ? { title: identity.title } : {}) },
    {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        ...(hasResources ? { resources: { listChanged: true } } : {}),
        logging: {},
        completions: {},
      },
      ...(identity.instructions ? { instructions: identity.instructions } : {}),
    },
  );
  const server = mcp.server;
  const connection: ConnectionState = { logLevel: undefined };
  const { logger } = services;
  // Callers only see what they may use (`@RequireScopes`, `@Public`, auth configured).
  const visible = visibilityFor(registry.definitions, services);

  server.setRequestHandler(SetLevelRequestSchema, (request) => {
    connection.logLevel = request.params.level;
    return {};
  });

  server.setRequestHandler(ListToolsRequestSchema, (_request, extra) => ({
    tools: visible ? registry.listTools().filter((tool) => visible(registry.tool(tool.name), extra.authInfo)) : registry.listTools(),
  }));
  server.setRequestHandler(CallToolAnyArgumentsSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const definition = registry.tool(name);
    if (!definition) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    const context = new CallContext(extra, connection, identity.name);
    try {
      return (await definition.run({ definition, context, input: request.params.arguments })) as CallToolResult;
    } catch (error) {
      return toToolErrorResult(error, { kind: 'tool', name, requestId: extra.requestId, sessionId: extra.sessionId }, logger);
    }
  });

  server.setRequestHandler(ListPromptsRequestSchema, (_request, extra) => ({
    prompts: visible ? registry.listPrompts().filter((prompt) => visible(registry.prompt(prompt.name), extra.authInfo)) : registry.listPrompts(),
  }));
  server.setRequestHandler(GetPromptAnyArgumentsSchema, async (request, extra): Promise<GetPromptResult> => {
    const { name } = request.params;
    const definition = registry.prompt(name);
    if (!definition) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${name}`);
    const context = new CallContext(extra, connection, identity.name);
    try {
      return (await definition.run({ definition, context, input: request.params.arguments ?? {} })) as GetPromptResult;
    } catch (error) {
      throw toProtocolError(error, { kind: 'prompt', name, requestId: extra.requestId, sessionId: extra.sessionId }, logger);
    }
  });

  if (hasResources) {
    server.setRequestHandler(ListResourcesRequestSchema, (_request, extra) => ({
      resources: visible
        ? registry.listResources().filter((resource) => visible(registry.resource(resource.uri)?.definition, extra.authInfo))
        : registry.listResources(),
    }));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, (_request, extra) => ({
      resourceTemplates: visible
        ? registry.listResourceTemplates().filter((template) => visible(registry.resourceTemplate(template.uriTemplate), extra.authInfo))
        : registry.listResourceTemplates(),
    }));
    server.setRequestHandler(ReadResourceRequestSchema, async (request, extra): Promise<ReadResourceResult> => {
      const { uri } = request.params;
      const match = registry.resource(uri);
      if (!match) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}`, { uri });
      const { definition, variables } = match;
      const context = new CallContext(extra, connection, identity.name);
      try {
        return (await definition.run({ definition, context, input: variables, uri })) as ReadResourceResult;
      } catch (error) {
        throw toProtocolError(error, { kind: 'resource', name: uri, requestId: extra.requestId, sessionId: extra.sessionId }, logger);
      }
    });
  }

  server.setRequestHandler(CompleteRequestSchema, async (request, extra): Promise<CompleteResult> => {
    const { ref, argument } = request.params;
    const target = ref.type === 'ref/prompt' ? registry.prompt(ref.name) : registry.resourceTemplate(ref.uri);
    const complete: CompleteFn | undefined =
      visible && !visible(target, extra.authInfo) ? undefined : target?.complete[argument.name];
    if (!complete) return { completion: { values: [], hasMore: false } };
    const values = await complete(argument.value, { arguments: request.params.context?.arguments ?? {} });
    return { completion: { values: values.slice(0, MAX_COMPLETIONS), total: values.length, hasMore: values.length > MAX_COMPLETIONS } };
  });

  const unsubscribe = registry.onListChanged((kind) => {
    if (!server.transport) return;
    const send =
      kind === 'tool' ? server.sendToolListChanged() : kind === 'prompt' ? server.sendPromptListChanged() : server.sendResourceListChanged();
    send.catch((error: unknown) => logger.warn('list_changed_failed', { kind, error: String(error) }));
  });
  const previousOnClose = server.onclose;
  server.onclose = () => {
    unsubscribe();
    previousOnClose?.();
  };
  return mcp;
}

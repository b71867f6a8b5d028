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
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
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
import type { PromptDefinition, ResourceDefinition } from '../registry/definitions';
import type { Registry } from '../registry/registry';
import { CallToolAnyArgumentsSchema, GetPromptAnyArgumentsSchema } from './request-schemas';
import { MAX_SUBSCRIPTIONS_PER_SESSION, type ResourceSubscriptions } from './resource-subscriptions';

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
 * connections; per-connection state (log level, client capabilities) lives here, resource
 * subscriptions in the app-wide `subscriptions`.
 */
export function createSdkServer(
  identity: ServerIdentity,
  registry: Registry,
  services: AppServices,
  subscriptions: ResourceSubscriptions,
): McpServer {
  const hasResources = registry.definitions.some((d) => d.kind === 'resource');
  const mcp = new McpServer(
    { name: identity.name, version: identity.version, ...(identity.title ? { title: identity.title } : {}) },
    {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        ...(hasResources ? { resources: { subscribe: true, listChanged: true } } : {}),
        logging: {},
        completions: {},
      },
      ...(identity.instructions ? { instructions: identity.instructions } : {}),
    },
  );
  const server = mcp.server;
  const connection: ConnectionState = {
    logLevel: undefined,
    clientCapabilities: () => server.getClientCapabilities(),
    notify: (notification) => server.notification(notification),
  };
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
      // The one failure the specification wants as a JSON-RPC error: the client opens the
      // URLs it carries, then retries the call.
      if (error instanceof McpError && error.code === ErrorCode.UrlElicitationRequired) throw error;
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
    server.setRequestHandler(SubscribeRequestSchema, (request) => {
      const { uri } = request.params;
      if (!registry.resource(uri)) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}`, { uri });
      if (!subscriptions.subscribe(server, uri)) {
        throw new McpError(ErrorCode.InvalidParams, `Too many subscriptions: a session may hold ${MAX_SUBSCRIPTIONS_PER_SESSION}; unsubscribe first`);
      }
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
      subscriptions.unsubscribe(server, request.params.uri);
      return {};
    });
  }

  server.setRequestHandler(CompleteRequestSchema, async (request, extra): Promise<CompleteResult> => {
    const { ref, argument } = request.params;
    let target: PromptDefinition | ResourceDefinition | undefined;
    if (ref.type === 'ref/prompt') {
      target = registry.prompt(ref.name);
      if (!target) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
    } else {
      target = registry.resourceTemplate(ref.uri);
      // A static resource has no variables to complete: no suggestions, not an error.
      if (!target && !registry.resource(ref.uri)) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${ref.uri}`, { uri: ref.uri });
    }
    // What the caller may not see, it gets no suggestions for.
    const hidden = visible && target && !visible(target, extra.authInfo);
    const complete: CompleteFn | undefined = hidden ? undefined : target?.complete[argument.name];
    if (!complete) return { completion: { values: [], hasMore: false } };
    const site = { kind: 'completion', name: `${ref.type === 'ref/prompt' ? ref.name : ref.uri} ${argument.name}`, requestId: extra.requestId, sessionId: extra.sessionId };
    let values: string[];
    try {
      values = await complete(argument.value, { arguments: request.params.context?.arguments ?? {} });
    } catch (error) {
      throw toProtocolError(error, site, logger);
    }
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
    subscriptions.drop(server);
    previousOnClose?.();
  };
  return mcp;
}

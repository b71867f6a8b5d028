import type { Prompt, Resource, ResourceTemplateType as ResourceTemplate, Tool } from '@modelcontextprotocol/server';
import { McpDefinitionError } from '../errors/tool-error';
import type { HandlerKind } from '../metadata/metadata.types';
import type { HandlerDefinition, PromptDefinition, ResourceDefinition, ToolDefinition } from './definitions';

/** A resource definition matched by a concrete URI, with its template variables. */
export interface ResourceMatch {
  readonly definition: ResourceDefinition;
  readonly variables: Record<string, string | string[]>;
}

type ListChangeListener = (kind: HandlerKind) => void;

/**
 * The app's definitions by protocol name, plus which of them are enabled. Lists are computed
 * once and recomputed only when a definition is enabled or disabled.
 */
export class Registry {
  private readonly tools = new Map<string, ToolDefinition>();
  private readonly prompts = new Map<string, PromptDefinition>();
  private readonly staticResources = new Map<string, ResourceDefinition>();
  private readonly templates: ResourceDefinition[] = [];
  private readonly disabled = new Set<HandlerDefinition>();
  private readonly listeners = new Set<ListChangeListener>();
  private lists?: { tools: Tool[]; prompts: Prompt[]; resources: Resource[]; templates: ResourceTemplate[] };

  constructor(readonly definitions: readonly HandlerDefinition[]) {
    const seen = new Map<string, string>();
    for (const definition of definitions) {
      const key = definition.kind === 'resource' ? `resource ${definition.uri}` : `${definition.kind} ${definition.name}`;
      const previous = seen.get(key);
      if (previous) throw new McpDefinitionError(`duplicate ${key}: declared by ${previous} and ${definition.where}`);
      seen.set(key, definition.where);
      if (definition.kind === 'tool') this.tools.set(definition.name, definition);
      else if (definition.kind === 'prompt') this.prompts.set(definition.name, definition);
      else if (definition.template) this.templates.push(definition);
      else this.staticResources.set(definition.uri, definition);
    }
  }

  /** An enabled tool by name. */
  tool(name: string): ToolDefinition | undefined {
    return this.enabled(this.tools.get(name));
  }

  /** An enabled prompt by name. */
  prompt(name: string): PromptDefinition | undefined {
    return this.enabled(this.prompts.get(name));
  }

  /** The enabled resource serving `uri`: an exact URI first, then templates in declaration order. */
  resource(uri: string): ResourceMatch | undefined {
    const exact = this.enabled(this.staticResources.get(uri));
    if (exact) return { definition: exact, variables: {} };
    for (const definition of this.templates) {
      if (this.disabled.has(definition)) continue;
      const variables = definition.template!.match(uri);
      if (variables) return { definition, variables };
    }
    return undefined;
  }

  /** A resource template (enabled) by its template string, for completion. */
  resourceTemplate(uriTemplate: string): ResourceDefinition | undefined {
    return this.enabled(this.templates.find((definition) => definition.uri === uriTemplate));
  }

  listTools(): Tool[] {
    return this.computeLists().tools;
  }

  listPrompts(): Prompt[] {
    return this.computeLists().prompts;
  }

  listResources(): Resource[] {
    return this.computeLists().resources;
  }

  listResourceTemplates(): ResourceTemplate[] {
    return this.computeLists().templates;
  }

  /** Enables or disables a definition; list-change listeners hear about actual changes only. */
  setEnabled(kind: HandlerKind, name: string, enabled: boolean): void {
    const definition = this.byName(kind, name);
    if (enabled === !this.disabled.has(definition)) return;
    if (enabled) this.disabled.delete(definition);
    else this.disabled.add(definition);
    this.lists = undefined;
    for (const listener of this.listeners) listener(kind);
  }

  isEnabled(definition: HandlerDefinition): boolean {
    return !this.disabled.has(definition);
  }

  isEnabledByName(kind: HandlerKind, name: string): boolean {
    return !this.disabled.has(this.byName(kind, name));
  }

  /** A definition by protocol name (resources also by URI or URI template); throws when unknown. */
  private byName(kind: HandlerKind, name: string): HandlerDefinition {
    const definition = this.definitions.find((d) => d.kind === kind && (d.name === name || (d.kind === 'resource' && d.uri === name)));
    if (!definition) throw new McpDefinitionError(`no ${kind} named ${name}`);
    return definition;
  }

  /** Subscribes to enable/disable changes; returns the unsubscribe function. */
  onListChanged(listener: ListChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private enabled<T extends HandlerDefinition>(definition: T | undefined): T | undefined {
    return definition && !this.disabled.has(definition) ? definition : undefined;
  }

  private computeLists(): NonNullable<Registry['lists']> {
    if (this.lists) return this.lists;
    const active = this.definitions.filter((d) => !this.disabled.has(d));
    this.lists = {
      tools: active.flatMap((d) => (d.kind === 'tool' ? [d.descriptor] : [])),
      prompts: active.flatMap((d) => (d.kind === 'prompt' ? [d.descriptor] : [])),
      resources: active.flatMap((d) => (d.kind === 'resource' && !d.template ? [d.descriptor as Resource] : [])),
      templates: active.flatMap((d) => (d.kind === 'resource' && d.template ? [d.descriptor as ResourceTemplate] : [])),
    };
    return this.lists;
  }
}

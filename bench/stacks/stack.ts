import type { Transport } from '@modelcontextprotocol/server';
import path from 'node:path';

/*
 * A "stack" is one way of building the same MCP server (the raw SDK, mcp-decorators, or a
 * variant a bench file defines). Each stack lives in its own module so that a fresh process
 * loads only what that stack needs: what its cold start and memory then show is its own.
 */

/** What a bench asks a stack to serve. Every stack serves the same tools for the same params. */
export interface StackParams {
  /** Registered tools in all (`add` plus fillers `tool_1`...); default 1. */
  readonly tools?: number;
  /** Also serve `echo({ text })` → `text.length` (argument-size runs). */
  readonly echo?: boolean;
  /** mcp-decorators only: options of `app.listen({ transport: 'http' })` over its defaults. */
  readonly http?: Record<string, unknown>;
  /** Anything a bench-specific stack needs. */
  readonly [key: string]: unknown;
}

/**
 * A server that can serve any number of connections, like `McpApp.connect`. Every entry serves
 * both protocol eras: 2026-07-28 clients (`server/discover`, stateless) and 2025 clients
 * (`initialize`); the client's opening exchange decides.
 */
export interface StackServer {
  /** Serves one connection over `transport` (in-memory pairs), its era decided by its opening. */
  connect(transport: Transport): Promise<void>;
  /** Serves this process's stdin/stdout, the way a user's stdio server does. */
  listenStdio(): Promise<void>;
  /**
   * Serves streamable HTTP on 127.0.0.1, stateless in both eras (every request by itself);
   * resolves to the port. Absent: the stack serves no HTTP.
   */
  listenHttp?(port: number): Promise<number>;
  close(): Promise<void>;
}

/** The export every stack module provides. */
export type CreateStack = (params: StackParams) => Promise<StackServer>;

/** Which module builds the server and with which params; JSON, so it crosses process boundaries. */
export interface StackRef {
  /** Absolute path of a compiled module exporting `createStack`. */
  readonly module: string;
  readonly params: StackParams;
}

/** A stack of `bench/stacks/<name>.stack.ts`. */
export function stackRef(name: string, params: StackParams = {}): StackRef {
  return { module: path.join(__dirname, `${name}.stack.js`), params };
}

export async function loadStack(ref: StackRef): Promise<StackServer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createStack } = require(ref.module) as { createStack?: CreateStack };
  if (typeof createStack !== 'function') throw new Error(`${ref.module} does not export createStack`);
  return createStack(ref.params);
}

/** Filler tool names, identical across stacks. */
export function fillerToolNames(params: StackParams): string[] {
  return Array.from({ length: Math.max(0, (params.tools ?? 1) - 1) }, (_, i) => `tool_${i + 1}`);
}

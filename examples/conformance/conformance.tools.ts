import { IsString } from 'class-validator';
import { audio, Description, embeddedResource, image, McpApp, text, TOKENS, Tool, ToolContext, ToolError, type ContentBlock } from 'mcp-decorators';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'tsyringe';
import { RED_PIXEL_PNG, silentWav } from './media';
import { WatchedResource } from './watched.resource';

class SamplingInput {
  @IsString() @Description('The prompt to send to the LLM') prompt!: string;
}

class ElicitationInput {
  @IsString() @Description('The message to show the user') message!: string;
}

/** Tool with JSON Schema 2020-12 features, advertised exactly as written (SEP-1613). */
const JSON_SCHEMA_2020_12 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
  },
  additionalProperties: false,
} as const;

interface Person {
  name?: string;
  address?: { street?: string; city?: string };
}

/** The tools the official conformance suite calls, one method each. */
@injectable()
export class ConformanceTools {
  constructor(
    private readonly watched: WatchedResource,
    @inject(TOKENS.App) private readonly app: McpApp,
  ) {}

  @Tool({ name: 'test_simple_text', description: 'Returns simple text content' })
  simpleText(): string {
    return 'This is a simple text response for testing.';
  }

  @Tool({ name: 'test_image_content', description: 'Returns image content (a 1x1 PNG)' })
  imageContent(): ContentBlock {
    return image(RED_PIXEL_PNG, 'image/png');
  }

  @Tool({ name: 'test_audio_content', description: 'Returns audio content (a short WAV)' })
  audioContent(): ContentBlock {
    return audio(silentWav(), 'audio/wav');
  }

  @Tool({ name: 'test_embedded_resource', description: 'Returns an embedded text resource' })
  embeddedResource(): ContentBlock {
    return embeddedResource('test://embedded-resource', 'This is an embedded resource content.', 'text/plain');
  }

  @Tool({ name: 'test_multiple_content_types', description: 'Returns text, image and resource content together' })
  multipleContentTypes(): ContentBlock[] {
    return [
      text('Multiple content types test:'),
      image(RED_PIXEL_PNG, 'image/png'),
      embeddedResource('test://mixed-content-resource', JSON.stringify({ test: 'data', value: 123 }), 'application/json'),
    ];
  }

  @Tool({ name: 'test_tool_with_logging', description: 'Sends three log notifications while it runs' })
  async toolWithLogging(ctx: ToolContext): Promise<string> {
    await ctx.log.info('Tool execution started');
    await sleep(50);
    await ctx.log.info('Tool processing data');
    await sleep(50);
    await ctx.log.info('Tool execution completed');
    return 'Tool with logging executed successfully';
  }

  @Tool({ name: 'test_error_handling', description: 'Always fails, to test error reporting' })
  errorHandling(): never {
    throw new ToolError('This tool intentionally returns an error for testing');
  }

  @Tool({ name: 'test_tool_with_progress', description: 'Reports progress 0, 50 and 100 of 100' })
  async toolWithProgress(ctx: ToolContext): Promise<string> {
    await ctx.reportProgress(0, 100);
    await sleep(50);
    await ctx.reportProgress(50, 100);
    await sleep(50);
    await ctx.reportProgress(100, 100);
    return 'Tool with progress executed successfully';
  }

  @Tool({ name: 'test_sampling', description: 'Asks the client’s LLM to answer a prompt (sampling)' })
  async sampling({ prompt }: SamplingInput, ctx: ToolContext): Promise<string> {
    const reply = await ctx.sample(prompt, { maxTokens: 100 });
    return `LLM response: ${reply.content.type === 'text' ? reply.content.text : `[${reply.content.type}]`}`;
  }

  @Tool({ name: 'test_elicitation', description: 'Asks the user for a username and an email (elicitation)' })
  async elicitation({ message }: ElicitationInput, ctx: ToolContext): Promise<string> {
    const answer = await ctx.elicit(message, {
      type: 'object',
      properties: {
        username: { type: 'string', description: "User's response" },
        email: { type: 'string', description: "User's email address" },
      },
      required: ['username', 'email'],
    });
    return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }

  @Tool({ name: 'test_elicitation_sep1034_defaults', description: 'Elicitation with a default for every primitive type (SEP-1034)' })
  async elicitationDefaults(ctx: ToolContext): Promise<string> {
    const answer = await ctx.elicit('Please review and update the form fields with defaults', {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'User name', default: 'John Doe' },
        age: { type: 'integer', description: 'User age', default: 30 },
        score: { type: 'number', description: 'User score', default: 95.5 },
        status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', description: 'Verification status', default: true },
      },
    });
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }

  @Tool({ name: 'test_elicitation_sep1330_enums', description: 'Elicitation with every enum variant (SEP-1330)' })
  async elicitationEnums(ctx: ToolContext): Promise<string> {
    const answer = await ctx.elicit('Please select options from the enum fields', {
      type: 'object',
      properties: {
        untitledSingle: { type: 'string', description: 'Untitled single-select', enum: ['option1', 'option2', 'option3'] },
        titledSingle: {
          type: 'string',
          description: 'Titled single-select',
          oneOf: [
            { const: 'value1', title: 'First Option' },
            { const: 'value2', title: 'Second Option' },
            { const: 'value3', title: 'Third Option' },
          ],
        },
        legacyEnum: {
          type: 'string',
          description: 'Legacy titled enum (enumNames)',
          enum: ['opt1', 'opt2', 'opt3'],
          enumNames: ['Option One', 'Option Two', 'Option Three'],
        },
        untitledMulti: {
          type: 'array',
          description: 'Untitled multi-select',
          items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        },
        titledMulti: {
          type: 'array',
          description: 'Titled multi-select',
          items: {
            anyOf: [
              { const: 'value1', title: 'First Choice' },
              { const: 'value2', title: 'Second Choice' },
              { const: 'value3', title: 'Third Choice' },
            ],
          },
        },
      },
    });
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }

  @Tool({ name: 'json_schema_2020_12_tool', description: 'Tool with JSON Schema 2020-12 features', inputSchema: JSON_SCHEMA_2020_12 })
  jsonSchema202012({ name, address }: Person): string {
    return `Received name=${name ?? '(none)'}, city=${address?.city ?? '(none)'}`;
  }

  @Tool({ name: 'test_reconnection', description: 'Closes its SSE stream mid-call; the client reconnects to get the result (SEP-1699)' })
  async reconnection(ctx: ToolContext): Promise<string> {
    const closed = ctx.closeSSEStream();
    // Long enough for the client to notice the closed stream and reconnect with Last-Event-ID.
    if (closed) await sleep(100);
    return `Reconnection test completed (stream ${closed ? 'closed and resumed' : 'kept open'})`;
  }

  @Tool({ name: 'test_update_watched_resource', description: 'Changes test://watched-resource and notifies its subscribers' })
  async updateWatchedResource(): Promise<string> {
    const version = this.watched.touch();
    const notified = await this.app.notifyResourceUpdated(WatchedResource.URI);
    return `test://watched-resource is now at version ${version}; ${notified} subscriber(s) notified`;
  }
}

import { LOG_LEVEL_META_KEY, type ElicitRequestFormParams } from '@modelcontextprotocol/client';
import { createTestClient, type McpApp, type TestClient } from 'mcp-decorators';
import { createConformanceApp } from '../../../examples/conformance/conformance.app';

/*
 * The fixtures of the official conformance suite, checked in memory with the suite's own
 * expectations (the HTTP run is `npm run conformance`). The client declares sampling and
 * elicitation, as the suite's does.
 */
describe.each([['2026-07-28'], ['2025-11-25']])('examples/conformance: the fixtures of the official suite (%s)', (protocolVersion) => {
  const modern = protocolVersion === '2026-07-28';
  let app: McpApp;
  let client: TestClient;
  const sampled: unknown[] = [];
  const elicited: ElicitRequestFormParams[] = [];
  let elicitAnswer: Record<string, unknown> = {};

  beforeAll(async () => {
    app = await createConformanceApp({ logger: { level: 'error' } });
    client = await createTestClient(app, {
      protocolVersion,
      onSampling: (params) => {
        sampled.push(params);
        return { role: 'assistant', content: { type: 'text', text: 'This is a test response from the client' }, model: 'test-model', stopReason: 'endTurn' };
      },
      onElicitation: (params) => {
        elicited.push(params as ElicitRequestFormParams);
        return { action: 'accept', content: elicitAnswer as Record<string, string> };
      },
    });
  });

  afterAll(async () => {
    await client.close();
    await app.close();
  });

  it(modern ? 'server-discover: identity and capabilities' : 'server-initialize, ping, logging-set-level', async () => {
    expect(client.era).toBe(modern ? 'modern' : 'legacy');
    expect(client.sdk.getServerVersion()).toMatchObject({ name: 'mcp-decorators-conformance' });
    expect(client.sdk.getServerCapabilities()).toMatchObject({
      tools: { listChanged: true },
      prompts: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      logging: {},
      completions: {},
    });
    if (modern) {
      // 2026-07-28 defines neither: liveness is the transport's, the log level is per request.
      await expect(client.sdk.ping()).rejects.toMatchObject({ code: 'METHOD_NOT_SUPPORTED_BY_PROTOCOL_VERSION' });
      await expect(client.sdk.setLoggingLevel('info')).rejects.toMatchObject({ code: 'METHOD_NOT_SUPPORTED_BY_PROTOCOL_VERSION' });
    } else {
      expect(await client.sdk.ping()).toEqual({});
      expect(await client.sdk.setLoggingLevel('info')).toEqual({});
    }
  });

  it('tools-list: every tool has a name, a description and an input schema', async () => {
    const tools = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        'json_schema_2020_12_tool',
        'test_audio_content',
        'test_elicitation',
        'test_elicitation_sep1034_defaults',
        'test_elicitation_sep1330_enums',
        'test_embedded_resource',
        'test_error_handling',
        'test_image_content',
        'test_multiple_content_types',
        'test_reconnection',
        'test_sampling',
        'test_simple_text',
        'test_tool_with_logging',
        'test_tool_with_progress',
        'test_update_watched_resource',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description).toEqual(expect.any(String));
      expect(tool.inputSchema).toMatchObject({ type: 'object' });
    }
  });

  it('json-schema-2020-12: $schema, $defs and additionalProperties are kept', async () => {
    const tool = (await client.listTools()).find((t) => t.name === 'json_schema_2020_12_tool')!;
    expect(tool.inputSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $defs: { address: expect.any(Object) },
      additionalProperties: false,
    });
    expect(await client.callTool('json_schema_2020_12_tool', { name: 'Ada', address: { city: 'Paris' } })).toBe('Received name=Ada, city=Paris');
    await expect(client.callTool('json_schema_2020_12_tool', { nickname: 'x' })).rejects.toThrow(/property nickname should not exist/);
  });

  it('tools-call-simple-text, -image, -audio, -embedded-resource, -mixed-content', async () => {
    expect((await client.callToolRaw('test_simple_text')).content).toEqual([{ type: 'text', text: 'This is a simple text response for testing.' }]);

    const [img] = (await client.callToolRaw('test_image_content')).content;
    expect(img).toMatchObject({ type: 'image', mimeType: 'image/png', data: expect.any(String) });
    expect(
      Buffer.from((img as { data: string }).data, 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    const [wav] = (await client.callToolRaw('test_audio_content')).content;
    expect(wav).toMatchObject({ type: 'audio', mimeType: 'audio/wav' });
    expect(
      Buffer.from((wav as { data: string }).data, 'base64')
        .subarray(0, 4)
        .toString(),
    ).toBe('RIFF');

    expect((await client.callToolRaw('test_embedded_resource')).content).toEqual([
      { type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } },
    ]);
    expect((await client.callToolRaw('test_multiple_content_types')).content.map((c) => c.type)).toEqual(['text', 'image', 'resource']);
  });

  it('tools-call-with-logging: three info notifications while the tool runs', async () => {
    client.clearNotifications();
    if (modern) {
      await client.sdk.callTool({ name: 'test_tool_with_logging', arguments: {}, _meta: { [LOG_LEVEL_META_KEY]: 'debug' } });
    } else {
      await client.sdk.setLoggingLevel('debug');
      await client.callTool('test_tool_with_logging');
    }
    expect(client.notificationsOf('notifications/message').map((n) => n.params.data)).toEqual([
      'Tool execution started',
      'Tool processing data',
      'Tool execution completed',
    ]);
  });

  it('tools-call-error: an isError result with the message', async () => {
    const result = await client.callToolRaw('test_error_handling');
    expect(result.isError).toBe(true);
    expect(result.content[0]).toEqual({ type: 'text', text: 'This tool intentionally returns an error for testing' });
  });

  it('tools-call-with-progress: 0, 50, 100 of 100', async () => {
    const progress: number[] = [];
    await client.sdk.callTool({ name: 'test_tool_with_progress', arguments: {} }, { onprogress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([0, 50, 100]);
  });

  it('tools-call-sampling: the prompt goes to the client, its answer comes back', async () => {
    expect(await client.callTool('test_sampling', { prompt: 'Test prompt for sampling' })).toBe('LLM response: This is a test response from the client');
    expect(sampled.at(-1)).toEqual({ messages: [{ role: 'user', content: { type: 'text', text: 'Test prompt for sampling' } }], maxTokens: 100 });
  });

  it('tools-call-elicitation: username and email, both required', async () => {
    elicitAnswer = { username: 'testuser', email: 'test@example.com' };
    expect(await client.callTool('test_elicitation', { message: 'Please provide your information' })).toBe(
      'User response: action=accept, content={"username":"testuser","email":"test@example.com"}',
    );
    expect(elicited.at(-1)).toMatchObject({ message: 'Please provide your information', requestedSchema: { required: ['username', 'email'] } });
  });

  it('elicitation-sep1034-defaults: a default for every primitive type', async () => {
    elicitAnswer = { name: 'Jane Smith', age: 25, score: 88, status: 'inactive', verified: false };
    expect(await client.callTool('test_elicitation_sep1034_defaults')).toMatch(/^Elicitation completed: action=accept, content=\{"name":"Jane Smith"/);
    expect(elicited.at(-1)!.requestedSchema.properties).toMatchObject({
      name: { type: 'string', default: 'John Doe' },
      age: { type: 'integer', default: 30 },
      score: { type: 'number', default: 95.5 },
      status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
      verified: { type: 'boolean', default: true },
    });
  });

  it('elicitation-sep1330-enums: the five enum variants', async () => {
    elicitAnswer = {
      untitledSingle: 'option1',
      titledSingle: 'value1',
      legacyEnum: 'opt1',
      untitledMulti: ['option1', 'option2'],
      titledMulti: ['value1', 'value2'],
    };
    expect(await client.callTool('test_elicitation_sep1330_enums')).toMatch(/^Elicitation completed: action=accept/);
    const properties = elicited.at(-1)!.requestedSchema.properties as Record<string, Record<string, unknown>>;
    expect(properties['untitledSingle']).toEqual(expect.objectContaining({ type: 'string', enum: ['option1', 'option2', 'option3'] }));
    expect(properties['untitledSingle']).not.toHaveProperty('oneOf');
    expect(properties['titledSingle']).toEqual(
      expect.objectContaining({ type: 'string', oneOf: expect.arrayContaining([{ const: 'value1', title: 'First Option' }]) }),
    );
    expect(properties['titledSingle']).not.toHaveProperty('enum');
    expect(properties['legacyEnum']).toEqual(
      expect.objectContaining({ enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] }),
    );
    expect(properties['untitledMulti']).toEqual(expect.objectContaining({ type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } }));
    expect(properties['titledMulti']).toEqual(
      expect.objectContaining({ type: 'array', items: { anyOf: expect.arrayContaining([{ const: 'value1', title: 'First Choice' }]) } }),
    );
  });

  it('test_reconnection answers even where the stream cannot be closed', async () => {
    expect(await client.callTool('test_reconnection')).toBe('Reconnection test completed (stream kept open)');
  });

  it('resources-list, -read-text, -read-binary, -templates-read', async () => {
    const resources = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['test://static-text', 'test://static-binary', 'test://watched-resource']);
    for (const resource of resources) expect(resource).toEqual(expect.objectContaining({ name: expect.any(String), description: expect.any(String) }));
    expect((await client.sdk.readResource({ uri: 'test://static-text' })).contents).toEqual([
      { uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' },
    ]);
    expect((await client.sdk.readResource({ uri: 'test://static-binary' })).contents[0]).toMatchObject({
      uri: 'test://static-binary',
      mimeType: 'image/png',
      blob: expect.any(String),
    });
    expect(await client.listResourceTemplates()).toEqual([expect.objectContaining({ uriTemplate: 'test://template/{id}/data' })]);
    expect((await client.sdk.readResource({ uri: 'test://template/123/data' })).contents).toEqual([
      { uri: 'test://template/123/data', mimeType: 'application/json', text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}' },
    ]);
  });

  it('resources-subscribe and -unsubscribe, with updates in between', async () => {
    client.clearNotifications();
    if (modern) {
      // 2026-07-28: a subscriptions/listen stream naming the resource (not counted among 2025 subscribers).
      await client.subscribeResource('test://watched-resource');
      expect(await client.callTool('test_update_watched_resource')).toMatch(/version \d+; 0 subscriber\(s\) notified/);
    } else {
      expect(await client.sdk.subscribeResource({ uri: 'test://watched-resource' })).toEqual({});
      expect(await client.callTool('test_update_watched_resource')).toMatch(/version 2; 1 subscriber\(s\) notified/);
    }
    await client.waitForNotification('notifications/resources/updated', { where: (n) => n.params.uri === 'test://watched-resource' });
    expect(await client.readResource('test://watched-resource')).toMatch(/^Watched resource content, version \d+\.$/);
    if (modern) {
      await client.unsubscribeResource('test://watched-resource');
    } else {
      expect(await client.sdk.unsubscribeResource({ uri: 'test://watched-resource' })).toEqual({});
    }
    client.clearNotifications();
    expect(await client.callTool('test_update_watched_resource')).toMatch(/0 subscriber\(s\) notified/);
    // A list change travels behind the update on the same channel: once it arrived, an update would have too.
    app.disableTool('test_simple_text');
    await client.waitForNotification('notifications/tools/list_changed');
    app.enableTool('test_simple_text');
    expect(client.notificationsOf('notifications/resources/updated')).toEqual([]);
  });

  it('prompts-list, -get-simple, -get-with-args, -get-embedded-resource, -get-with-image', async () => {
    const prompts = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual([
      'test_simple_prompt',
      'test_prompt_with_arguments',
      'test_prompt_with_embedded_resource',
      'test_prompt_with_image',
    ]);
    for (const prompt of prompts) expect(prompt.description).toEqual(expect.any(String));
    expect(prompts[1]!.arguments).toEqual([
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ]);

    expect((await client.getPrompt('test_simple_prompt')).messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } },
    ]);
    expect((await client.getPrompt('test_prompt_with_arguments', { arg1: 'testValue1', arg2: 'testValue2' })).messages).toEqual([
      { role: 'user', content: { type: 'text', text: "Prompt with arguments: arg1='testValue1', arg2='testValue2'" } },
    ]);
    const embedded = await client.getPrompt('test_prompt_with_embedded_resource', { resourceUri: 'test://example-resource' });
    expect(embedded.messages[0]!.content).toEqual({
      type: 'resource',
      resource: { uri: 'test://example-resource', mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
    });
    const withImage = await client.getPrompt('test_prompt_with_image');
    expect(withImage.messages[0]!.content).toMatchObject({ type: 'image', mimeType: 'image/png', data: expect.any(String) });
  });

  it('completion-complete: prompt arguments and template variables', async () => {
    const prompt = await client.sdk.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'test' } });
    expect(prompt.completion).toEqual({ values: ['test', 'testing'], total: 2, hasMore: false });
    const template = await client.sdk.complete({ ref: { type: 'ref/resource', uri: 'test://template/{id}/data' }, argument: { name: 'id', value: '4' } });
    expect(template.completion.values).toEqual(['456']);
  });
});

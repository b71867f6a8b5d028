import { McpDefinitionError, Prompt, Resource, Tool, type McpApp, type TestClient } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';

describe.each([['2026-07-28'], ['2025-11-25']])('enabling and disabling tools, prompts and resources at runtime (%s)', (protocolVersion) => {
  @injectable()
  class Ops {
    @Tool({ description: 'Always there' })
    status(): string {
      return 'ok';
    }

    @Tool({ description: 'Dangerous' })
    deploy(): string {
      return 'deployed';
    }

    @Prompt({ description: 'A prompt' })
    runbook(): string {
      return 'steps';
    }

    @Resource('ops://config')
    config(): string {
      return 'config';
    }

    @Resource('ops://hosts/{name}')
    host({ name }: { name: string }): string {
      return name;
    }
  }

  const apps = useApps();
  let app: McpApp;
  let client: TestClient;
  let other: TestClient;

  beforeEach(async () => {
    ({ app, client } = await apps.start({ name: 'ops', version: '1.0.0', providers: [Ops], logger: { level: 'error' } }, { protocolVersion }));
    other = await apps.client(app, { protocolVersion });
  });

  it('hides a disabled tool from tools/list and refuses calls to it; every client hears list_changed', async () => {
    app.disableTool('deploy');
    await client.waitForNotification('notifications/tools/list_changed');
    await other.waitForNotification('notifications/tools/list_changed');
    expect((await client.listTools()).map((t) => t.name)).toEqual(['status']);
    await expect(client.callTool('deploy')).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/Unknown tool: deploy/) });
    expect(app.isEnabled('tool', 'deploy')).toBe(false);

    client.clearNotifications();
    app.enableTool('deploy');
    await client.waitForNotification('notifications/tools/list_changed');
    expect((await client.listTools()).map((t) => t.name)).toEqual(['status', 'deploy']);
    expect(await client.callTool('deploy')).toBe('deployed');
  });

  it('sends list_changed only for actual changes', async () => {
    app.enableTool('deploy'); // already enabled
    app.disableTool('deploy');
    app.disableTool('deploy'); // already disabled
    await client.waitForNotification('notifications/tools/list_changed');
    // A later, unrelated notification proves nothing else was queued before it.
    app.disablePrompt('runbook');
    await client.waitForNotification('notifications/prompts/list_changed');
    // (A 2026-07-28 client also holds the acknowledgement of its listen stream.)
    const changes = client.notifications.map((n) => n.method).filter((method) => method !== 'notifications/subscriptions/acknowledged');
    expect(changes).toEqual(['notifications/tools/list_changed', 'notifications/prompts/list_changed']);
  });

  it('does the same for prompts', async () => {
    app.disablePrompt('runbook');
    await client.waitForNotification('notifications/prompts/list_changed');
    expect(await client.listPrompts()).toEqual([]);
    await expect(client.getPrompt('runbook')).rejects.toThrow(/Unknown prompt: runbook/);
    app.enablePrompt('runbook');
    expect((await client.getPrompt('runbook')).messages).toHaveLength(1);
  });

  it('does the same for resources and templates, by URI or by name (unknown resource: -32602)', async () => {
    app.disableResource('ops://config');
    await client.waitForNotification('notifications/resources/list_changed');
    expect(await client.listResources()).toEqual([]);
    await expect(client.readResource('ops://config')).rejects.toMatchObject({ code: -32602 });

    app.setEnabled('resource', 'host', false);
    expect(await client.listResourceTemplates()).toEqual([]);
    await expect(client.readResource('ops://hosts/a')).rejects.toMatchObject({ code: -32602 });

    app.enableResource('ops://hosts/{name}');
    expect(await client.readResource('ops://hosts/a')).toBe('a');
  });

  it('throws for an unknown name', () => {
    expect(() => app.disableTool('nope')).toThrow(McpDefinitionError);
    expect(() => app.disableTool('nope')).toThrow('no tool named nope');
  });
});

import { IsString } from 'class-validator';
import { Prompt, Resource, Tool, type TestClient } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';
import { captureLogger } from '../../support/capture-logger';

const ICON = { src: 'https://example.com/icon.png', mimeType: 'image/png', sizes: ['48x48'] };

class Topic {
  @IsString() topic!: string;
}

@injectable()
class Catalog {
  @Tool({ description: 'Search', icons: [ICON] })
  search(): string {
    return 'found';
  }

  @Resource('catalog://index', { icons: [{ src: 'https://example.com/index.svg', mimeType: 'image/svg+xml' }] })
  index() {
    return 'index';
  }

  @Prompt({ icons: [ICON] })
  brief({ topic }: Topic) {
    return `Brief me on ${topic}`;
  }
}

describe.each([['2026-07-28'], ['2025-11-25']])('server identity and icons (%s)', (protocolVersion) => {
  const apps = useApps('all');
  let client: TestClient;

  beforeAll(async () => {
    ({ client } = await apps.start(
      {
        name: 'catalog',
        version: '2.1.0',
        title: 'Catalog',
        description: 'Searches the product catalog',
        icons: [ICON],
        websiteUrl: 'https://example.com',
        providers: [Catalog],
        logger: captureLogger('error').logger,
      },
      { protocolVersion },
    ));
  });

  it('speaks the requested era', () => {
    expect(client.era).toBe(protocolVersion === '2026-07-28' ? 'modern' : 'legacy');
  });

  it('sends the description, icons and website of the server in its implementation info', () => {
    expect(client.sdk.getServerVersion()).toEqual({
      name: 'catalog',
      version: '2.1.0',
      title: 'Catalog',
      description: 'Searches the product catalog',
      icons: [ICON],
      websiteUrl: 'https://example.com',
    });
  });

  it('marks 2026-07-28 lists as shared by every caller (no access rules) and not to be kept', async () => {
    const listed = (await client.sdk.listTools()) as { ttlMs?: number; cacheScope?: string };
    if (protocolVersion === '2026-07-28') expect([listed.ttlMs, listed.cacheScope]).toEqual([0, 'public']);
    else expect([listed.ttlMs, listed.cacheScope]).toEqual([undefined, undefined]);
  });

  it('lists the icons of tools, resources and prompts', async () => {
    expect((await client.listTools())[0]?.icons).toEqual([ICON]);
    expect((await client.listResources())[0]?.icons).toEqual([{ src: 'https://example.com/index.svg', mimeType: 'image/svg+xml' }]);
    expect((await client.listPrompts())[0]?.icons).toEqual([ICON]);
  });
});

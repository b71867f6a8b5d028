import { IsIn, IsOptional, IsString } from 'class-validator';
import { createMcpApp, McpDefinitionError, Prompt, Resource, type TestClient } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';
import { captureLogger } from '../../support/capture-logger';

describe.each([['2026-07-28'], ['2025-11-25']])('argument completion (completion/complete) (%s)', (protocolVersion) => {
  const CITIES = ['paris', 'park city', 'parma', 'london'];

  class TripArgs {
    @IsIn(['economy', 'business', 'First']) cabin!: string;
    @IsString() city!: string;
    @IsOptional() @IsString() note?: string;
  }

  class RepoVariables {
    @IsIn(['main', 'develop', 'release']) branch!: string;
    @IsString() owner!: string;
  }

  @injectable()
  class Travel {
    @Prompt({
      description: 'Plan a trip',
      complete: { city: (value) => CITIES.filter((c) => c.startsWith(value)) },
    })
    plan({ cabin, city }: TripArgs): string {
      return `${cabin} to ${city}`;
    }

    @Resource('repo://{owner}/{branch}/readme', {
      complete: { owner: (value, { arguments: args }) => [`${value}-of-${args['branch'] ?? 'any'}`] },
    })
    readme({ owner, branch }: RepoVariables): string {
      return `${owner}@${branch}`;
    }

    @Resource('files://{path}', { complete: { path: () => Array.from({ length: 150 }, (_, i) => `file-${i}`) } })
    file({ path }: { path: string }): string {
      return path;
    }

    @Resource('broken://{key}', {
      complete: {
        key: () => {
          throw new Error('database password is hunter2');
        },
      },
    })
    broken({ key }: { key: string }): string {
      return key;
    }

    @Resource('static://thing')
    thing(): string {
      return 'thing';
    }
  }

  const apps = useApps('all');
  let client: TestClient;
  const log = captureLogger('error');
  const complete = async (
    ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string },
    name: string,
    value: string,
    context?: Record<string, string>,
  ) => (await client.sdk.complete({ ref, argument: { name, value }, ...(context ? { context: { arguments: context } } : {}) })).completion;

  beforeAll(async () => {
    ({ client } = await apps.start({ name: 'complete', version: '1.0.0', providers: [Travel], logger: log.logger }, { protocolVersion }));
  });

  it('declares the completions capability', () => {
    expect(client.sdk.getServerCapabilities()?.completions).toEqual({});
  });

  it('completes a prompt argument from its @IsIn values, by case-insensitive prefix', async () => {
    expect(await complete({ type: 'ref/prompt', name: 'plan' }, 'cabin', 'f')).toEqual({ values: ['First'], total: 1, hasMore: false });
    expect(await complete({ type: 'ref/prompt', name: 'plan' }, 'cabin', '')).toEqual({ values: ['economy', 'business', 'First'], total: 3, hasMore: false });
  });

  it('completes a prompt argument with the decorator’s function', async () => {
    expect((await complete({ type: 'ref/prompt', name: 'plan' }, 'city', 'par')).values).toEqual(['paris', 'park city', 'parma']);
  });

  it('suggests nothing for an argument with neither enum nor function', async () => {
    expect(await complete({ type: 'ref/prompt', name: 'plan' }, 'note', 'x')).toEqual({ values: [], hasMore: false });
  });

  it('completes template variables from the DTO enum, and passes already-resolved arguments to functions', async () => {
    const template = { type: 'ref/resource' as const, uri: 'repo://{owner}/{branch}/readme' };
    expect((await complete(template, 'branch', 'de')).values).toEqual(['develop']);
    expect((await complete(template, 'owner', 'ada', { branch: 'main' })).values).toEqual(['ada-of-main']);
  });

  it('caps suggestions at 100 and says there are more', async () => {
    const result = await complete({ type: 'ref/resource', uri: 'files://{path}' }, 'path', '');
    expect(result.values).toHaveLength(100);
    expect(result).toMatchObject({ total: 150, hasMore: true });
  });

  it('answers unknown references with JSON-RPC errors and a static resource with no suggestions', async () => {
    await expect(complete({ type: 'ref/prompt', name: 'nope' }, 'x', '')).rejects.toThrow(/Unknown prompt: nope/);
    await expect(complete({ type: 'ref/resource', uri: 'nope://{x}' }, 'x', '')).rejects.toThrow(/Resource not found/);
    expect(await complete({ type: 'ref/resource', uri: 'static://thing' }, 'x', '')).toEqual({ values: [], hasMore: false });
  });

  it('masks a failing completion function and keeps serving', async () => {
    const error = await complete({ type: 'ref/resource', uri: 'broken://{key}' }, 'key', '').catch((e: Error) => e);
    expect(String(error)).toMatch(/Internal error in completion broken:\/\/\{key\} key. Correlation id/);
    expect(String(error)).not.toMatch(/hunter2/);
    // The cause stays on the server, under the correlation id the client saw.
    const correlationId = /Correlation id: ([0-9a-f-]+)/.exec(String(error))![1];
    expect(log.entries()).toContainEqual(expect.objectContaining({ event: 'unexpected_error', correlationId, errorMessage: 'database password is hunter2' }));
    expect((await complete({ type: 'ref/prompt', name: 'plan' }, 'cabin', 'e')).values).toEqual(['economy']);
  });

  it('fails at creation for a completion of a name that does not exist', async () => {
    @injectable()
    class Typo {
      @Prompt({ complete: { cty: () => [] } })
      plan({ city }: TripArgs): string {
        return city;
      }
    }
    @injectable()
    class NoVariables {
      @Resource('static://x', { complete: { x: () => [] } })
      x(): string {
        return 'x';
      }
    }
    const create = (provider: new (...args: never[]) => object) => createMcpApp({ name: 'x', version: '1', providers: [provider], logger: { level: 'error' } });
    await expect(create(Typo)).rejects.toThrow(McpDefinitionError);
    await expect(create(Typo)).rejects.toThrow('Typo.plan: complete.cty names no argument (its arguments: cabin, city, note)');
    await expect(create(NoVariables)).rejects.toThrow('NoVariables.x: complete applies to URI template variables, and static://x has none');
  });
});

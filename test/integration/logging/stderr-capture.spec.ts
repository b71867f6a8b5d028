import { IsInt } from 'class-validator';
import { Logged, Tool } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';

describe('the default logger under jest', () => {
  const apps = useApps();

  it('writes a @Logged line to process.stderr, where a test capturing it finds it', async () => {
    class EchoInput {
      @IsInt() n!: number;
    }

    @injectable()
    class EchoTools {
      @Tool()
      @Logged()
      echo({ n }: EchoInput): number {
        return n;
      }
    }

    const { client } = await apps.start({ name: 'stderr', version: '1.0.0', providers: [EchoTools], configSource: { env: {}, envFile: false } });
    const stderr: string[] = [];
    const stdout: string[] = [];
    const spies = [
      jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stderr.push(String(chunk));
        return true;
      }),
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stdout.push(String(chunk));
        return true;
      }),
    ];
    try {
      expect(await client.callTool('echo', { n: 42 })).toBe(42);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    const entries = stderr
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'info', event: 'tool_executed', name: 'echo', status: 'success' }));
    expect(stdout.join('')).not.toMatch(/tool_executed/);
  });
});

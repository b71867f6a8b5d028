import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, runCli } from '../../support/cli';

const REPO = path.resolve(__dirname, '../../..');
const LINKED = ['typescript', 'reflect-metadata', 'tsyringe', 'class-validator', 'class-transformer', '@types/node'];

/** A tool class with the given tool names (each returns its own name). */
function toolsSource(names: string[]): string {
  return `import { injectable } from 'tsyringe';
import { Tool } from 'mcp-decorators';

@injectable()
export class DevTools {
${names.map((name) => `  @Tool()\n  ${name}(): string {\n    return '${name}';\n  }\n`).join('\n')}}
`;
}

/** This process's environment without MCP_TRANSPORT and MCP_PORT: dev chooses them. */
function withoutMcpTransport(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['MCP_TRANSPORT'];
  delete env['MCP_PORT'];
  return env;
}

/** A small CommonJS project whose node_modules link to this repository's packages. */
function makeProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-dev-'));
  mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  for (const name of LINKED) symlinkSync(path.join(REPO, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
  symlinkSync(REPO, path.join(dir, 'node_modules', 'mcp-decorators'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'dev-fixture', private: true }));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'node16',
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        skipLibCheck: true,
        types: ['node'],
        rootDir: 'src',
        outDir: 'dist',
      },
      include: ['src'],
    }),
  );
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'tools.ts'), toolsSource(['first']));
  writeFileSync(
    path.join(dir, 'src', 'main.ts'),
    `import 'reflect-metadata';
import { createMcpApp } from 'mcp-decorators';
import { DevTools } from './tools';

createMcpApp({ name: 'dev-fixture', version: '1.0.0', providers: [DevTools] }).then((app) => app.listen());
`,
  );
  return dir;
}

describe('mcp-decorators dev', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles, serves, prints where, and restarts with the new tool after a change', async () => {
    const dev = spawn(process.execPath, [CLI, 'dev', 'src/main.ts', '--port', '0'], {
      cwd: dir,
      env: withoutMcpTransport(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    dev.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    dev.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => dev.on('exit', (code) => resolve(code)));
    const servingUrls = (): string[] => [...stdout.matchAll(/serving on (http:\/\/\S+)/g)].map((match) => match[1]!);
    const waitForUrl = async (count: number): Promise<string> => {
      for (let waited = 0; waited < 60_000; waited += 100) {
        const urls = servingUrls();
        if (urls.length >= count) return urls[count - 1]!;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`dev did not serve ${count} time(s):\n${stdout}\n${stderr}`);
    };
    try {
      const first = await waitForUrl(1);
      expect(stdout).toMatch(/mcp-decorators dev: starting node dist\/main\.js/);
      const before = await runCli(['inspect', '--json', '--url', first]);
      expect((JSON.parse(before.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name)).toEqual(['first']);

      writeFileSync(path.join(dir, 'src', 'tools.ts'), toolsSource(['first', 'second']));
      const second = await waitForUrl(2);
      expect(stdout).toMatch(/mcp-decorators dev: restarting node dist\/main\.js/);
      const call = await runCli(['call', 'second', '--url', second]);
      expect({ status: call.status, stdout: call.stdout.trim() }).toEqual({ status: 0, stdout: 'second' });
    } finally {
      dev.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);

  it('exits 1 with a clear message for a missing entry', async () => {
    const run = await runCli(['dev', 'src/nope.ts'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^mcp-decorators dev: entry not found: .*src\/nope\.ts\n$/);
  });
});

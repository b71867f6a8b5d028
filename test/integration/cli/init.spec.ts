import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli';

// `npm ci && npm test` inside a generated project runs in scripts/consumer/consumer-test.sh,
// against the packed tarball (it needs the registry); here: what init writes and refuses.
describe('mcp-decorators init', () => {
  let parent: string;
  beforeAll(() => {
    parent = mkdtempSync(path.join(tmpdir(), 'mcp-init-'));
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('writes an ESM project with the decorator flags, a tool with a DTO, a jest test and the two commands', async () => {
    const run = await runCli(['init', 'My Server', '--skip-lockfile'], { cwd: parent });
    expect(run.status).toBe(0);
    const dir = path.join(parent, 'My Server');
    const read = (file: string): string => readFileSync(path.join(dir, file), 'utf8');
    const manifest = JSON.parse(read('package.json')) as { name: string; type: string; scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(manifest).toMatchObject({ name: 'my-server', type: 'module', scripts: { start: expect.any(String), test: expect.any(String) } });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['class-transformer', 'class-validator', 'mcp-decorators', 'reflect-metadata', 'tsyringe']);
    expect(manifest.dependencies['mcp-decorators']).toMatch(/^\^\d+\.\d+\.\d+/);
    const tsconfig = JSON.parse(read('tsconfig.json')) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions).toMatchObject({ experimentalDecorators: true, emitDecoratorMetadata: true, module: 'nodenext' });
    expect(read('src/greeting.tools.ts')).toMatch(/class GreetInput \{\n  @IsString\(\) @MaxLength\(100\) name!: string;/);
    expect(read('test/greeting.tools.test.ts')).toMatch(/createTestClient\(app\)/);
    expect(read('.gitignore')).toMatch(/^node_modules\/$/m);
    expect(read('README.md')).toMatch(/npm ci && npm start .*\nnpm test /);
    expect(existsSync(path.join(dir, 'package-lock.json'))).toBe(false);
    expect(run.stdout).toMatch(/Next:\n  cd My Server\n  npm install && npm start\n  npm test/);
  });

  it('refuses a folder that is not empty, and a missing <dir>', async () => {
    const again = await runCli(['init', 'My Server', '--skip-lockfile'], { cwd: parent });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^mcp-decorators init: .*My Server is not empty/);
    const missing = await runCli(['init'], { cwd: parent });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/missing <dir>/);
  });
});

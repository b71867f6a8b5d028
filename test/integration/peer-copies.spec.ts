import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const DIST = path.resolve(__dirname, '../../dist/index.js');

describe('createMcpApp with two copies of tsyringe (child process)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'two-tsyringes-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails at creation, naming both copies, instead of failing to build a provider later', () => {
    cpSync(path.dirname(require.resolve('tsyringe/package.json')), path.join(dir, 'node_modules', 'tsyringe'), { recursive: true });
    const entry = path.join(dir, 'main.js');
    writeFileSync(
      entry,
      `require('reflect-metadata');
const { injectable } = require('tsyringe'); // the app's own copy, beside it
const { createMcpApp } = require(${JSON.stringify(DIST)});
class Tools {}
injectable()(Tools);
createMcpApp({ name: 'two', version: '1.0.0', providers: [Tools] }).then(
  () => { process.stdout.write('created\\n'); process.exit(0); },
  (error) => { process.stderr.write(error.name + ': ' + error.message + '\\n'); process.exit(1); },
);
`,
    );
    const run = spawnSync(process.execPath, [entry], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.resolve(__dirname, '../../node_modules') },
    });
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /McpDefinitionError: createMcpApp: two copies of tsyringe are installed: mcp-decorators loads .*node_modules\/tsyringe\/.*, your app loads .*two-tsyringes-.*\/node_modules\/tsyringe\//,
    );
    expect(run.status).toBe(1);
  });
});

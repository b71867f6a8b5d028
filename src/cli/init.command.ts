import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, parseOneArgument, type CliCommand, type CliIo } from './cli-error';
import { projectFiles, type InitVersions } from './init-templates';

const HELP = `Usage: mcp-decorators init <dir> [--package <spec>] [--skip-lockfile]

Creates a new MCP server project in <dir> (which must be new or empty): package.json,
tsconfig.json with the decorator settings, one tool class with its DTO, a jest test through
createTestClient, .gitignore and a README. Then writes package-lock.json
(npm install --package-lock-only), so that the README's two commands work as they are:

  npm ci && npm start
  npm test

  --package <spec>        the mcp-decorators dependency to write (default ^<this version>),
                          e.g. a tarball: --package file:../mcp-decorators-0.1.0.tgz
  --skip-lockfile         do not write package-lock.json (run npm install once instead of npm ci)
  -h, --help              this help

Example:
  npx mcp-decorators init weather && cd weather && npm ci && npm test`;

/** The peers and dev tools a new project gets, as in this package's manifest. */
const PEERS = ['reflect-metadata', 'tsyringe', 'class-validator', 'class-transformer'];
const DEV_TOOLS = ['typescript', 'jest', '@types/jest', '@types/node'];

/**
 * `mcp-decorators init`: a new project.
 *
 * @example
 * await initCommand.run(['weather'], PROCESS_IO);
 */
export const initCommand: CliCommand = {
  name: 'init',
  summary: 'create a new project (npm ci && npm start, npm test)',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const parsed = parseOneArgument(
      argv,
      { package: { type: 'string' }, 'skip-lockfile': { type: 'boolean' } },
      HELP,
      io,
      'missing <dir>: mcp-decorators init my-server',
    );
    if (!parsed) return 0;
    const dir = parsed.argument;
    const root = path.resolve(dir);
    if (existsSync(root) && readdirSync(root).length > 0) throw new CliError(`${root} is not empty: init writes a new project into a new or empty folder`);
    const name = packageName(path.basename(root));
    const files = projectFiles(name, versionsFor(parsed.values.package));
    for (const [file, text] of Object.entries(files)) {
      const target = path.join(root, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    io.out(`mcp-decorators init: created ${name} in ${root}`);
    const install = parsed.values['skip-lockfile'] ? 'npm install' : writeLockfile(root, io) ? 'npm ci' : 'npm install';
    io.out(`\nNext:\n  cd ${path.relative(process.cwd(), root) || '.'}\n  ${install} && npm start\n  npm test`);
    return 0;
  },
};

/** Runs `npm install --package-lock-only`; false (with a note) when it fails, e.g. offline. */
function writeLockfile(root: string, io: CliIo): boolean {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['install', '--package-lock-only', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (run.status === 0) return true;
  io.err(
    `mcp-decorators init: could not write package-lock.json (${(run.stderr || run.error?.message || '').trim().split('\n').pop()}); run npm install once instead of npm ci`,
  );
  return false;
}

/** A valid npm package name from a folder name. */
export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/-+$/, '');
  return name || 'mcp-server';
}

/** Versions from this package's manifest: its own version, its peers, its dev tools. */
function versionsFor(framework: string | undefined): InitVersions {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
    version: string;
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const pick = (names: string[], from: Record<string, string> = {}): Record<string, string> =>
    Object.fromEntries(names.filter((n) => from[n]).map((n) => [n, from[n]]));
  return {
    framework: framework ?? `^${manifest.version}`,
    dependencies: pick(PEERS, manifest.peerDependencies),
    devDependencies: pick(DEV_TOOLS, manifest.devDependencies),
  };
}

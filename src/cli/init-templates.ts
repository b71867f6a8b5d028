/** What the generated project depends on, with versions (mcp-decorators' own manifest supplies them). */
export interface InitVersions {
  /** The dependency spec of mcp-decorators itself: `^0.1.0`, or a tarball/path given with --package. */
  readonly framework: string;
  /** The peers (reflect-metadata, tsyringe, class-validator, class-transformer) and dev tools. */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

/**
 * The files of a new project, by relative path: an ESM (`"type": "module"`, `module:
 * nodenext`) TypeScript project with one tool class and its DTO, a jest test through
 * `createTestClient`, and a README giving the two commands.
 *
 * @example
 * const files = projectFiles('weather', versions); // { 'package.json': '...', 'src/main.ts': '...', ... }
 */
export function projectFiles(name: string, versions: InitVersions): Record<string, string> {
  const manifest = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      build: 'tsc',
      start: 'tsc && node dist/src/main.js',
      dev: 'mcp-decorators dev src/main.ts',
      inspect: 'tsc && mcp-decorators inspect -- node dist/src/main.js',
      // Tests run compiled (tsc emits the decorator metadata), as native ES modules.
      test: 'tsc && node --experimental-vm-modules node_modules/jest/bin/jest.js',
    },
    dependencies: { 'mcp-decorators': versions.framework, ...versions.dependencies },
    devDependencies: versions.devDependencies,
    jest: { testEnvironment: 'node', roots: ['<rootDir>/dist/test'], testMatch: ['**/*.test.js'], transform: {} },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['ES2022'],
      types: ['node', 'jest'],
      strict: true,
      // The decorators of mcp-decorators, tsyringe and class-validator, and the parameter types
      // they read (DTOs, injected services), need these two.
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
      esModuleInterop: true,
      skipLibCheck: true,
      sourceMap: true,
      rootDir: '.',
      outDir: 'dist',
    },
    include: ['src', 'test'],
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    '.gitignore': 'node_modules/\ndist/\n.env\n',
    'README.md': readme(name),
    'src/greeting.tools.ts': GREETING_TOOLS,
    'src/main.ts': main(name),
    'test/greeting.tools.test.ts': GREETING_TEST,
  };
}

function readme(name: string): string {
  return `# ${name}

An MCP server written with [mcp-decorators](https://www.npmjs.com/package/mcp-decorators).

\`\`\`bash
npm ci && npm start     # builds, then serves over stdio
npm test                # builds, then runs the jest tests
\`\`\`

Also: \`MCP_TRANSPORT=http MCP_PORT=3000 npm start\` serves over streamable HTTP
(\`http://127.0.0.1:3000/mcp\`); \`npm run dev\` recompiles and restarts the server on every change
(HTTP, port 3000); \`npm run inspect\` lists what the server offers;
\`npx mcp-decorators call greet '{"name":"Ada"}' -- node dist/src/main.js\` calls a tool.

- \`src/greeting.tools.ts\`: a tool class; its input DTO is the tool's JSON Schema and validation.
- \`src/main.ts\`: creates the app and serves it (SIGTERM and SIGINT drain calls, then exit 0).
- \`test/greeting.tools.test.ts\`: a jest test through an in-memory client.
`;
}

const GREETING_TOOLS = `import { IsString, MaxLength } from 'class-validator';
import { injectable } from 'tsyringe';
import { Tool } from 'mcp-decorators';

/** The input of \`greet\`: also its JSON Schema and its validation. */
export class GreetInput {
  @IsString() @MaxLength(100) name!: string;
}

@injectable()
export class GreetingTools {
  @Tool({ description: 'Greet someone by name', annotations: { readOnlyHint: true } })
  greet({ name }: GreetInput): string {
    return \`Hello, \${name}!\`;
  }
}
`;

function main(name: string): string {
  return `import 'reflect-metadata';
import { createMcpApp } from 'mcp-decorators';
import { GreetingTools } from './greeting.tools.js';

const app = await createMcpApp({ name: ${JSON.stringify(name)}, version: '0.1.0', providers: [GreetingTools] });
// stdio, or streamable HTTP with MCP_TRANSPORT=http (MCP_PORT, MCP_HOST).
await app.listen();
`;
}

const GREETING_TEST = `import 'reflect-metadata';
import { createMcpApp, createTestClient } from 'mcp-decorators';
import { GreetingTools } from '../src/greeting.tools.js';

describe('GreetingTools', () => {
  it('greets by name and rejects a name that is not a string', async () => {
    const app = await createMcpApp({ name: 'test', version: '0.0.0', providers: [GreetingTools], logger: { level: 'error' } });
    const client = await createTestClient(app);
    try {
      expect(await client.callTool('greet', { name: 'Ada' })).toBe('Hello, Ada!');
      await expect(client.callTool('greet', { name: 42 })).rejects.toThrow(/name must be a string/);
    } finally {
      await client.close();
      await app.close();
    }
  });
});
`;

import { createRequire } from 'node:module';
import path from 'node:path';
import type ts from 'typescript';
import { CliError } from './cli-error';

/** The project's own TypeScript: its API and its `tsc` script. */
export interface ProjectTypeScript {
  readonly api: typeof ts;
  readonly bin: string;
}

/**
 * Loads `typescript` as the project in `dir` resolves it (its devDependency), so `dev` compiles
 * exactly as the project's build does.
 *
 * @example
 * const { bin } = projectTypeScript(process.cwd());
 */
export function projectTypeScript(dir: string): ProjectTypeScript {
  const require = createRequire(path.join(dir, 'package.json'));
  try {
    const manifest = require.resolve('typescript/package.json');
    return { api: require('typescript') as typeof ts, bin: path.join(path.dirname(manifest), 'bin', 'tsc') };
  } catch {
    throw new CliError(`typescript is not installed in ${dir}: npm install --save-dev typescript`);
  }
}

/**
 * The JavaScript file `tsc -p tsconfig` writes for `entry`, and warnings about settings that
 * would break decorators (missing `experimentalDecorators` or `emitDecoratorMetadata`).
 *
 * @example
 * compiledEntry(ts, 'tsconfig.json', 'src/main.ts').file; // .../dist/src/main.js
 */
export function compiledEntry(typescript: ProjectTypeScript, tsconfig: string, entry: string): { file: string; warnings: string[] } {
  const { api } = typescript;
  const parsed = api.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...api.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new CliError(`cannot read ${tsconfig}: ${api.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
      },
    },
  );
  if (!parsed) throw new CliError(`cannot read ${tsconfig}`);
  const warnings: string[] = [];
  if (!parsed.options.experimentalDecorators) warnings.push(`${tsconfig} lacks "experimentalDecorators": true; the decorators of mcp-decorators need it`);
  if (!parsed.options.emitDecoratorMetadata) warnings.push(`${tsconfig} lacks "emitDecoratorMetadata": true; DTO types and injection need it`);
  const normalized = path.resolve(entry);
  if (!parsed.fileNames.some((file) => path.resolve(file) === normalized)) {
    throw new CliError(`${entry} is not part of the project ${tsconfig} (check its "include" or "files")`);
  }
  const outputs = api.getOutputFileNames(parsed, normalized, !api.sys.useCaseSensitiveFileNames);
  const file = outputs.find((output) => /\.(c|m)?js$/.test(output));
  if (!file) throw new CliError(`${tsconfig} emits no JavaScript for ${entry} (noEmit?)`);
  return { file, warnings };
}

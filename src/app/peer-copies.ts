import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { McpDefinitionError } from '../errors/tool-error';

/**
 * Peer libraries that keep state in their module: tsyringe's registry of `@injectable()`
 * classes, class-transformer's metadata storage (`@Type`, `@Expose`...). A class decorated with
 * one copy is invisible to another copy, so the app and the framework must load the same one.
 * (class-validator keeps its storage on `global` and reflect-metadata patches the global
 * `Reflect`: copies of those share their state.)
 */
export const SHARED_PEERS: readonly string[] = Object.freeze(['tsyringe', 'class-transformer']);

/** A peer installed twice: the file the framework loads and the one the app loads. */
export interface DuplicatePeer {
  readonly name: string;
  readonly framework: string;
  readonly app: string;
}

/**
 * Where the app resolves its imports from: its entry script and the working directory. Either
 * may be a poor proxy (a test runner's script, a monorepo root), so a peer is reported only
 * when none of them loads the framework's copy.
 */
export function appLocations(): string[] {
  const entry = process.argv[1];
  const locations = entry && existsSync(entry) ? [path.resolve(entry)] : [];
  locations.push(path.join(process.cwd(), 'index.js'));
  return locations;
}

/**
 * The shared peers that the app loads from another file than the framework does (symlinks
 * followed): resolved from every one of `locations`, none gives the framework's copy. A peer the
 * app cannot resolve from any location is skipped: there is nothing to compare.
 *
 * Why compare resolved paths: tsyringe and class-transformer expose no marker of their own
 * identity, and by the time our code runs only the framework's copy is loaded; Node resolves a
 * bare import from the importing file, so the path it would load for the app is the copy the
 * app's decorators registered in.
 *
 * @example
 * findDuplicatePeers([process.argv[1]!]); // [] when each peer is installed once
 */
export function findDuplicatePeers(locations: readonly string[], peers: readonly string[] = SHARED_PEERS): DuplicatePeer[] {
  const duplicates: DuplicatePeer[] = [];
  for (const name of peers) {
    const framework = resolveReal(require.resolve.bind(require), name);
    if (!framework) continue;
    const seen = locations.map((location) => resolveReal(createRequire(location).resolve, name)).filter((app): app is string => app !== undefined);
    if (seen.length > 0 && !seen.includes(framework)) duplicates.push({ name, framework, app: seen[0] });
  }
  return duplicates;
}

/**
 * Throws when the app and the framework load different copies of tsyringe or
 * class-transformer, naming both files and the fix. Called by `createMcpApp`.
 *
 * @example
 * assertSinglePeerCopies(); // throws McpDefinitionError: two copies of tsyringe are installed ...
 */
export function assertSinglePeerCopies(locations: readonly string[] = appLocations()): void {
  const duplicates = findDuplicatePeers(locations);
  if (duplicates.length === 0) return;
  const lines = duplicates.map(({ name, framework, app }) => `two copies of ${name} are installed: mcp-decorators loads ${framework}, your app loads ${app}.`);
  const names = duplicates.map((d) => d.name).join(' and ');
  throw new McpDefinitionError(
    `createMcpApp: ${lines.join(' ')} Decorators and registrations made with one copy are invisible to the other ` +
      `(an @injectable() class could not be built). ${names} ${duplicates.length > 1 ? 'are peer dependencies' : 'is a peer dependency'} of mcp-decorators: ` +
      `install one copy (\`npm ls ${duplicates[0].name}\` shows where they come from; align the versions, then \`npm dedupe\`).`,
  );
}

function resolveReal(resolve: (request: string) => string, name: string): string | undefined {
  try {
    return realpathSync(resolve(name));
  } catch {
    return undefined;
  }
}

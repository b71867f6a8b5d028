#!/usr/bin/env node
// The import rules of src/, checked in CI (npm run check:imports):
// 1. No module imports itself through others, type-only imports included.
// 2. Layers: a folder imports values only from folders below it in LAYERS. Type-only imports
//    may point anywhere (they vanish from the JavaScript), rule 1 still applies to them.
// 3. A folder's index.ts lists its public names for src/index.ts, and only src/index.ts
//    imports it: internal modules import the file that defines what they use.
// Hand-written because madge (TypeScript < 6) and dependency-cruiser (Node 22+) do not run on
// this project's toolchain; TypeScript's own parser lists every import.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', 'src');

/**
 * Bottom to top; `docs/layout.md` draws the same folders. `constants.ts` is the floor and
 * `index.ts` (the public entry) the roof, so they are listed by file.
 */
const LAYERS = [
  'constants.ts',
  'errors',
  'timing',
  'metadata',
  'sanitizers',
  'dto',
  'logging',
  'metrics',
  'protocol',
  'context',
  'config',
  'routes',
  'decorators',
  'auth',
  'cache',
  'stores',
  'registry',
  'tracing',
  'pipeline',
  'discovery',
  'server',
  'transports',
  'app',
  'testing',
  'cli',
  'index.ts',
];

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  return undefined;
}

/** The specifiers a module imports, each marked `type` when nothing of it survives compilation. */
function importsOf(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const typeOnlyBindings = (elements) => elements.length > 0 && elements.every((element) => element.isTypeOnly);
  function visit(node) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const type =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && typeOnlyBindings(clause.namedBindings.elements)));
      found.push({ specifier: node.moduleSpecifier.text, type });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const type = node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && typeOnlyBindings(node.exportClause.elements));
      found.push({ specifier: node.moduleSpecifier.text, type });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, type: true });
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        found.push({ specifier: node.arguments[0].text, type: false });
      }
    }
    ts.forEachChild(node, visit);
  }
  visit(source);
  return found;
}

const show = (file) => path.relative(root, file);
const layerOf = (file) => {
  const [first] = show(file).split(path.sep);
  return LAYERS.indexOf(first);
};

function main() {
  const files = sourceFiles(root);
  const problems = [];
  const edges = new Map();
  for (const file of files) {
    if (layerOf(file) < 0) problems.push(`${show(file)}: ${show(file).split(path.sep)[0]} is not in the LAYERS of scripts/check-imports.js`);
    const targets = new Set();
    for (const { specifier, type } of importsOf(file)) {
      const target = resolveImport(file, specifier);
      if (!target) continue;
      targets.add(target);
      if (path.basename(target) === 'index.ts' && path.dirname(file) !== root) {
        problems.push(`${show(file)} imports ${show(target)}: only src/index.ts imports a folder's index.ts`);
      }
      if (!type && layerOf(target) > layerOf(file)) {
        problems.push(`${show(file)} imports ${show(target)}: a value from a higher layer (${LAYERS[layerOf(target)]} is above ${LAYERS[layerOf(file)]})`);
      }
    }
    edges.set(file, [...targets]);
  }

  // Depth-first search; a back edge to a module on the current path is a cycle.
  const state = new Map();
  const stack = [];
  function visit(file) {
    state.set(file, 'active');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'active') problems.push(`import cycle: ${[...stack.slice(stack.indexOf(next)), next].map(show).join(' -> ')}`);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  }
  for (const file of files) if (!state.has(file)) visit(file);

  if (problems.length > 0) {
    console.error(`${problems.length} import problem(s) in src/:`);
    for (const problem of problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.error(`${files.length} modules of src/: no import cycles (type-only imports included), every value import points down the layers`);
}

module.exports = { LAYERS };
if (require.main === module) main();

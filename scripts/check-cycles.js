#!/usr/bin/env node
// Fails when a module of src/ imports itself through others, type-only imports included.
// Hand-written because madge (TypeScript < 6) and dependency-cruiser (Node 22+) do not run on
// this project's toolchain; TypeScript's own pre-processor lists every import, type ones too.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', 'src');

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

const files = sourceFiles(root);
const edges = new Map(
  files.map((file) => {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    return [file, [...new Set(importedFiles.map((imported) => resolveImport(file, imported.fileName)).filter(Boolean))]];
  }),
);

// Depth-first search; a back edge to a module on the current path is a cycle.
const state = new Map();
const stack = [];
const cycles = [];
function visit(file) {
  state.set(file, 'active');
  stack.push(file);
  for (const next of edges.get(file) ?? []) {
    if (state.get(next) === 'active') cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of files) if (!state.has(file)) visit(file);

const show = (file) => path.relative(root, file);
if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s) in src/:`);
  for (const cycle of cycles) console.error(`  ${cycle.map(show).join(' -> ')}`);
  process.exit(1);
}
console.error(`no import cycles among ${files.length} modules of src/ (type-only imports included)`);

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CI script, read as it runs
const { LAYERS } = require('../../scripts/check-imports.js') as { LAYERS: readonly string[] };

const folders = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== '__snapshots__')
    .map((entry) => entry.name)
    .sort();

describe('the layout of src/', () => {
  const picture = readFileSync(path.join(root, 'docs/layout.md'), 'utf8');
  const block = picture.slice(picture.indexOf('src/\n'), picture.indexOf('test/ '));
  const drawn = [...block.matchAll(/^ {2}([a-z-]+)\/ /gm)].map((match) => match[1]);

  it('docs/layout.md draws every folder of src/, and only those', () => {
    expect([...drawn].sort()).toEqual(folders('src'));
  });

  it('the picture, read bottom-up, is the LAYERS of the import check', () => {
    const layerFolders = LAYERS.filter((layer) => !layer.endsWith('.ts'));
    expect([...drawn].reverse()).toEqual(layerFolders);
  });

  it('test/unit mirrors src/ folder for folder', () => {
    expect(folders('test/unit')).toEqual(folders('src'));
  });
});

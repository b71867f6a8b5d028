import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('docs/layout.md', () => {
  it('draws every folder of src/, and only those', () => {
    const picture = readFileSync(path.join(root, 'docs/layout.md'), 'utf8');
    const block = picture.slice(picture.indexOf('src/\n'), picture.indexOf('test/ '));
    const drawn = [...block.matchAll(/^ {2}([a-z-]+)\/ /gm)].map((match) => match[1]).sort();
    const actual = readdirSync(path.join(root, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(drawn).toEqual(actual);
  });
});

// Writes the README's code blocks marked `<!-- consumer-test: <file> ... -->` into a folder, one
// file each, so the consumer test compiles and runs what the README shows.
// Usage: node extract-readme.js <README.md> <out-dir>; prints the files written.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [readme, outDir] = process.argv.slice(2);
if (!readme || !outDir) {
  process.stderr.write('usage: node extract-readme.js <README.md> <out-dir>\n');
  process.exit(2);
}
const text = fs.readFileSync(readme, 'utf8');
const marker = /<!-- consumer-test: (\S+)[^>]*-->\s*\n```\w*\n([\s\S]*?)\n```/g;
let count = 0;
for (const [, file, code] of text.matchAll(marker)) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, file), `${code}\n`);
  process.stdout.write(`${file}\n`);
  count += 1;
}
if (count === 0) {
  process.stderr.write(`no <!-- consumer-test: ... --> block in ${readme}\n`);
  process.exit(1);
}

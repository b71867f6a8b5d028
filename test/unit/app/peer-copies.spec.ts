import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertSinglePeerCopies, findDuplicatePeers } from '../../../src/app/peer-copies';

describe('findDuplicatePeers', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'peer-copies-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** An app folder with its own copy of `name` (a real copy of the installed package). */
  function appWithOwnCopy(name: string): string {
    const installed = path.dirname(require.resolve(`${name}/package.json`));
    cpSync(installed, path.join(dir, 'node_modules', name), { recursive: true });
    const entry = path.join(dir, 'main.js');
    writeFileSync(entry, '');
    return entry;
  }

  it('finds nothing for an app that resolves the framework’s own copies', () => {
    expect(findDuplicatePeers([__filename])).toEqual([]);
  });

  it('names both files when the app has a second copy of tsyringe', () => {
    const entry = appWithOwnCopy('tsyringe');
    expect(findDuplicatePeers([entry])).toEqual([
      { name: 'tsyringe', framework: require.resolve('tsyringe'), app: expect.stringContaining(path.join(dir, 'node_modules', 'tsyringe')) },
    ]);
    expect(() => assertSinglePeerCopies([entry])).toThrow(/two copies of tsyringe are installed: .*npm ls tsyringe/);
  });

  it('accepts the copy when one of the app’s locations resolves the framework’s (a test runner’s script elsewhere)', () => {
    const entry = appWithOwnCopy('tsyringe');
    expect(findDuplicatePeers([entry, __filename])).toEqual([]);
  });

  it('finds a second copy of class-transformer too', () => {
    const entry = appWithOwnCopy('class-transformer');
    expect(findDuplicatePeers([entry]).map((d) => d.name)).toEqual(['class-transformer']);
  });
});

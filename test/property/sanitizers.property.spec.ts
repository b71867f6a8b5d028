import Ajv from 'ajv';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInputSchema } from '../../src/dto/schema';
import { createDtoValidator } from '../../src/dto/validator';
import { EscapeHtml } from '../../src/sanitizers/escape-html.decorator';
import { StripHtml } from '../../src/sanitizers/strip-html.decorator';
import { escapeHtml, findScriptContent, resolveSafePath, SCRIPT_MARKERS, stripHtml, trim } from '../../src/sanitizers/text-sanitizers';
import { Trim } from '../../src/sanitizers/trim.decorator';

/** Text rich in what sanitizers react to: markup, entities, quotes, whitespace, astral characters. */
const htmlish = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
      fc.constantFrom('<', '>', '&', '"', "'", '/', '\\', '`', ' ', '\n', '\u00a0', '&amp;', '&lt;', '&#x27;', '&#60;', '&quot', '&copy;', '&#0;', '&#xD800;'),
      fc.constantFrom('<b>', '</b>', '<script>', '</script>', '<img src=x onerror=alert(1)>', '<!-- c -->', '<style>p{}</style>', '<a href="javascript:x">'),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('sanitizers', () => {
  it.each([
    ['trim', trim],
    ['escapeHtml', escapeHtml],
    ['stripHtml', stripHtml],
  ] as const)('%s is idempotent', (_name, sanitize) => {
    fc.assert(
      fc.property(htmlish, (input) => {
        const once = sanitize(input);
        expect(sanitize(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapeHtml leaves no markup character outside an entity', () => {
    fc.assert(
      fc.property(htmlish, (input) => {
        const escaped = escapeHtml(input);
        expect(escaped).not.toMatch(/[<>"'`/\\]/);
        // Every ampersand starts one of the entities escape writes or one that was already there.
        expect(escaped.replace(/&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#x[0-9a-fA-F]+);/g, '')).not.toContain('&');
      }),
      { numRuns: 2000 },
    );
  });

  it('stripHtml leaves no tag', () => {
    fc.assert(
      fc.property(htmlish, (input) => {
        expect(stripHtml(input)).not.toMatch(/<[a-zA-Z!/?]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('sanitizing a DTO twice changes nothing the second time', () => {
    class Input {
      @Trim() @EscapeHtml() @IsString() a!: string;
      @StripHtml() @Trim() @IsString() b!: string;
    }
    const validator = createDtoValidator(Input);
    fc.assert(
      fc.property(htmlish, htmlish, (a, b) => {
        const first = validator.validate({ a, b });
        if (!first.ok) return;
        const second = validator.validate({ ...first.value });
        expect(second).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('on a sanitized field, validation is the schema applied to the sanitized value', () => {
  // The schema describes what a client sends; constraints check what the method receives.
  class Input {
    @Trim() @IsString() @MinLength(2) @MaxLength(5) @Matches(/^[a-z ]*$/) name!: string;
    @IsOptional() @EscapeHtml() @IsString() @MaxLength(12) note?: string;
  }
  const ajv = new Ajv({ strict: true });
  const schemaAccepts = ajv.compile(buildInputSchema(Input));
  const validator = createDtoValidator(Input);
  const unit = fc.oneof({ arbitrary: fc.constantFrom('a', 'b', ' '), weight: 6 }, { arbitrary: fc.constantFrom('\t', '\n', '<', '&', 'X'), weight: 1 });
  const words = fc.string({ unit, maxLength: 9 });

  it('for generated arguments', () => {
    let accepted = 0;
    fc.assert(
      fc.property(words, fc.option(words, { nil: undefined }), (name, note) => {
        const input = note === undefined ? { name } : { name, note };
        const sanitized = note === undefined ? { name: trim(name) } : { name: trim(name), note: escapeHtml(note) };
        const outcome = validator.validate(input);
        expect(outcome.ok).toBe(schemaAccepts(sanitized));
        if (outcome.ok) {
          accepted++;
          expect({ ...outcome.value }).toEqual(sanitized);
        }
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(300);
  });
});

describe('@NoScriptContent() sees through encodings', () => {
  /** One way an attacker may write a character so that a browser or a decoder still reads it. */
  const disguise = (char: string): fc.Arbitrary<string> =>
    fc.constantFrom(
      char,
      char.toUpperCase(),
      `&#${char.charCodeAt(0)};`,
      `&#x${char.charCodeAt(0).toString(16)};`,
      `&#${String(char.charCodeAt(0)).padStart(7, '0')}`, // no semicolon: browsers read it when no digit follows
      `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
      `%25${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
      `${char}\t`,
      `\u0000${char}`,
      `${char}\u200b`,
      String.fromCharCode(char.charCodeAt(0) + 0xfee0).replace(/[^\uff01-\uff5e]/, char),
    );
  const disguised = fc.constantFrom(...SCRIPT_MARKERS).chain((marker) =>
    fc.tuple(
      fc.constant(marker),
      fc.tuple(...[...marker].map(disguise)).map((parts) => parts.join('')),
    ),
  );

  it('finds every marker however its characters are written', () => {
    fc.assert(
      // A digit right after an entity without `;` would extend it, for browsers too: not the same text.
      // Likewise a `%` or `&#` right before would take the payload's first characters as its own.
      fc.property(
        disguised,
        fc.string({ maxLength: 5 }).filter((s) => !/(%[0-9a-fA-F]?|&#?[xX]?[0-9a-zA-Z]*)$/.test(s)),
        fc.string({ maxLength: 5 }).filter((s) => !/^[0-9a-fA-F;]/.test(s)),
        ([, payload], before, after) => {
          expect(findScriptContent(`${before}${payload}${after}`)).toBeDefined();
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('@SafePath() never yields a path outside its base', () => {
  let root: string;
  let base: string;

  beforeAll(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'safe-path-property-')));
    base = path.join(root, 'base');
    for (const dir of ['a/b', 'c', '../outside/x']) fs.mkdirSync(path.join(base, dir), { recursive: true });
    fs.writeFileSync(path.join(base, 'a/file.txt'), '');
    fs.symlinkSync(path.join(root, 'outside'), path.join(base, 'out'));
    fs.symlinkSync(path.join(base, 'a'), path.join(base, 'c/in'));
    fs.symlinkSync('../../outside/x', path.join(base, 'a/rel-out'));
    fs.symlinkSync('b', path.join(base, 'a/rel-in'));
    fs.symlinkSync('/', path.join(base, 'c/root'));
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(base, 'dangling'));
    fs.symlinkSync(path.join(base, 'loop2'), path.join(base, 'loop1'));
    fs.symlinkSync(path.join(base, 'loop1'), path.join(base, 'loop2'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const segment = fc.constantFrom(
    'a',
    'b',
    'c',
    'x',
    'in',
    'out',
    'rel-out',
    'rel-in',
    'root',
    'dangling',
    'loop1',
    'file.txt',
    'new',
    '..',
    '.',
    '',
    'etc',
    'passwd',
    '\0',
    '%2e%2e',
    '...',
  );
  const candidate = fc
    .tuple(fc.constantFrom('', '', '', '/', 'C:/', './'), fc.array(segment, { minLength: 1, maxLength: 6 }))
    .map(([prefix, parts]) => prefix + parts.join('/'));

  /** Independent check: the real location of the deepest existing part is inside the base. */
  function realLocation(resolved: string): string {
    let existing = resolved;
    while (!fs.existsSync(existing)) existing = path.dirname(existing);
    return path.join(fs.realpathSync(existing), path.relative(existing, resolved));
  }

  it('for generated paths among real directories and symbolic links', () => {
    const verdicts = { ok: 0, rejected: 0 };
    fc.assert(
      fc.property(candidate, (input) => {
        const outcome = resolveSafePath(input, base);
        verdicts[outcome.ok ? 'ok' : 'rejected']++;
        if (!outcome.ok) return;
        expect(outcome.path === base || outcome.path.startsWith(base + path.sep)).toBe(true);
        const real = realLocation(outcome.path);
        expect(real === base || real.startsWith(base + path.sep)).toBe(true);
        expect(input.split('/')).not.toContain('..');
      }),
      { numRuns: 3000 },
    );
    expect(verdicts.ok).toBeGreaterThan(300);
    expect(verdicts.rejected).toBeGreaterThan(300);
  });
});

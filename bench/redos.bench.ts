import { UriTemplate } from '@modelcontextprotocol/server';
import { IsString } from 'class-validator';
import { performance } from 'node:perf_hooks';
import { createDtoValidator } from '../src/dto/validator';
import { EscapeHtml } from '../src/sanitizers/escape-html.decorator';
import { NoScriptContent } from '../src/sanitizers/no-script-content.decorator';
import { SecureInput } from '../src/sanitizers/secure-input';
import { StripHtml } from '../src/sanitizers/strip-html.decorator';
import {
  codePointLength,
  escapeHtml,
  findControlCharacter,
  findScriptContent,
  NO_CONTROL_CHARACTER_PATTERN,
  resolveSafePath,
  stripHtml,
  trim,
} from '../src/sanitizers/text-sanitizers';
import { Trim } from '../src/sanitizers/trim.decorator';
import type { BenchSuite } from './harness/suite';

/*
 * `npm run bench -- --only=redos`: every built-in pattern and sanitizer that client input
 * reaches, on 100 KB of one repeated unit (the classic shape of a ReDoS input), each unit
 * chosen to feed some pattern's repetition. The report gives the worst unit's time at 100 KB
 * and how it grows from 25 KB: about 4 means linear, about 16 quadratic. Each time is the
 * fastest of 5 runs after a warm-up on the same input, the least noisy estimate of CPU cost.
 */

const SIZE = 100 * 1024;
const UNITS = [
  'a',
  ' ',
  '\t',
  '\u0000',
  '<',
  '<a',
  '&',
  '&#',
  '&#x',
  '&amp;',
  '%',
  '%2',
  '%25',
  'javascript',
  '/',
  '../',
  'a/',
  '😀',
  '\ud800',
  '\u200b',
  '{',
  '"',
];

class SecureText extends SecureInput {
  @Trim() @StripHtml() @NoScriptContent() @IsString() text!: string;
}
class EscapedText {
  @EscapeHtml() @IsString() text!: string;
}

const controlPattern = new RegExp(NO_CONTROL_CHARACTER_PATTERN, 'u');
const template = new UriTemplate('users://{id}/profile{?fields}');

/** The subjects: name → a function of one string; results are kept so nothing is optimized away. */
function subjects(): Record<string, (input: string) => unknown> {
  const secure = createDtoValidator(SecureText, { maxStringLength: SIZE * 16, maxBytes: SIZE * 64 });
  const escaped = createDtoValidator(EscapedText, { maxStringLength: SIZE * 16, maxBytes: SIZE * 64 });
  return {
    // Linear by construction, allocating like the sanitizers do: what linear growth looks like here.
    'reference: String#replace of every character': (input) => input.replace(/[\s\S]/gu, '$&$&'),
    '@Trim (String#trim)': trim,
    '@EscapeHtml (entities + validator.escape)': escapeHtml,
    '@StripHtml (sanitize-html)': stripHtml,
    '@NoScriptContent (decode, fold, search)': findScriptContent,
    'SecureInput control characters (check)': findControlCharacter,
    'SecureInput control characters (schema pattern, as ajv compiles it)': (input) => controlPattern.test(input),
    'SecureInput maxLength (code points)': codePointLength,
    '@SafePath (resolve)': (input) => resolveSafePath(input, '/tmp'),
    'SecureInput DTO: @Trim @StripHtml @NoScriptContent, whole validator': (input) => secure.validate({ text: input }),
    '@EscapeHtml DTO, whole validator': (input) => escaped.validate({ text: input }),
    'resource URI template match (SDK)': (input) => template.match(`users://${input}/profile`),
  };
}

function timeMs(fn: (input: string) => unknown, input: string): number {
  fn(input);
  let fastest = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    fn(input);
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const input = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

export const suite: BenchSuite = {
  name: 'redos',
  async run(context) {
    const rows: string[] = [];
    let worstGrowth = 0;
    let referenceGrowth = 0;
    for (const [name, fn] of Object.entries(subjects())) {
      context.log(`redos: ${name}`);
      let worst = { unit: '', full: 0, quarter: 0 };
      for (const unit of UNITS) {
        const full = timeMs(fn, input(unit, SIZE));
        if (full >= worst.full) worst = { unit, full, quarter: timeMs(fn, input(unit, SIZE / 4)) };
      }
      // Below 2 ms, timer noise dominates the ratio: report it, do not judge it.
      const growth = worst.quarter > 0 ? worst.full / worst.quarter : 0;
      if (name.startsWith('reference')) referenceGrowth = growth;
      else if (worst.full >= 2) worstGrowth = Math.max(worstGrowth, growth);
      rows.push(`| ${name} | \`${JSON.stringify(worst.unit).slice(1, -1)}\` | ${worst.full.toFixed(2)} | ${growth.toFixed(1)} |`);
    }
    // Allocation and GC make even linear work grow faster than 4x on a loaded machine; the
    // reference row measures that, and a quadratic subject would still stand far above it.
    const limit = Math.max(8, 2 * referenceGrowth);
    const verdict =
      `Worst growth among subjects over 2 ms: ${worstGrowth.toFixed(1)}× from 25 KB to 100 KB (linear work: 4×, quadratic: 16×); ` +
      `the linear reference grew ${referenceGrowth.toFixed(1)}× in the same run, the machine's noise. ` +
      (worstGrowth < limit ? 'No subject stands out: all linear.' : 'A subject grows faster than linearly: see the table.');
    return [
      {
        title: 'ReDoS: built-in patterns and sanitizers on 100 KB of one repeated unit',
        markdown: [
          `${UNITS.length} units, each repeated to 100 KB; the slowest per subject is shown. ${verdict}`,
          '',
          '| subject | slowest unit | ms at 100 KB | 100 KB / 25 KB |',
          '|---|---|---:|---:|',
          ...rows,
        ].join('\n'),
      },
    ];
  },
};

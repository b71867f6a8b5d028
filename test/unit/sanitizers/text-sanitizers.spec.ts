import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codePointLength, escapeHtml, findControlCharacter, findScriptContent, resolveSafePath, stripHtml } from '../../../src/sanitizers/text-sanitizers';

describe('escapeHtml', () => {
  it('escapes every character that is markup in HTML', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">/\\\``)).toBe('&lt;img src=x onerror=&quot;alert(&#x27;1&#x27;)&quot;&gt;&#x2F;&#x5C;&#96;');
  });

  it('does not escape an entity twice', () => {
    expect(escapeHtml('Tom &amp; Jerry &lt;3')).toBe('Tom &amp; Jerry &lt;3');
    expect(escapeHtml(escapeHtml('a < b & c'))).toBe('a &lt; b &amp; c');
  });

  it('still escapes an ampersand that begins no entity', () => {
    expect(escapeHtml('AT&T &ampx')).toBe('AT&amp;T &amp;ampx');
  });
});

describe('stripHtml', () => {
  it('removes tags and the content of script-like elements, keeping text', () => {
    expect(stripHtml('<p>Hello <b>world</b></p><script>alert(1)</script><style>p{}</style>')).toBe('Hello world');
  });

  it('leaves text that is safe inside HTML', () => {
    expect(stripHtml('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(stripHtml('&lt;script&gt;')).toBe('&lt;script&gt;');
  });
});

describe('findScriptContent', () => {
  it.each([
    ['javascript:alert(1)', 'javascript:'],
    ['JaVaScRiPt:alert(1)', 'javascript:'],
    ['java\tscript:alert(1)', 'javascript:'],
    ['java\u0000script:alert(1)', 'javascript:'],
    [' \u200bjavascript :alert(1)', 'javascript:'],
    ['&#106;avascript&colon;alert(1)', 'javascript:'],
    ['&#x6A&#x61&#x76&#x61script:x', 'javascript:'],
    ['&amp;#106;avascript:x', 'javascript:'],
    ['%6A%61vascript%3Aalert(1)', 'javascript:'],
    ['%256Aavascript:x', 'javascript:'],
    ['ｊａｖａｓｃｒｉｐｔ：alert(1)', 'javascript:'],
    ['VBScript:MsgBox(1)', 'vbscript:'],
    ['data:text/html;base64,PHNjcmlwdD4=', 'data:text/html'],
    ['DATA: text/html,<b>', 'data:text/html'],
    ['<script>alert(1)</script>', '<script'],
    ['< SCRIPT src=x>', '<script'],
    ['&lt;script&gt;', '<script'],
    ['%3Cscript%3E', '<script'],
    ['<iframe src=x>', '<iframe'],
    ['<svg onload=alert(1)>', '<svg'],
  ])('finds %j', (payload, marker) => {
    expect(findScriptContent(payload)).toBe(marker);
  });

  it.each([
    'Plain text with a colon: fine',
    'I like Java. Script writers too.',
    'https://example.com/a?b=c&d=e',
    'data: text is good',
    'a < b and c > d',
    '100% sure, 50%3 off',
    '%E0%A4%A invalid percent',
  ])('lets %j through', (text) => {
    expect(findScriptContent(text)).toBeUndefined();
  });
});

describe('findControlCharacter', () => {
  it('names the first control character and where it is', () => {
    expect(findControlCharacter('ok\u0007bell')).toEqual({ index: 2, code: 'U+0007' });
    expect(findControlCharacter('c1 \u0085')).toEqual({ index: 3, code: 'U+0085' });
  });

  it('allows tab, line feed and carriage return', () => {
    expect(findControlCharacter('a\tb\nc\r\n')).toBeUndefined();
  });
});

it('codePointLength counts a surrogate pair once, and a lone surrogate once', () => {
  expect(codePointLength('a😀b')).toBe(3);
  expect(codePointLength('\ud800x')).toBe(2);
});

describe('resolveSafePath', () => {
  let root: string;
  let base: string;
  let outside: string;

  beforeAll(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'safe-path-')));
    base = path.join(root, 'base');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(base, 'docs'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(base, 'docs', 'a.txt'), 'a');
    fs.symlinkSync(outside, path.join(base, 'escape'));
    fs.symlinkSync(path.join(base, 'docs'), path.join(base, 'inside'));
    fs.symlinkSync(path.join(outside, 'missing'), path.join(base, 'dangling'));
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('resolves a relative path inside the base to an absolute one', () => {
    expect(resolveSafePath('docs/a.txt', base)).toEqual({ ok: true, path: path.join(base, 'docs/a.txt') });
    expect(resolveSafePath('docs/new/file.txt', base)).toEqual({ ok: true, path: path.join(base, 'docs/new/file.txt') });
    expect(resolveSafePath('.', base)).toEqual({ ok: true, path: base });
  });

  it('follows a symbolic link that stays inside the base', () => {
    expect(resolveSafePath('inside/a.txt', base)).toEqual({ ok: true, path: path.join(base, 'docs/a.txt') });
  });

  it.each([
    ['', 'must not be empty'],
    ['../outside', 'must not contain .. segments'],
    ['docs/../../outside', 'must not contain .. segments'],
    ['/etc/passwd', 'must be relative, not absolute'],
    ['C:/Windows', 'must be relative, not absolute'],
    ['docs\\..\\..\\x', 'must use / as separator, not \\'],
    ['docs/a.txt\0.png', 'must not contain a NUL byte'],
    ['escape/secret', 'resolves outside the allowed directory'],
    ['escape', 'resolves outside the allowed directory'],
    ['dangling', 'is a link that cannot be resolved'],
  ])('rejects %j: %s', (input, reason) => {
    expect(resolveSafePath(input, base)).toEqual({ ok: false, reason });
  });

  it('rejects a path longer than PATH_MAX before touching the file system', () => {
    expect(resolveSafePath('a/'.repeat(3000), base)).toEqual({ ok: false, reason: 'must be at most 4096 characters long' });
  });

  it('says so when the base directory does not exist', () => {
    expect(resolveSafePath('a', path.join(root, 'nope'))).toEqual({
      ok: false,
      reason: 'cannot be resolved: the allowed directory does not exist',
    });
  });
});

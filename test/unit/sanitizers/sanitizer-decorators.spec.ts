import { IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sensitive } from '../../../src/decorators/sensitive.decorator';
import { buildInputSchema } from '../../../src/dto/schema';
import { createDtoValidator, type ValidationOutcome } from '../../../src/dto/validator';
import { getDtoFields } from '../../../src/metadata/reflect';
import { EscapeHtml } from '../../../src/sanitizers/escape-html.decorator';
import { NoScriptContent } from '../../../src/sanitizers/no-script-content.decorator';
import { SafePath } from '../../../src/sanitizers/safe-path.decorator';
import { SECURE_INPUT_MAX_LENGTH, SecureInput } from '../../../src/sanitizers/secure-input';
import { StringDefaults } from '../../../src/sanitizers/string-defaults.decorator';
import { StripHtml } from '../../../src/sanitizers/strip-html.decorator';
import { NO_CONTROL_CHARACTER_PATTERN } from '../../../src/sanitizers/text-sanitizers';
import { Trim } from '../../../src/sanitizers/trim.decorator';

function errorsOf(outcome: ValidationOutcome): string[] {
  if (outcome.ok) throw new Error(`expected a failed validation, got ${JSON.stringify(outcome.value)}`);
  return outcome.errors;
}

function valueOf(outcome: ValidationOutcome): Record<string, unknown> {
  if (!outcome.ok) throw new Error(`expected a successful validation, got ${outcome.errors.join('; ')}`);
  return outcome.value as Record<string, unknown>;
}

describe('sanitizing decorators', () => {
  it('@Trim() trims before validation, strings and arrays of strings', () => {
    class Input {
      @Trim() @IsString() @IsNotEmpty() name!: string;
      @IsOptional() @Trim() @IsArray() @IsString({ each: true }) tags?: string[];
    }
    const validator = createDtoValidator(Input);
    expect(valueOf(validator.validate({ name: '  Ada  ', tags: [' a ', 'b '] }))).toEqual({ name: 'Ada', tags: ['a', 'b'] });
    expect(errorsOf(validator.validate({ name: '   ' }))).toEqual(['name should not be empty']);
    expect(errorsOf(validator.validate({ name: 5 }))).toEqual(['name must be a string']);
  });

  it('@EscapeHtml() hands the method escaped text; length constraints see the escaped text', () => {
    class Input {
      @EscapeHtml() @IsString() @MaxLength(60) body!: string;
    }
    const validator = createDtoValidator(Input);
    expect(valueOf(validator.validate({ body: '<b onclick="x()">hi</b>' }))).toEqual({
      body: '&lt;b onclick=&quot;x()&quot;&gt;hi&lt;&#x2F;b&gt;',
    });
    expect(errorsOf(validator.validate({ body: '<'.repeat(20) }))).toEqual(['body must be shorter than or equal to 60 characters']);
  });

  it('@StripHtml() removes markup', () => {
    class Input {
      @StripHtml() @IsString() bio!: string;
    }
    expect(valueOf(createDtoValidator(Input).validate({ bio: '<p>Hi <img src=x onerror=alert(1)>there</p><script>x</script>' }))).toEqual({
      bio: 'Hi there',
    });
  });

  describe('@NoScriptContent()', () => {
    class Input {
      @NoScriptContent() @MaxLength(200) message!: string;
      @IsOptional() @IsArray() @NoScriptContent({ each: true }) links?: string[];
    }
    const validator = createDtoValidator(Input);

    it('accepts ordinary text', () => {
      expect(valueOf(validator.validate({ message: 'See https://example.com, it is <great>', links: ['https://a.example'] }))).toEqual({
        message: 'See https://example.com, it is <great>',
        links: ['https://a.example'],
      });
    });

    it('rejects script content with a message naming the field and the kind, not the value', () => {
      expect(errorsOf(validator.validate({ message: 'click <ScRiPt>steal()</script>' }))).toEqual(['message contains potentially dangerous content (<script)']);
      expect(errorsOf(validator.validate({ message: 'x', links: ['ok', 'jav&#x09;ascript&colon;steal()'] }))).toEqual([
        'each value in links contains potentially dangerous content (javascript:)',
      ]);
    });

    it('rejects non-strings', () => {
      expect(errorsOf(validator.validate({ message: 42 }))).toEqual(['message must be shorter than or equal to 200 characters', 'message must be a string']);
    });

    it('advertises a string with a description, and no pattern', () => {
      expect(buildInputSchema(Input).properties.message).toEqual({
        type: 'string',
        maxLength: 200,
        description: 'Must not contain script content (javascript: or data:text/html URLs, <script> and similar tags).',
      });
    });
  });

  describe('@SafePath()', () => {
    let root: string;
    let base: string;
    class Input {
      @SafePath(() => base) file!: string;
      @IsOptional() @IsArray() @SafePath(() => base, { each: true }) more?: string[];
    }

    beforeAll(() => {
      root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'safe-path-dto-')));
      base = path.join(root, 'base');
      fs.mkdirSync(base);
      fs.mkdirSync(path.join(root, 'secret'));
      fs.symlinkSync(path.join(root, 'secret'), path.join(base, 'link'));
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    it('hands the method an absolute path inside the base', () => {
      expect(valueOf(createDtoValidator(Input).validate({ file: 'reports/q1.txt', more: ['a', 'b/c'] }))).toEqual({
        file: path.join(base, 'reports/q1.txt'),
        more: [path.join(base, 'a'), path.join(base, 'b/c')],
      });
    });

    it('names the field and the reason', () => {
      const validator = createDtoValidator(Input);
      expect(errorsOf(validator.validate({ file: '../../etc/passwd' }))).toEqual(['file must not contain .. segments']);
      expect(errorsOf(validator.validate({ file: '/etc/passwd' }))).toEqual(['file must be relative, not absolute']);
      expect(errorsOf(validator.validate({ file: 'link/key.pem' }))).toEqual(['file resolves outside the allowed directory']);
      expect(errorsOf(validator.validate({ file: 'ok', more: ['fine', 'x\0'] }))).toEqual(['each value in more must not contain a NUL byte']);
      expect(errorsOf(validator.validate({ file: 3 }))).toEqual(['file must be a relative path string']);
      expect(errorsOf(validator.validate({}))).toEqual(['file must be a relative path string']);
    });

    it('advertises a string with a description that does not reveal the base', () => {
      const schema = buildInputSchema(Input).properties.file;
      expect(schema).toEqual({ type: 'string', description: 'A relative path inside the allowed directory (no "..", not absolute).' });
      expect(JSON.stringify(buildInputSchema(Input))).not.toContain(root);
    });
  });

  it('@Sensitive() records the annotation logging reads, without changing the schema', () => {
    class Input {
      @IsString() user!: string;
      @Sensitive() @IsString() password!: string;
    }
    expect(getDtoFields(Input).password).toEqual({ sensitive: true });
    expect(buildInputSchema(Input).properties.password).toEqual({ type: 'string' });
  });
});

describe('SecureInput and @StringDefaults()', () => {
  class Address {
    @IsString() city!: string;
  }
  class Message extends SecureInput {
    @IsString() text!: string;
    @IsString() @MaxLength(20) @Matches(/^[a-z]+$/) tag!: string;
    @IsOptional() @IsArray() @IsString({ each: true }) cc?: string[];
    @IsOptional() @IsInt() count?: number;
  }
  @StringDefaults({ maxLength: 5, allowControlCharacters: true })
  class Short extends SecureInput {
    @IsString() text!: string;
  }
  class Plain {
    @IsString() text!: string;
  }
  void Address;

  it('advertises the defaults on every string field, keeping tighter bounds and both patterns', () => {
    const { properties } = buildInputSchema(Message);
    expect(properties.text).toEqual({ type: 'string', maxLength: SECURE_INPUT_MAX_LENGTH, pattern: NO_CONTROL_CHARACTER_PATTERN });
    expect(properties.tag).toEqual({ type: 'string', maxLength: 20, pattern: '^[a-z]+$', allOf: [{ pattern: NO_CONTROL_CHARACTER_PATTERN }] });
    expect(properties.cc).toEqual({
      type: 'array',
      items: { type: 'string', maxLength: SECURE_INPUT_MAX_LENGTH, pattern: NO_CONTROL_CHARACTER_PATTERN },
    });
    expect(properties.count).toEqual({ type: 'integer' });
    expect(buildInputSchema(Plain).properties.text).toEqual({ type: 'string' });
  });

  it('enforces them, naming the field, the rule and where the control character is', () => {
    const validator = createDtoValidator(Message);
    expect(valueOf(validator.validate({ text: 'line 1\nline 2\ttab', tag: 'ok' }))).toEqual({ text: 'line 1\nline 2\ttab', tag: 'ok' });
    expect(errorsOf(validator.validate({ text: 'bell\u0007', tag: 'ok', cc: ['fine', 'esc\u001b'] }))).toEqual([
      'text must not contain control characters (U+0007 at position 4)',
      'cc.1 must not contain control characters (U+001B at position 3)',
    ]);
    expect(errorsOf(validator.validate({ text: 'x'.repeat(SECURE_INPUT_MAX_LENGTH + 1), tag: 'ok' }))).toEqual([
      `text must be shorter than or equal to ${SECURE_INPUT_MAX_LENGTH} characters`,
    ]);
    // Counted in code points, as JSON Schema counts: 10 000 emoji are 20 000 UTF-16 units.
    expect(validator.validate({ text: '😀'.repeat(SECURE_INPUT_MAX_LENGTH), tag: 'ok' }).ok).toBe(true);
  });

  it('lets a subclass change the defaults', () => {
    const validator = createDtoValidator(Short);
    expect(valueOf(validator.validate({ text: 'a\u0007b' }))).toEqual({ text: 'a\u0007b' });
    expect(errorsOf(validator.validate({ text: 'abcdef' }))).toEqual(['text must be shorter than or equal to 5 characters']);
    expect(buildInputSchema(Short).properties.text).toEqual({ type: 'string', maxLength: 5 });
  });

  it('refuses a nonsensical maximum at decoration time', () => {
    expect(() => StringDefaults({ maxLength: -1 })).toThrow('@StringDefaults: maxLength must be a non-negative integer, got -1');
  });
});

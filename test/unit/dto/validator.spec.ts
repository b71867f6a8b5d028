import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { DEFAULT_INPUT_LIMITS } from '../../../src/dto/input-limits';
import { buildInputSchema } from '../../../src/dto/schema';
import { createDtoValidator, type ValidationOutcome } from '../../../src/dto/validator';

function errorsOf(outcome: ValidationOutcome): string[] {
  if (outcome.ok) throw new Error(`expected a failed validation, got ${JSON.stringify(outcome.value)}`);
  return outcome.errors;
}

function valueOf(outcome: ValidationOutcome): object {
  if (!outcome.ok) throw new Error(`expected a successful validation, got ${outcome.errors.join('; ')}`);
  return outcome.value;
}

/** `{ a: { a: ... { a: leaf } } }` with `levels` objects, the outermost included. */
function nestedObject(levels: number, leaf: unknown = 1): Record<string, unknown> {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value as Record<string, unknown>;
}

describe('createDtoValidator', () => {
  class AddInput {
    @IsInt() a!: number;
    @IsInt() b!: number;

    get sum(): number {
      return this.a + this.b;
    }
  }

  class Address {
    @IsString() city!: string;
    @IsOptional() @Matches(/^\d{5}$/) zip?: string;
  }

  class Person {
    @IsString() @MaxLength(40) name!: string;
    @ValidateNested() @Type(() => Address) address!: Address;
    @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => Address) previous?: Address[];
  }

  class Note {
    @IsString() @MaxLength(100) note!: string;
    @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
    @IsOptional() @IsObject() extra?: Record<string, unknown>;
  }

  describe('valid input', () => {
    it('returns the DTO instance, with its getters working', () => {
      const value = valueOf(createDtoValidator(AddInput).validate({ a: 2, b: 3 }));
      expect(value).toBeInstanceOf(AddInput);
      expect((value as AddInput).sum).toBe(5);
    });

    it('builds nested DTO instances', () => {
      const value = valueOf(
        createDtoValidator(Person).validate({ name: 'Ada', address: { city: 'London' }, previous: [{ city: 'Paris', zip: '75001' }] }),
      ) as Person;
      expect(value.address).toBeInstanceOf(Address);
      expect(value.previous?.[0]).toBeInstanceOf(Address);
      expect(value.previous?.[0].zip).toBe('75001');
    });

    it('runs sanitizing @Transform decorators', () => {
      class Trimmed {
        @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
        @IsString()
        @MinLength(1)
        name!: string;
      }
      const validator = createDtoValidator(Trimmed);
      expect(valueOf(validator.validate({ name: '  Ada ' }))).toEqual({ name: 'Ada' });
      expect(errorsOf(validator.validate({ name: '   ' }))).toEqual(['name must be longer than or equal to 1 characters']);
    });

    it('leaves the caller input untouched', () => {
      const input = { a: 1, b: 2, constructor: 'x' };
      valueOf(createDtoValidator(AddInput).validate(input));
      expect(input).toEqual({ a: 1, b: 2, constructor: 'x' });
    });
  });

  describe('invalid input', () => {
    it('rejects wrong types with class-validator messages, without coercion', () => {
      expect(errorsOf(createDtoValidator(AddInput).validate({ a: '1', b: true }))).toEqual(['a must be an integer number', 'b must be an integer number']);
    });

    it('reports missing fields', () => {
      expect(errorsOf(createDtoValidator(AddInput).validate({ a: 1 }))).toEqual(['b must be an integer number']);
      expect(errorsOf(createDtoValidator(AddInput).validate(undefined))).toHaveLength(2);
    });

    it('reports a missing nested DTO, which @ValidateNested() alone would let through', () => {
      expect(errorsOf(createDtoValidator(Person).validate({ name: 'Ada' }))).toEqual(['address is required']);
    });

    it('rejects unknown properties, at any level', () => {
      expect(errorsOf(createDtoValidator(AddInput).validate({ a: 1, b: 2, c: 3 }))).toEqual(['property c should not exist']);
      expect(errorsOf(createDtoValidator(Person).validate({ name: 'Ada', address: { city: 'Rome', street: 'x' } }))).toEqual([
        'property address.street should not exist',
      ]);
    });

    it('names the nested path of each error', () => {
      const errors = errorsOf(
        createDtoValidator(Person).validate({ name: 'Ada', address: { city: 7 }, previous: [{ city: 'Oslo' }, { city: 'Bern', zip: '1' }] }),
      );
      expect(errors).toEqual(['address.city must be a string', 'previous.1.zip must match /^\\d{5}$/ regular expression']);
    });

    it('names the path of `each` errors', () => {
      expect(errorsOf(createDtoValidator(Note).validate({ note: 'n', tags: ['a', 2] }))).toEqual(['each value in tags must be a string']);
    });

    it.each([null, [], 'text', 42, true])('rejects %p as arguments', (input) => {
      expect(errorsOf(createDtoValidator(AddInput).validate(input))).toEqual(['arguments must be an object']);
    });
  });

  describe('prototype pollution', () => {
    it('drops __proto__ keys, keeping the rest of the payload', () => {
      const payload = JSON.parse('{"__proto__": {"polluted": 1}, "a": 1, "b": 2}');
      const value = valueOf(createDtoValidator(AddInput).validate(payload));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(value).toBeInstanceOf(AddInput);
      expect({ ...value }).toEqual({ a: 1, b: 2 });
      expect(Object.prototype.hasOwnProperty.call(value, 'polluted')).toBe(false);
    });

    it('drops constructor and prototype keys at every level', () => {
      const payload = JSON.parse(
        '{"constructor": {"prototype": {"polluted": 1}}, "name": "Ada", "address": {"__proto__": {"polluted": 1}, "prototype": 1, "city": "Rome"}}',
      );
      const value = valueOf(createDtoValidator(Person).validate(payload)) as Person;
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect({ ...value.address }).toEqual({ city: 'Rome' });
      expect(Object.getPrototypeOf(value.address)).toBe(Address.prototype);
    });

    it('returns a copy with an ordinary prototype when there is no DTO', () => {
      const value = valueOf(createDtoValidator(undefined).validate(JSON.parse('{"__proto__": {"polluted": 1}}')));
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect((value as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('limits', () => {
    it('keeps errors short for a 1 MB string', () => {
      const errors = errorsOf(createDtoValidator(Note).validate({ note: 'x'.repeat(1_000_000) }));
      expect(errors).toEqual(['note must be shorter than or equal to 100 characters']);
    });

    it('quotes at most 64 characters of an offending value', () => {
      class Echo {
        @MaxLength(5, { message: '$property is too long: $value' }) text!: string;
      }
      const [error] = errorsOf(createDtoValidator(Echo).validate({ text: 'y'.repeat(1_000_000) }));
      expect(error).toBe(`text is too long: ${'y'.repeat(64)}…`);
    });

    it('bounds strings, arrays, depth and size before the DTO sees them', () => {
      const validator = createDtoValidator(Note, { maxStringLength: 10, maxArrayLength: 3, maxDepth: 3, maxBytes: 200 });
      expect(errorsOf(validator.validate({ note: 'x'.repeat(11) }))).toEqual(['string at note is longer than 10 characters (limit maxStringLength)']);
      expect(errorsOf(validator.validate({ note: 'n', tags: ['a', 'b', 'c', 'd'] }))).toEqual(['array at tags has more than 3 items (limit maxArrayLength)']);
      // The arguments object is level 1, so `extra` may hold two levels.
      expect(errorsOf(validator.validate({ note: 'n', extra: nestedObject(3) }))).toEqual(['arguments nest deeper than 3 levels (limit maxDepth)']);
      expect(valueOf(validator.validate({ note: 'n', extra: nestedObject(2) }))).toEqual({ note: 'n', extra: { a: { a: 1 } } });
      const wide = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, '1234567890']));
      expect(errorsOf(validator.validate({ note: 'n', extra: wide }))).toEqual(['arguments are larger than 200 bytes (limit maxBytes)']);
    });

    it('applies the default limits', () => {
      const validator = createDtoValidator(Note);
      valueOf(validator.validate({ note: 'n', extra: nestedObject(DEFAULT_INPUT_LIMITS.maxDepth - 1) }));
      expect(errorsOf(validator.validate({ note: 'n', extra: nestedObject(DEFAULT_INPUT_LIMITS.maxDepth) }))).toEqual([
        'arguments nest deeper than 32 levels (limit maxDepth)',
      ]);
      expect(errorsOf(validator.validate({ note: 'n', tags: Array.from({ length: 10_001 }, () => 't') }))).toEqual([
        'array at tags has more than 10000 items (limit maxArrayLength)',
      ]);
      expect(errorsOf(validator.validate({ note: 'n', extra: { a: 'x'.repeat(600_000), b: 'x'.repeat(600_000) } }))).toEqual([
        'arguments are larger than 1048576 bytes (limit maxBytes)',
      ]);
    });

    it('survives hostile nesting without overflowing the stack', () => {
      expect(errorsOf(createDtoValidator(Note).validate({ note: 'n', extra: nestedObject(100_000) }))).toEqual([
        'arguments nest deeper than 32 levels (limit maxDepth)',
      ]);
    });
  });

  describe('where class-validator alone would disagree with the schema', () => {
    class Tagged {
      @IsOptional() @IsString() note?: string;
      @IsOptional() @ValidateNested() @Type(() => Address) home?: Address;
      @IsOptional() @ValidateNested({ each: true }) @Type(() => Address) visited?: Address[];
    }

    it('refuses null for an optional property (omitting it is the way to say nothing)', () => {
      expect(errorsOf(createDtoValidator(Tagged).validate({ note: null }))).toEqual(['note must be omitted rather than null']);
      expect(errorsOf(createDtoValidator(Person).validate({ name: 'Ada', address: { city: 'Rome', zip: null } }))).toEqual([
        'address.zip must be omitted rather than null',
      ]);
    });

    it('refuses an array where one nested DTO is expected, and one DTO where an array is', () => {
      expect(errorsOf(createDtoValidator(Tagged).validate({ home: [{ city: 'Rome' }] }))).toEqual(['home must be an object, not an array']);
      expect(errorsOf(createDtoValidator(Tagged).validate({ visited: { city: 'Rome' } }))).toEqual(['visited must be an array']);
      expect(valueOf(createDtoValidator(Tagged).validate({ home: { city: 'Rome' }, visited: [{ city: 'Oslo' }] }))).toEqual({
        home: { city: 'Rome' },
        visited: [{ city: 'Oslo' }],
      });
    });
  });

  describe('without a DTO', () => {
    it('accepts only an empty object, as its schema says', () => {
      const validator = createDtoValidator(undefined);
      expect(valueOf(validator.validate(undefined))).toEqual({});
      expect(errorsOf(validator.validate({ x: 1 }))).toEqual(['property x should not exist']);
    });
  });

  it('refuses a DTO with an asynchronous constraint at creation', () => {
    class Unique {
      @IsString() name!: string;
    }
    registerDecorator({
      name: 'isUniqueName',
      target: Unique,
      propertyName: 'name',
      async: true,
      validator: { validate: async () => true },
    });
    expect(() => createDtoValidator(Unique)).toThrow('Unique.name: asynchronous class-validator constraints are not supported');
  });

  describe('agrees with ajv running the generated schema', () => {
    enum Role {
      Admin = 'admin',
      User = 'user',
    }
    class Account {
      @IsEmail() email!: string;
      @IsEnum(Role) role!: Role;
      @IsOptional() @IsInt() @Min(0) @Max(150) age?: number;
      @IsOptional() @IsArray() @ArrayMaxSize(2) @IsString({ each: true }) tags?: string[];
    }
    const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));

    const cases: [string, new () => object, unknown[]][] = [
      ['AddInput', AddInput, [{ a: 1, b: 2 }, { a: 1 }, { a: 1.5, b: 2 }, { a: '1', b: 2 }, { a: 1, b: 2, c: 3 }, {}]],
      [
        'Person',
        Person,
        [
          { name: 'Ada', address: { city: 'London' } },
          { name: 'Ada', address: { city: 'London', zip: '12345' }, previous: [{ city: 'Paris' }] },
          { name: 'Ada' },
          { name: 'Ada', address: { city: 1 } },
          { name: 'Ada', address: { city: 'London', zip: '1234' } },
          { name: 'Ada', address: { city: 'London', extra: true } },
          { name: 'Ada', address: { city: 'London' }, previous: [{}] },
          { name: 'x'.repeat(41), address: { city: 'London' } },
        ],
      ],
      [
        'Account',
        Account,
        [
          { email: 'ada@example.com', role: 'admin' },
          { email: 'ada@example.com', role: 'user', age: 36, tags: ['a', 'b'] },
          { email: 'not-an-email', role: 'admin' },
          { email: 'ada@example.com', role: 'root' },
          { email: 'ada@example.com', role: 'admin', age: 151 },
          { email: 'ada@example.com', role: 'admin', age: -1 },
          { email: 'ada@example.com', role: 'admin', tags: ['a', 'b', 'c'] },
          { email: 'ada@example.com', role: 'admin', tags: ['a', 1] },
        ],
      ],
    ];

    it.each(cases)('%s', (_name, dto, samples) => {
      const schemaAccepts = ajv.compile(buildInputSchema(dto));
      const validator = createDtoValidator(dto);
      const verdicts = samples.map((sample) => [schemaAccepts(sample), validator.validate(sample).ok]);
      for (const [byAjv, byValidator] of verdicts) expect(byAjv).toBe(byValidator);
      // Both outcomes occur, so agreement is not an accident of everything passing or failing.
      expect(new Set(verdicts.map(([byAjv]) => byAjv))).toEqual(new Set([true, false]));
    });
  });
});

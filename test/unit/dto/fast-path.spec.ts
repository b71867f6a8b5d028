import { Exclude, Expose, Transform, Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { compileFastPath, type FastPath } from '../../../src/dto/fast-path';
import { createDtoValidator, type DtoValidator, type ValidationOutcome } from '../../../src/dto/validator';
import { SecureInput } from '../../../src/sanitizers/secure-input';
import { StringDefaults } from '../../../src/sanitizers/string-defaults.decorator';

/*
 * The validator's fast path must be invisible: for every input, the validator with it answers
 * exactly what the validator without it (class-transformer + class-validator) answers, down to
 * the class of every nested instance and the text of every message.
 */

/** A small deterministic generator (mulberry32), so that a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Gen = (rnd: () => number) => unknown;
const pick =
  (...values: unknown[]): Gen =>
  (rnd) =>
    values[Math.floor(rnd() * values.length)];
const oneOf =
  (...gens: Gen[]): Gen =>
  (rnd) =>
    gens[Math.floor(rnd() * gens.length)]!(rnd);

/** Values of every JSON kind, the edges class-validator cares about included. */
const anyScalar = pick(
  0,
  -1,
  1,
  7,
  42,
  150,
  151,
  1.5,
  -0.5,
  1e21,
  Number.MAX_SAFE_INTEGER,
  '',
  ' ',
  'a',
  'abc',
  '42',
  'x'.repeat(50),
  'ada@example.com',
  'not an email',
  '12345',
  'admin',
  'user',
  true,
  false,
  null,
);
const anyValue: Gen = (rnd) => {
  const r = rnd();
  if (r < 0.7) return anyScalar(rnd);
  if (r < 0.85) return Array.from({ length: Math.floor(rnd() * 4) }, () => anyScalar(rnd));
  return { city: anyScalar(rnd), ...(rnd() < 0.3 ? { zip: anyScalar(rnd) } : {}) };
};

/** An object with each field usually present, usually from its own generator, sometimes anything; plus strays. */
function objectOf(fields: Record<string, Gen>): Gen {
  return (rnd) => {
    const out: Record<string, unknown> = {};
    for (const [key, gen] of Object.entries(fields)) {
      if (rnd() < 0.9) out[key] = rnd() < 0.9 ? gen(rnd) : anyValue(rnd);
    }
    const stray = rnd();
    if (stray < 0.05) out['extra'] = anyValue(rnd);
    else if (stray < 0.08) out['toString'] = 1;
    else if (stray < 0.1) return JSON.parse(`{"__proto__": {"polluted": 1}, "constructor": 1, ${JSON.stringify(out).slice(1)}`.replace(', }', '}'));
    return out;
  };
}

function outcomes(withFast: DtoValidator, without: DtoValidator, input: unknown): ValidationOutcome {
  const fast = withFast.validate(input);
  const slow = without.validate(input);
  // toStrictEqual compares classes too: nested DTO instances must be instances of the same classes.
  expect({ input, outcome: fast }).toStrictEqual({ input, outcome: slow });
  return slow;
}

describe('DTO validator fast path', () => {
  enum Role {
    Admin = 'admin',
    User = 'user',
  }

  class AddInput {
    @IsInt() a!: number;
    @IsInt() b!: number;
  }

  class Address {
    @IsString() @Length(1, 20) city!: string;
    @IsOptional() @Matches(/^\d{5}$/) zip?: string;
  }

  class Person {
    @IsString() @MaxLength(40) @IsNotEmpty() name!: string;
    @ValidateNested() @Type(() => Address) address!: Address;
    @IsOptional() @IsArray() @ArrayMaxSize(2) @ValidateNested({ each: true }) @Type(() => Address) previous?: Address[];
  }

  class Account {
    @IsEmail() email!: string;
    @IsEnum(Role) role!: Role;
    @IsOptional() @IsInt() @Min(0) @Max(150) age?: number;
    @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @IsString({ each: true }) tags?: string[];
    @IsOptional() @IsBoolean() active?: boolean;
  }

  class Paging {
    @IsOptional() @IsInt() @IsPositive() @Max(100) limit: number = 10;
    @IsOptional() @IsIn(['asc', 'desc']) order: string = 'asc';
    @IsDefined() @IsNumber() score!: number;
    @IsOptional() @Allow() note?: unknown;
  }

  class Ids {
    @IsUUID() id!: string;
    @IsOptional() @IsUUID('4', { each: true }) others?: string[];
  }

  @StringDefaults({ maxLength: 10 })
  class Short {
    @IsString() text!: string;
    @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
  }

  class Message extends SecureInput {
    @IsString() @Length(1, 50) text!: string;
  }

  const shapes: [string, new () => object, Gen, boolean][] = [
    ['AddInput', AddInput, objectOf({ a: pick(1, 2, -3, 0, 1.5, '1'), b: pick(0, 40, 2 ** 40, -7, null) }), true],
    [
      'Person (nested, arrays of nested)',
      Person,
      objectOf({
        name: pick('Ada', 'Grace', 'x'.repeat(40), '', 'x'.repeat(41), 3),
        address: oneOf(
          (rnd) => ({ city: pick('London', 'Oslo', 'x'.repeat(20))(rnd), ...(rnd() < 0.5 ? { zip: pick('12345', '00000')(rnd) } : {}) }),
          objectOf({ city: pick('London', '', 'x'.repeat(21), 1), zip: pick('12345', '1234', 12345) }),
        ),
        previous: (rnd) =>
          Array.from({ length: Math.floor(rnd() * 4) }, () =>
            rnd() < 0.8 ? { city: pick('Paris', 'Rome')(rnd) } : objectOf({ city: pick('Paris', 7), zip: pick('75001', 'x') })(rnd),
          ),
      }),
      false,
    ],
    [
      'Account (email, enum, bounds, each)',
      Account,
      objectOf({
        email: pick('ada@example.com', 'grace@example.org', 'a@b.co', 'ada@'),
        role: pick('admin', 'user', 'user', 'admin', 'root'),
        age: pick(0, 36, 150, 36, null, 151, -1, 2.5),
        tags: pick(['a'], ['a', 'b', 'c'], ['x', 'y'], ['z'], [], ['a', 'b', 'c', 'd'], ['a', 2]),
        active: pick(true, false, true, false, 'true'),
      }),
      true,
    ],
    [
      'Paging (defaults, @IsDefined, @Allow)',
      Paging,
      objectOf({ limit: pick(1, 100, 101, 0, null), order: pick('asc', 'desc', 'up'), score: pick(0, 1.5, null, '3'), note: anyValue }),
      true,
    ],
    [
      'Short (@StringDefaults: length in code points, control characters)',
      Short,
      objectOf({
        text: pick('hello', '0123456789', '01234567890', '😀😀😀😀😀😀😀😀😀😀', 'tab\there', 'bell\u0007', ''),
        tags: pick(['a'], ['0123456789'], ['01234567890'], ['ok', 'esc\u001b']),
      }),
      true,
    ],
    ['Message (SecureInput)', Message, objectOf({ text: pick('hi', 'new\nline', 'nul\u0000', 'x'.repeat(51)) }), true],
    [
      'Ids (uuid, each)',
      Ids,
      objectOf({
        id: pick('6f1c8f2e-2a3b-4c5d-8e9f-0a1b2c3d4e5f', 'nope', ''),
        others: pick([], ['6f1c8f2e-2a3b-4c5d-8e9f-0a1b2c3d4e5f'], ['x'], [1]),
      }),
      true,
    ],
  ];

  describe.each(shapes)('%s', (_name, dto, generate, eligible) => {
    const withFast = createDtoValidator(dto);
    const without = createDtoValidator(dto, undefined, { fastPath: false });
    const fast = compileFastPath(dto);

    it(eligible ? 'is eligible for the fast path' : 'keeps the full path', () => {
      expect(typeof fast).toBe(eligible ? 'function' : 'string');
    });

    it('agrees with the full path on 400 generated inputs', () => {
      const rnd = random(0xdecaf);
      let accepted = 0;
      let rejected = 0;
      let fastAccepted = 0;
      for (let i = 0; i < 400; i++) {
        const input = generate(rnd);
        const outcome = outcomes(withFast, without, input);
        if (outcome.ok) accepted++;
        else rejected++;
        if (outcome.ok && typeof fast === 'function' && fast(JSON.parse(JSON.stringify(input)) as Record<string, unknown>)?.valid) fastAccepted++;
      }
      // Both verdicts occur, and the fast path does most of the accepting, so agreement is not
      // vacuous. (It leaves to the full path strays such as a `toString` key, which
      // class-transformer silently drops, and free-form objects such as an @Allow() value.)
      expect(accepted).toBeGreaterThan(30);
      expect(rejected).toBeGreaterThan(30);
      if (eligible) expect(fastAccepted).toBeGreaterThan(accepted * 0.6);
    });
  });

  it('agrees on inputs that are not objects, or empty', () => {
    const withFast = createDtoValidator(AddInput);
    const without = createDtoValidator(AddInput, undefined, { fastPath: false });
    for (const input of [undefined, null, [], 'x', 1, {}, { a: undefined, b: 1 }, Object.create(null)]) outcomes(withFast, without, input);
  });

  it('builds instances of the DTO class, constructor defaults included', () => {
    const fast = compileFastPath(Paging) as FastPath;
    const attempt = fast({ score: 2 });
    expect(attempt?.valid).toBe(true);
    expect(attempt?.instance).toBeInstanceOf(Paging);
    expect(attempt?.instance).toStrictEqual(Object.assign(new Paging(), { score: 2 }));
  });

  it('leaves rejections, with their messages, to the full path', () => {
    const fast = compileFastPath(AddInput) as FastPath;
    expect(fast({ a: 1, b: '2' })).toStrictEqual({ valid: false, instance: new AddInput() });
    expect(fast({ a: 1, b: { c: 2 } })).toBeUndefined();
    expect(createDtoValidator(AddInput).validate({ a: 1, b: '2' })).toEqual({ ok: false, errors: ['b must be an integer number'] });
  });

  it('constructs the DTO once per call, as class-transformer alone does', () => {
    let constructed = 0;
    class Counted {
      @IsInt() a!: number;
      constructor() {
        constructed++;
      }
    }
    const validator = createDtoValidator(Counted);
    expect(typeof compileFastPath(Counted)).toBe('function');
    expect(constructed).toBe(0);
    for (const input of [{ a: 1 }, { a: 'x' }, { a: { deep: 1 } }, { b: 1 }, {}]) {
      const before = constructed;
      validator.validate(input);
      expect({ input, constructions: constructed - before }).toEqual({ input, constructions: 1 });
    }
  });

  describe('DTOs that keep the full path', () => {
    it('sanitizers and other @Transform', () => {
      class Trimmed {
        @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() name!: string;
      }
      expect(compileFastPath(Trimmed)).toMatch(/@Transform/);
      expect(createDtoValidator(Trimmed).validate({ name: '  Ada ' })).toStrictEqual({ ok: true, value: Object.assign(new Trimmed(), { name: 'Ada' }) });
    });

    it('@Type on a primitive (conversion), @Expose, @Exclude', () => {
      class Converted {
        @Type(() => Number) @IsNumber() n!: number;
      }
      class Renamed {
        @Expose({ name: 'first_name' }) @IsString() firstName!: string;
      }
      class Hidden {
        @IsString() name!: string;
        @Exclude() @IsOptional() @IsString() secret?: string;
      }
      expect(compileFastPath(Converted)).toMatch(/@Type/);
      expect(compileFastPath(Renamed)).toMatch(/@Expose/);
      expect(compileFastPath(Hidden)).toMatch(/@Exclude/);
    });

    it('custom constraints, @ValidateIf, validateIf options', () => {
      class Custom {
        @IsString() name!: string;
      }
      registerDecorator({ name: 'isShouty', target: Custom, propertyName: 'name', validator: { validate: (v: unknown) => v === String(v).toUpperCase() } });
      class Conditional {
        @IsOptional() @IsString() kind?: string;
        @ValidateIf((o: Conditional) => o.kind === 'x') @IsInt() value?: number;
      }
      expect(compileFastPath(Custom)).toMatch(/custom constraint isShouty/);
      expect(compileFastPath(Conditional)).toMatch(/@ValidateIf/);
      expect(createDtoValidator(Custom).validate({ name: 'abc' }).ok).toBe(false);
      expect(createDtoValidator(Custom).validate({ name: 'ABC' }).ok).toBe(true);
    });

    it('a validated name that is also an accessor; nested DTOs', () => {
      class WithGetter {
        @IsInt() a!: number;
        @IsOptional() @IsInt() get total(): number {
          return this.a;
        }
      }
      class WithState {
        @IsInt() a!: number;
        createdAt = 1;
      }
      expect(compileFastPath(WithGetter)).toMatch(/member of the class/);
      expect(compileFastPath(Person)).toMatch(/Person.address: nested DTO/);
      // A constructor that sets an unvalidated field fails every call, on both paths alike.
      const without = createDtoValidator(WithState, undefined, { fastPath: false });
      for (const input of [{ a: 1 }, { a: 'x' }]) expect(outcomes(createDtoValidator(WithState), without, input).ok).toBe(false);
    });
  });
});

import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { elicitationForm, type ElicitationSchema } from '../../../src/context/elicitation';

describe('elicitationForm', () => {
  it('derives fields, bounds, formats, multi-select and defaults from a DTO', () => {
    class Survey {
      @IsString() @MaxLength(40) nickname = 'anon';
      @IsNumber() @Min(0) @Max(10) score = 9.5;
      @IsOptional() @IsUUID() ticket?: string;
      @IsArray() @ArrayMaxSize(2) @IsIn(['red', 'green', 'blue'], { each: true }) colours: string[] = ['red'];
      @IsOptional() @IsBoolean() subscribe?: boolean;
    }
    expect(elicitationForm(Survey).requestedSchema).toEqual({
      type: 'object',
      properties: {
        nickname: { type: 'string', maxLength: 40, default: 'anon' },
        score: { type: 'number', minimum: 0, maximum: 10, default: 9.5 },
        // uuid is not among the formats a form may declare; the DTO still validates it.
        ticket: { type: 'string' },
        colours: { type: 'array', items: { type: 'string', enum: ['red', 'green', 'blue'] }, maxItems: 2, default: ['red'] },
        subscribe: { type: 'boolean' },
      },
      required: ['nickname', 'score', 'colours'],
    });
    expect(elicitationForm(Survey).check({ nickname: 'x', score: 1, colours: [], ticket: 'not-a-uuid' })).toEqual({
      ok: false,
      errors: ['ticket must be a UUID'],
    });
  });

  it('refuses DTOs a form cannot hold, naming the property', () => {
    class Child {
      @IsString() name!: string;
    }
    class Nested {
      @ValidateNested() @Type(() => Child) child!: Child;
    }
    class Untyped {
      @IsOptional() anything?: unknown;
    }
    class NumericEnum {
      @IsIn([1, 2]) level!: number;
    }
    class FreeArray {
      @IsArray() @IsString({ each: true }) words!: string[];
    }
    class Obj {
      @IsObject() meta!: object;
    }
    expect(() => elicitationForm(Nested)).toThrow(/Nested.child: type object is not allowed/);
    expect(() => elicitationForm(Untyped)).toThrow(/Untyped.anything: its type is not declared/);
    expect(() => elicitationForm(NumericEnum)).toThrow(/NumericEnum.level: enum values must be strings/);
    expect(() => elicitationForm(FreeArray)).toThrow(/FreeArray.words: arrays must be string enums/);
    expect(() => elicitationForm(Obj)).toThrow(/Obj.meta/);
  });

  it('sends a raw schema as it is and validates answers against it without adding defaults', () => {
    const schema: ElicitationSchema = {
      type: 'object',
      properties: {
        size: {
          type: 'string',
          oneOf: [
            { const: 's', title: 'Small' },
            { const: 'l', title: 'Large' },
          ],
          default: 's',
        },
        extras: { type: 'array', items: { anyOf: [{ const: 'milk', title: 'Milk' }] } },
        count: { type: 'integer', minimum: 1 },
      },
      required: ['size'],
    };
    const form = elicitationForm(schema);
    expect(form.requestedSchema).toBe(schema);
    expect(form.check({ size: 'l' })).toEqual({ ok: true, value: { size: 'l' } });
    expect(form.check({ size: 'xl', count: 0, extras: ['sugar'] })).toEqual({
      ok: false,
      errors: ['size must be one of ["s","l"]', 'extras.0 must be one of ["milk"]', 'count must be >= 1'],
    });
    expect(form.check({})).toEqual({ ok: false, errors: ['size is required'] });
  });

  it('refuses a raw schema with a field type forms do not have', () => {
    const bad = { type: 'object', properties: { nested: { type: 'object' } } } as unknown as ElicitationSchema;
    expect(() => elicitationForm(bad)).toThrow(/elicitation field nested: type must be/);
  });

  it('computes the form of a class once', () => {
    class Once {
      @IsInt() n = 1;
    }
    expect(elicitationForm(Once)).toBe(elicitationForm(Once));
  });
});

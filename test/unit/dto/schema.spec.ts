import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  getMetadataStorage,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { buildInputSchema, type JsonSchema } from '../../../src/dto/schema';
import { setDtoField } from '../../../src/metadata/reflect';

/** Every object schema in a tree, root included. */
function objectSchemas(schema: JsonSchema): JsonSchema[] {
  const nested = [...Object.values(schema.properties ?? {}), ...(schema.items ? [schema.items] : [])];
  return [...(schema.type === 'object' && schema.properties ? [schema] : []), ...nested.flatMap(objectSchemas)];
}

describe('buildInputSchema', () => {
  const Describe =
    (description: string): PropertyDecorator =>
    (prototype, key) =>
      setDtoField(prototype, String(key), { description });

  enum Color {
    Red = 'red',
    Green = 'green',
  }
  enum Level {
    Low,
    High,
  }

  class Address {
    @IsString() @MinLength(1) city!: string;
    @IsOptional() @Matches(/^\d{5}$/) zip?: string;
  }

  class Person {
    @Describe('Full name') @IsString() @MaxLength(80) name!: string;
    @ValidateNested() @Type(() => Address) address!: Address;
    @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => Address) previous?: Address[];
  }

  class Choices {
    @IsEnum(Color) color!: Color;
    @IsEnum(Level) level!: Level;
    @IsIn(['asc', 'desc']) order!: string;
    @IsOptional() @IsString() note?: string;
  }

  class Lists {
    @IsArray() @IsString({ each: true }) @MaxLength(20, { each: true }) @ArrayMinSize(1) @ArrayMaxSize(5) tags!: string[];
    @IsArray() @IsInt({ each: true }) ids!: number[];
  }

  class Constraints {
    @IsInt() @Min(1) @Max(100) count!: number;
    @IsNumber() @IsPositive() price!: number;
    @IsString() @Length(2, 10) code!: string;
    @IsEmail() email!: string;
    @IsUUID() id!: string;
    @IsUrl() site!: string;
    @IsDateString() at!: string;
    @IsBoolean() active!: boolean;
    @IsObject() extra!: Record<string, unknown>;
  }

  class Base {
    @IsUUID() id!: string;
    @IsString() name!: string;
  }
  class Derived extends Base {
    @IsOptional() @IsString() @MaxLength(10) override name!: string;
    @IsInt() version!: number;
  }

  it('gives an empty closed object when there is no DTO', () => {
    const schema = buildInputSchema(undefined);
    expect(schema).toEqual({ type: 'object', properties: {}, additionalProperties: false });
    expect(Object.isFrozen(schema)).toBe(true);
  });

  it('inlines nested DTOs, closed at every level, with no $ref', () => {
    const schema = buildInputSchema(Person);
    expect(schema).toMatchSnapshot();
    expect(JSON.stringify(schema)).not.toContain('$ref');
    const objects = objectSchemas(schema);
    expect(objects).toHaveLength(3); // Person, address, previous[]
    for (const object of objects) expect(object.additionalProperties).toBe(false);
    expect(schema.properties.previous).toMatchObject({ type: 'array', items: { type: 'object', required: ['city'] } });
    expect(schema.properties.name.description).toBe('Full name');
  });

  it('requires exactly the properties without @IsOptional()', () => {
    expect(buildInputSchema(Person).required).toEqual(['name', 'address']);
    expect(buildInputSchema(Choices).required).toEqual(['color', 'level', 'order']);
  });

  it('maps enums (without numeric reverse mappings) and @IsIn', () => {
    const schema = buildInputSchema(Choices);
    expect(schema).toMatchSnapshot();
    expect(schema.properties.level.enum).toEqual([0, 1]);
  });

  it('maps arrays, with `each` constraints on the items', () => {
    const schema = buildInputSchema(Lists);
    expect(schema).toMatchSnapshot();
    expect(schema.properties.tags).toEqual({
      type: 'array',
      minItems: 1,
      maxItems: 5,
      items: { type: 'string', maxLength: 20 },
    });
  });

  it('maps constraints and formats', () => {
    const schema = buildInputSchema(Constraints);
    expect(schema).toMatchSnapshot();
    expect(schema.properties.count).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    expect(schema.properties.extra).toEqual({ type: 'object' });
  });

  it('includes base class properties, letting the subclass redeclare one', () => {
    const schema = buildInputSchema(Derived);
    expect(schema).toMatchSnapshot();
    expect(Object.keys(schema.properties)).toEqual(['id', 'name', 'version']);
    expect(schema.required).toEqual(['id', 'version']);
    expect(schema.properties.name).toEqual({ type: 'string', maxLength: 10 });
  });

  it('keeps the tighter bound when two decorators bound the same keyword', () => {
    class Bounds {
      @IsString() @MaxLength(50) @Length(1, 20) text!: string;
    }
    expect(buildInputSchema(Bounds).properties.text).toEqual({ type: 'string', minLength: 1, maxLength: 20 });
  });

  it('ANDs a second pattern in through allOf', () => {
    class Patterns {
      @Matches(/^[a-z]+$/) @Matches(/^.{2,4}$/u) code!: string;
    }
    expect(buildInputSchema(Patterns).properties.code).toEqual({ type: 'string', pattern: '^.{2,4}$', allOf: [{ pattern: '^[a-z]+$' }] });
  });

  it('says what @IsNotEmpty() means whether or not the type is known', () => {
    class NotEmpty {
      @IsNotEmpty() anything!: unknown;
      @IsNotEmpty() @IsString() text!: string;
      @IsNotEmpty() @IsInt() count!: number;
    }
    const { properties } = buildInputSchema(NotEmpty);
    expect(properties.anything).toEqual({ not: { enum: ['', null] } });
    expect(properties.text).toEqual({ type: 'string', minLength: 1 });
    expect(properties.count).toEqual({ type: 'integer' });
  });

  it('applies `each` rules to a value that is not an array, as class-validator does', () => {
    class Each {
      @IsString({ each: true }) names!: string | string[];
    }
    expect(buildInputSchema(Each).properties.names).toEqual({
      if: { type: 'array' },
      then: { type: 'array', items: { type: 'string' } },
      else: { type: 'string' },
    });
  });

  it('leaves out a pattern whose flags JSON Schema cannot express', () => {
    class Patterns {
      @Matches(/^ab$/i) loose!: string;
      @Matches('^[a-z]+$') strict!: string;
    }
    const { properties } = buildInputSchema(Patterns);
    expect(properties.loose).toEqual({ type: 'string' });
    expect(properties.strict).toEqual({ type: 'string', pattern: '^[a-z]+$' });
  });

  it('deep-freezes the schema and leaves class-validator metadata untouched', () => {
    const before = getMetadataStorage().getTargetValidationMetadatas(Choices, '', false, false);
    const enumConstraints = before.find((m) => m.propertyName === 'color')!.constraints[1];
    const schema = buildInputSchema(Choices);
    expect(Object.isFrozen(schema.properties.color.enum)).toBe(true);
    expect(Object.isFrozen(enumConstraints)).toBe(false);
    expect(() => (schema.properties.color.enum as unknown[]).push('blue')).toThrow(TypeError);
    expect(buildInputSchema(Choices)).toEqual(schema);
  });

  it('refuses a recursive DTO, naming the class and property', () => {
    class TreeNode {
      @IsString() label!: string;
      @IsOptional() @ValidateNested({ each: true }) @Type(() => TreeNode) children?: TreeNode[];
    }
    expect(() => buildInputSchema(TreeNode)).toThrow('TreeNode.children refers back to TreeNode');
  });

  it('refuses @ValidateNested() without @Type', () => {
    class Loose {
      @ValidateNested() address!: Address;
    }
    expect(() => buildInputSchema(Loose)).toThrow('Loose.address has @ValidateNested() but no @Type');
  });

  it('refuses decorators that no value could satisfy together', () => {
    class Impossible {
      @IsString() @Min(1) value!: string;
    }
    expect(() => buildInputSchema(Impossible)).toThrow(/^Impossible\.value: its decorators require both (string and number|number and string)/);
  });
});

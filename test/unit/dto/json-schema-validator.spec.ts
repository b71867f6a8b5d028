import { compileJsonSchema, createJsonSchemaValidator } from '../../../src/dto/json-schema-validator';

describe('createJsonSchemaValidator', () => {
  const ADDRESS_SCHEMA = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    $defs: {
      address: {
        type: 'object',
        properties: { street: { type: 'string' }, city: { type: 'string' } },
        required: ['city'],
      },
    },
    properties: {
      name: { type: 'string', minLength: 1 },
      address: { $ref: '#/$defs/address' },
      tags: { type: 'array', items: { type: 'string' }, default: [] },
    },
    required: ['name'],
    additionalProperties: false,
  } as const;

  it('accepts valid input, resolving $ref into $defs and filling defaults', () => {
    const validator = createJsonSchemaValidator(ADDRESS_SCHEMA);
    expect(validator.validate({ name: 'Ada', address: { city: 'London' } })).toEqual({
      ok: true,
      value: { name: 'Ada', address: { city: 'London' }, tags: [] },
    });
  });

  it('names every failure, with dotted paths', () => {
    const validator = createJsonSchemaValidator(ADDRESS_SCHEMA);
    const outcome = validator.validate({ name: '', address: { street: 1 }, extra: true });
    expect(outcome).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        'property extra should not exist',
        'name must NOT have fewer than 1 characters',
        'address.city is required',
        'address.street must be string',
      ]),
    });
  });

  it('reports a missing required property and a non-object input', () => {
    const validator = createJsonSchemaValidator(ADDRESS_SCHEMA);
    expect(validator.validate({})).toEqual({ ok: false, errors: ['name is required'] });
    expect(validator.validate([1])).toEqual({ ok: false, errors: ['arguments must be an object'] });
    expect(validator.validate('x')).toEqual({ ok: false, errors: ['arguments must be an object'] });
  });

  it('drops __proto__ and constructor keys before validating, and enforces size limits', () => {
    const validator = createJsonSchemaValidator({ type: 'object', properties: { a: { type: 'integer' } } }, { maxStringLength: 5 });
    const hostile = JSON.parse('{"a": 1, "__proto__": {"polluted": true}, "constructor": {"x": 1}}');
    const outcome = validator.validate(hostile);
    expect(outcome).toEqual({ ok: true, value: { a: 1 } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(validator.validate({ b: 'too long' })).toEqual({ ok: false, errors: [expect.stringMatching(/^string at b is longer than 5 characters/)] });
  });

  it('does not mutate the caller’s arguments when filling defaults', () => {
    const validator = createJsonSchemaValidator({ type: 'object', properties: { n: { type: 'integer', default: 3 } } });
    const input = {};
    expect(validator.validate(input)).toEqual({ ok: true, value: { n: 3 } });
    expect(input).toEqual({});
  });

  it('honours the declared dialect', () => {
    // draft-07 tuple `items`; in 2020-12 the same keyword means "every item".
    const draft7 = createJsonSchemaValidator({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { pair: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] } },
    });
    expect(draft7.validate({ pair: ['a', 1] })).toEqual({ ok: true, value: { pair: ['a', 1] } });
    expect(draft7.validate({ pair: [1, 'a'] }).ok).toBe(false);
    const modern = createJsonSchemaValidator({
      type: 'object',
      properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] } },
    });
    expect(modern.validate({ pair: ['a', 1] }).ok).toBe(true);
    expect(modern.validate({ pair: [1, 'a'] }).ok).toBe(false);
  });

  it('refuses an invalid schema or an unknown dialect', () => {
    expect(() => createJsonSchemaValidator({ type: 'object', properties: { a: { type: 'nope' } } })).toThrow(/type/);
    expect(() => createJsonSchemaValidator({ $schema: 'http://example.com/my-dialect', type: 'object' })).toThrow(/unsupported \$schema/);
  });

  it('lets two schemas share an $id (compiled schemas are not kept by the shared engines)', () => {
    const schema = { $id: 'https://example.com/input', type: 'object', properties: { a: { type: 'integer' } } } as const;
    const first = compileJsonSchema(schema);
    const second = compileJsonSchema({ ...schema, properties: { a: { type: 'string' } } });
    expect(first({ a: 1 })).toBe(true);
    expect(second({ a: 1 })).toBe(false);
  });
});

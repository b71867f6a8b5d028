import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsString, ValidateNested } from 'class-validator';
import { Sensitive } from 'mcp-decorators';
import { buildRedactor, REDACTED } from '../../../src/logging/redaction';

describe('buildRedactor', () => {
  class Card {
    @IsString() @Sensitive() number!: string;
    @IsString() holder!: string;
  }

  class Order {
    @IsInt() id!: number;
    @IsArray() @ValidateNested({ each: true }) @Type(() => Card) cards!: Card[];
    @IsObject() headers!: Record<string, string>;
    @IsString() note!: string;
  }

  it('redacts @Sensitive() fields of nested DTOs, also inside arrays', () => {
    const redact = buildRedactor(Order);
    const out = redact({
      id: 1,
      cards: [
        { number: '4111', holder: 'ann' },
        { number: '5500', holder: 'bob' },
      ],
      headers: {},
      note: 'n',
    });
    expect(out).toEqual({
      id: 1,
      cards: [
        { number: REDACTED, holder: 'ann' },
        { number: REDACTED, holder: 'bob' },
      ],
      headers: {},
      note: 'n',
    });
  });

  it('redacts default names case- and separator-insensitively, by containment, at any depth of free-form values', () => {
    const redact = buildRedactor(Order);
    const out = redact({
      id: 1,
      cards: [],
      headers: { Authorization: 'Bearer abc', 'X-API-Key': 'k', 'x-request-id': 'r', nested: { refresh_token: 't', PassWord: 'p' } },
      note: 'n',
    });
    expect(out).toMatchObject({
      headers: { Authorization: REDACTED, 'X-API-Key': REDACTED, 'x-request-id': 'r', nested: { refresh_token: REDACTED, PassWord: REDACTED } },
    });
  });

  it('adds the names given in `redact`, and works without a DTO', () => {
    const redact = buildRedactor(undefined, ['IBAN']);
    expect(redact({ iban: 'DE89', customer_iban: 'FR76', amount: 3, secretSauce: 'x' })).toEqual({
      iban: REDACTED,
      customer_iban: REDACTED,
      amount: 3,
      secretSauce: REDACTED,
    });
  });

  it('copies safely: no prototype pollution, bounded strings and depth, dates and bytes summarised', () => {
    const redact = buildRedactor(undefined);
    const raw = JSON.parse('{"__proto__": {"polluted": true}, "text": "' + 'a'.repeat(5_000) + '"}') as object;
    const out = redact({ ...raw, when: new Date(0), bytes: new Uint8Array(3) }) as Record<string, unknown>;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(out)).toContain('__proto__');
    expect(out['text']).toMatch(/^a{1024}…\(5000 chars\)$/);
    expect(out['when']).toBe('1970-01-01T00:00:00.000Z');
    expect(out['bytes']).toBe('[3 bytes]');
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 40; i++) deep = { next: deep };
    expect(JSON.stringify(redact(deep))).toContain('[TRUNCATED]');
  });

  it('leaves the input untouched', () => {
    const input = { password: 'p', list: [{ token: 't' }] };
    buildRedactor(undefined)(input);
    expect(input).toEqual({ password: 'p', list: [{ token: 't' }] });
  });
});

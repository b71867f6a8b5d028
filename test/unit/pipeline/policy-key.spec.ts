import { createHash } from 'node:crypto';
import { digest, ownerPart } from '../../../src/pipeline/policy-key';
import { callContext, identity } from './step-harness';

describe('digest', () => {
  it('is the base64url SHA-256 of the text: stable, short and safe in any store key', () => {
    expect(digest('cache|Oslo')).toBe(createHash('sha256').update('cache|Oslo').digest('base64url'));
    expect(digest('cache|Oslo')).toBe(digest('cache|Oslo'));
    expect(digest('cache|Oslo')).not.toBe(digest('cache|oslo'));
    expect(digest('x'.repeat(100_000))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('ownerPart', () => {
  const alice = callContext({ auth: identity('alice') });

  it('is the caller’s principal by default', () => {
    expect(ownerPart({}, {}, alice)).toBe('sub:alice');
    expect(ownerPart({ scope: 'principal' }, {}, callContext({ sessionId: 's-1' }))).toBe('session:s-1');
    expect(ownerPart({}, {}, callContext())).toBe('anonymous');
  });

  it('is * for scope global, the same for every caller', () => {
    expect(ownerPart({ scope: 'global' }, {}, alice)).toBe('*');
    expect(ownerPart({ scope: 'global' }, {}, callContext())).toBe('*');
  });

  it('is what the key function makes of the input and the context, over the scope', () => {
    const key = jest.fn((input: { tenant: string }, context: { principal: string }) => `${input.tenant}/${context.principal}`);
    expect(ownerPart({ key, scope: 'global' }, { tenant: 'acme' }, alice)).toBe('acme/sub:alice');
    expect(key).toHaveBeenCalledWith({ tenant: 'acme' }, alice);
    expect(ownerPart({ key: () => 42 as unknown as string }, {}, alice)).toBe('42');
  });

  it('keeps parts up to 128 characters as they are and hashes longer ones', () => {
    const exact = 'k'.repeat(128);
    const long = 'k'.repeat(129);
    expect(ownerPart({ key: () => exact }, {}, alice)).toBe(exact);
    expect(ownerPart({ key: () => long }, {}, alice)).toBe(`#${digest(long)}`);
    expect(ownerPart({}, {}, callContext({ auth: identity(long) }))).toBe(`#${digest(`sub:${long}`)}`);
  });
});

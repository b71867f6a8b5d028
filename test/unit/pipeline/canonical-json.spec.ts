import { canonicalJson } from '../../../src/pipeline/canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level, so property order does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('agrees with JSON.stringify on what JSON keeps and drops', () => {
    const value = { s: 'é"\n', n: 1.5, t: true, z: null, u: undefined, f: () => 1, when: new Date(0), list: [undefined, 1] };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('reads class instances (validated DTOs) by their own properties', () => {
    class Input {
      constructor(
        public city = 'Paris',
        public days = 3,
      ) {}
    }
    expect(canonicalJson(new Input())).toBe(canonicalJson({ days: 3, city: 'Paris' }));
    expect(canonicalJson(new Input('Lyon'))).not.toBe(canonicalJson(new Input()));
  });
});

import { deepFreeze } from '../../../src/metadata/deep-freeze';

describe('deepFreeze', () => {
  it('freezes the value and everything it holds, in place, and returns it', () => {
    const schema = { type: 'object', properties: { city: { type: 'string', enum: ['Paris', 'Oslo'] } }, required: ['city'] };
    const frozen = deepFreeze(schema);
    expect(frozen).toBe(schema);
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen(schema.properties)).toBe(true);
    expect(Object.isFrozen(schema.properties.city)).toBe(true);
    expect(Object.isFrozen(schema.properties.city.enum)).toBe(true);
    expect(Object.isFrozen(schema.required)).toBe(true);
  });

  it('makes writes fail (strict mode) and leaves the content unchanged', () => {
    const value = deepFreeze({ nested: { list: [1, 2] } });
    expect(() => {
      (value.nested as { extra?: number }).extra = 1;
    }).toThrow(TypeError);
    expect(() => value.nested.list.push(3)).toThrow(TypeError);
    expect(() => {
      (value as { nested: unknown }).nested = {};
    }).toThrow(TypeError);
    expect(value).toEqual({ nested: { list: [1, 2] } });
  });

  it('freezes arrays of objects', () => {
    const items = deepFreeze([{ a: 1 }, [{ b: 2 }]] as const);
    expect(Object.isFrozen(items)).toBe(true);
    expect(Object.isFrozen(items[0])).toBe(true);
    expect(Object.isFrozen(items[1])).toBe(true);
    expect(Object.isFrozen(items[1][0])).toBe(true);
  });

  it('returns primitives, null and undefined as they are', () => {
    expect(deepFreeze(1)).toBe(1);
    expect(deepFreeze('text')).toBe('text');
    expect(deepFreeze(null)).toBeNull();
    expect(deepFreeze(undefined)).toBeUndefined();
  });

  it('freezes an object reached twice (shared) once, without trouble', () => {
    const shared = { type: 'string' };
    const value = deepFreeze({ a: shared, b: shared });
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(value.a).toBe(value.b);
  });

  it('freezes a value that refers to itself', () => {
    const node: { name: string; self?: unknown; children: unknown[] } = { name: 'root', children: [] };
    node.self = node;
    node.children.push({ parent: node });
    expect(deepFreeze(node)).toBe(node);
    expect(Object.isFrozen(node.children[0])).toBe(true);
  });

  it('freezes what an already-frozen object holds', () => {
    const inner = { mutable: 1 };
    const outer = Object.freeze({ inner });
    deepFreeze(outer);
    expect(Object.isFrozen(inner)).toBe(true);
  });
});

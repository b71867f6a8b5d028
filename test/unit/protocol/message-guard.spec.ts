import { inboundMessageError, MAX_MESSAGE_DEPTH } from '../../../src/protocol/message-guard';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const call = (id: number, params: unknown): unknown => ({ jsonrpc: '2.0', id, method: 'tools/call', params });

describe('inboundMessageError', () => {
  it('lets a well-formed request through', () => {
    expect(inboundMessageError(call(1, { name: 't', arguments: { a: 1 }, _meta: {} }))).toBeUndefined();
  });

  it('refuses a message nested past the limit, with its id, and one without an id with null', () => {
    expect(inboundMessageError(call(7, { name: 't', arguments: nested(MAX_MESSAGE_DEPTH) }))).toMatchObject({ id: 7, error: { code: -32600 } });
    expect(inboundMessageError([nested(MAX_MESSAGE_DEPTH + 1)])).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('refuses a __proto__ key in params, answering the request of a batch that holds it', () => {
    const clean = call(1, { name: 't', arguments: {} });
    const polluted = call(2, JSON.parse('{"name":"t","_meta":{"x":[{"__proto__":{}}]}}'));
    expect(inboundMessageError([clean, polluted])).toMatchObject({ id: 2, error: { code: -32602, message: expect.stringMatching(/__proto__/) } });
  });

  it('leaves tool arguments to the DTO layer, which drops such keys', () => {
    expect(inboundMessageError(call(3, { name: 't', arguments: JSON.parse('{"__proto__":{"polluted":true}}') }))).toBeUndefined();
  });

  it('refuses a _meta that is not an object and an unsupported version, with the supported list', () => {
    expect(inboundMessageError(call(4, { name: 't', _meta: 5 }))).toMatchObject({ id: 4, error: { code: -32602 } });
    const refused = inboundMessageError(call(5, { name: 't', _meta: { 'io.modelcontextprotocol/protocolVersion': '1999-01-01' } }));
    expect(refused).toMatchObject({ id: 5, error: { code: -32022, data: { requested: '1999-01-01' } } });
    expect((refused as { error: { data: { supported: string[] } } }).error.data.supported).toContain('2026-07-28');
  });
});

import { Resource, SetMetadata, Tool } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { InvocationCall } from '../../../src/pipeline/mcp-call';
import { identity, invocationOf, stepHarness, type StepHarness } from './step-harness';

const TIER = Symbol('tier');

@injectable()
@SetMetadata('owner', 'billing')
@SetMetadata(TIER, 'gold')
class BillingTools {
  @Tool()
  @SetMetadata(TIER, 'platinum')
  refund(): string {
    return 'refunded';
  }

  @Resource('invoices://{id}')
  invoice({ id }: Record<string, string>): string {
    return id;
  }
}

describe('InvocationCall', () => {
  let h: StepHarness;

  beforeAll(async () => {
    h = await stepHarness([BillingTools]);
  });

  afterAll(() => h.close());

  it('reads the invocation when asked, so it shows the input as the steps above left it', () => {
    const invocation = invocationOf(h.tool('refund'), { raw: true });
    const call = new InvocationCall(invocation);
    expect(call.input).toEqual({ raw: true });
    invocation.input = { validated: true };
    expect(call.input).toEqual({ validated: true });
  });

  it('names the handler, its class and method, the caller and the protocol era', () => {
    const invocation = invocationOf(h.tool('refund'), {}, { auth: identity('alice'), era: 'modern' });
    const call = new InvocationCall(invocation);
    expect([call.kind, call.name, call.principal, call.era]).toEqual(['tool', 'refund', 'sub:alice', 'modern']);
    expect(call.handler).toEqual({ class: BillingTools, method: 'refund' });
    expect(call.context).toBe(invocation.context);
    expect(call.uri).toBeUndefined();
  });

  it('gives the concrete URI of a resource read', () => {
    const definition = h.resource('invoices://42');
    const call = new InvocationCall(invocationOf(definition, { id: '42' }, { uri: 'invoices://42' }));
    expect([call.kind, call.name, call.uri]).toEqual(['resource', 'invoice', 'invoices://42']);
  });

  it('reads SetMetadata values of the method over those of its class, by string or symbol key', () => {
    const call = new InvocationCall(invocationOf(h.tool('refund')));
    expect(call.metadata(TIER)).toBe('platinum');
    expect(call.metadata<string>('owner')).toBe('billing');
    expect(call.metadata('absent')).toBeUndefined();
    const resource = new InvocationCall(invocationOf(h.resource('invoices://1'), { id: '1' }, { uri: 'invoices://1' }));
    expect(resource.metadata(TIER)).toBe('gold');
  });
});

import { Cached, Logged, Timeout, Tool } from 'mcp-decorators';
import { POLICY } from '../../../src/constants';
import { policyOf } from '../../../src/metadata/policy.types';
import { getPolicies } from '../../../src/metadata/reflect';

describe('policyOf', () => {
  class Tools {
    @Tool()
    @Cached({ ttlMs: 60_000, tags: ['weather'] })
    @Timeout(2_000)
    forecast(): string {
      return 'sunny';
    }

    @Tool()
    @Logged({ level: 'warn' })
    plain(): string {
      return 'plain';
    }
  }

  it('reads the options of one policy from a merged record', () => {
    const policies = getPolicies(Tools, 'forecast');
    expect(policyOf(policies, POLICY.cached)).toEqual({ ttlMs: 60_000, tags: ['weather'] });
    expect(policyOf(policies, POLICY.timeout)).toEqual({ ms: 2_000 });
    expect(policyOf(getPolicies(Tools, 'plain'), POLICY.logged)).toEqual({ level: 'warn' });
  });

  it('is undefined for a policy the handler does not have', () => {
    expect(policyOf(getPolicies(Tools, 'plain'), POLICY.cached)).toBeUndefined();
    expect(policyOf(getPolicies(Tools, 'forecast'), POLICY.rateLimited)).toBeUndefined();
    expect(policyOf({}, POLICY.access)).toBeUndefined();
  });
});

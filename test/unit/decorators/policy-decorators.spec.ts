import { Logged, McpDefinitionError, Sensitive, Tool } from 'mcp-decorators';
import { getDtoFields, getPolicies } from '../../../src/metadata/reflect';

describe('policy decorators record, validate and freeze their options', () => {
  it('@Logged records on a method or on the class; the method wins', () => {
    @Logged({ level: 'warn' })
    class Tools {
      @Tool()
      @Logged({ includeArgs: true })
      a(): void {}

      @Tool()
      b(): void {}
    }
    expect(getPolicies(Tools, 'a')['logged']).toEqual({ includeArgs: true });
    expect(getPolicies(Tools, 'b')['logged']).toEqual({ level: 'warn' });
    expect(Object.isFrozen(getPolicies(Tools, 'a')['logged'])).toBe(true);
    expect(new Tools().a()).toBeUndefined();
  });

  it('@Logged refuses an unknown level and a bad redact list, naming the option', () => {
    expect(() => Logged({ level: 'loud' as never })).toThrow(McpDefinitionError);
    expect(() => Logged({ level: 'loud' as never })).toThrow(/@Logged: level must be one of 'error', 'warn'/);
    expect(() => Logged({ redact: ['ok', ''] })).toThrow(/@Logged: redact must be a list of non-empty strings/);
  });

  it('@Logged copies the caller’s redact list', () => {
    const redact = ['iban'];
    class Tools {
      @Logged({ redact })
      a(): void {}
    }
    redact.push('other');
    expect(getPolicies(Tools, 'a')['logged']).toEqual({ redact: ['iban'] });
  });

  it('@Sensitive marks a DTO property, inherited by subclasses', () => {
    class Base {
      @Sensitive() password!: string;
    }
    class Derived extends Base {
      @Sensitive() pin!: string;
    }
    expect(getDtoFields(Derived)).toEqual({ pin: { sensitive: true }, password: { sensitive: true } });
  });
});

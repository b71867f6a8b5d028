import { ErrorCategory, ErrorSeverity, McpDefinitionError, NotFoundError, ToolError } from 'mcp-decorators';

describe('ToolError', () => {
  it('is an Error named ToolError, carrying the message written for the client', () => {
    const error = new ToolError('Division by zero');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ToolError);
    expect(error.name).toBe('ToolError');
    expect(error.message).toBe('Division by zero');
    expect(String(error)).toBe('ToolError: Division by zero');
    expect(error.stack).toContain('Division by zero');
  });

  it('defaults to a system failure of medium severity, without details or cause', () => {
    const error = new ToolError('failed');
    expect(error.category).toBe(ErrorCategory.SYSTEM);
    expect(error.severity).toBe(ErrorSeverity.MEDIUM);
    expect(error.details).toEqual({});
    expect('cause' in error).toBe(false);
  });

  it('keeps the category, severity, details and cause it is given', () => {
    const cause = new Error('ECONNRESET');
    const error = new ToolError('Weather service unreachable', {
      category: ErrorCategory.EXTERNAL_API,
      severity: ErrorSeverity.HIGH,
      details: { service: 'weather', retryAfterMs: 1_000 },
      cause,
    });
    expect(error.category).toBe(ErrorCategory.EXTERNAL_API);
    expect(error.severity).toBe(ErrorSeverity.HIGH);
    expect(error.details).toEqual({ service: 'weather', retryAfterMs: 1_000 });
    expect(error.cause).toBe(cause);
  });

  it('keeps a cause that is not an Error, but not an undefined one', () => {
    expect(new ToolError('x', { cause: 'a string' }).cause).toBe('a string');
    expect(new ToolError('x', { cause: 0 }).cause).toBe(0);
    expect('cause' in new ToolError('x', { cause: undefined })).toBe(false);
  });

  it('freezes a copy of the details: the caller’s object and the error cannot change each other', () => {
    const details: Record<string, unknown> = { field: 'city' };
    const error = new ToolError('bad city', { category: ErrorCategory.VALIDATION, details });
    details['field'] = 'changed';
    details['extra'] = true;
    expect(error.details).toEqual({ field: 'city' });
    expect(Object.isFrozen(error.details)).toBe(true);
    expect(() => {
      (error.details as Record<string, unknown>)['field'] = 'x';
    }).toThrow(TypeError);
  });

  it('can be subclassed, keeping its fields', () => {
    class PaymentDeclined extends ToolError {
      constructor() {
        super('Payment declined', { category: ErrorCategory.EXTERNAL_API, severity: ErrorSeverity.LOW });
      }
    }
    const error = new PaymentDeclined();
    expect(error).toBeInstanceOf(ToolError);
    expect([error.category, error.severity, error.message]).toEqual([ErrorCategory.EXTERNAL_API, ErrorSeverity.LOW, 'Payment declined']);
  });
});

describe('ErrorCategory and ErrorSeverity', () => {
  it('are the snake_case labels metrics and clients see', () => {
    expect(Object.values(ErrorCategory)).toEqual([
      'validation',
      'authentication',
      'authorization',
      'rate_limit',
      'timeout',
      'network',
      'database',
      'external_api',
      'system',
    ]);
    expect(Object.values(ErrorSeverity)).toEqual(['low', 'medium', 'high', 'critical']);
  });
});

describe('NotFoundError and McpDefinitionError', () => {
  it.each([
    ['NotFoundError', NotFoundError],
    ['McpDefinitionError', McpDefinitionError],
  ] as const)('%s is an Error of its own name, not a ToolError', (name, ErrorClass) => {
    const error = new ErrorClass('Unknown tool: nope');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).not.toBeInstanceOf(ToolError);
    expect(error.name).toBe(name);
    expect(error.message).toBe('Unknown tool: nope');
  });

  it('the two are told apart', () => {
    expect(new NotFoundError('x')).not.toBeInstanceOf(McpDefinitionError);
    expect(new McpDefinitionError('x')).not.toBeInstanceOf(NotFoundError);
  });
});

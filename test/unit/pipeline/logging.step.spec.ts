import type { CallToolResult } from '@modelcontextprotocol/server';
import { IsString } from 'class-validator';
import {
  DEGRADED_META,
  ERROR_META,
  ErrorCategory,
  ErrorSeverity,
  EVENT_EXECUTED,
  EVENT_FAILED,
  Logged,
  REDACTED,
  Resource,
  Sensitive,
  text,
  Tool,
  ToolError,
  toolResult,
} from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { InputRequiredSignal } from '../../../src/context/input-rounds';
import type { Step } from '../../../src/pipeline/invocation';
import { EVENT_INPUT_REQUIRED, loggingStep } from '../../../src/pipeline/logging.step';
import { built, failureOf, identity, invocationOf, runStep, stepHarness, type StepHarness } from './step-harness';

class TransferInput {
  @IsString() to!: string;
  @IsString() @Sensitive() pin!: string;
  @IsString() password!: string;
  @IsString() iban!: string;
}

@injectable()
class BankTools {
  @Tool()
  balance(): string {
    return '42 EUR';
  }

  @Tool()
  @Logged()
  audited(): string {
    return 'audited';
  }

  @Tool()
  @Logged({ level: 'warn', includeArgs: true, redact: ['IBAN'] })
  transfer(_input: TransferInput): string {
    return 'sent';
  }

  @Resource('bank://accounts/{id}')
  account({ id }: Record<string, string>): string {
    return id;
  }
}

describe('loggingStep', () => {
  let h: StepHarness;

  beforeEach(async () => {
    h = await stepHarness([BankTools]);
  });

  afterEach(() => h.close());

  const stepOf = (name: string): Step => built(loggingStep(h.tool(name), h.services));
  const only = (): Record<string, unknown> => {
    const entries = h.log.entries();
    expect(entries).toHaveLength(1);
    return entries[0];
  };

  it('logs a successful call once at debug, with who made it and how long it took', async () => {
    expect(await runStep(stepOf('balance'), invocationOf(h.tool('balance'), {}, { auth: identity('alice'), sessionId: 's-1', requestId: 9 }))).toEqual({
      content: [{ type: 'text', text: '42 EUR' }],
    });
    const line = only();
    expect(line).toEqual(
      expect.objectContaining({
        level: 'debug',
        message: EVENT_EXECUTED,
        event: EVENT_EXECUTED,
        kind: 'tool',
        name: 'balance',
        status: 'success',
        principal: 'sub:alice',
        sessionId: 's-1',
        requestId: 9,
      }),
    );
    expect(line['durationMs']).toEqual(expect.any(Number));
    expect(line).not.toHaveProperty('args');
    expect(h.metrics.calls).toEqual([{ kind: 'tool', name: 'balance', status: 'success', durationMs: line['durationMs'] }]);
  });

  it('raises successful calls to info under @Logged(), and to the level it names', async () => {
    await runStep(stepOf('audited'), invocationOf(h.tool('audited')));
    expect(only()).toEqual(expect.objectContaining({ level: 'info', event: EVENT_EXECUTED, name: 'audited', sessionId: null, principal: 'anonymous' }));
  });

  it('writes nothing below the logger’s level, but still counts the call', async () => {
    await h.close();
    h = await stepHarness([BankTools], { logLevel: 'info' });
    await runStep(stepOf('balance'), invocationOf(h.tool('balance')));
    expect(h.log.lines).toEqual([]);
    expect(h.metrics.statuses('balance')).toEqual(['success']);
  });

  it('adds the arguments with @Sensitive fields, default secret names and the extra names redacted', async () => {
    await runStep(stepOf('transfer'), invocationOf(h.tool('transfer'), { to: 'bob', pin: '1234', password: 'hunter2', iban: 'FR76 3000' }));
    const line = only();
    expect(line['level']).toBe('warn');
    expect(line['args']).toEqual({ to: 'bob', pin: REDACTED, password: REDACTED, iban: REDACTED });
    expect(JSON.stringify(line)).not.toMatch(/1234|hunter2|FR76/);
  });

  it('logs the arguments of a failed call redacted too', async () => {
    const failure = new ToolError('insufficient funds', { category: ErrorCategory.VALIDATION });
    await failureOf(() =>
      stepOf('transfer')(invocationOf(h.tool('transfer'), { to: 'bob', pin: '1234', password: 'x', iban: 'y' }), () => Promise.reject(failure)),
    );
    expect(only()).toEqual(expect.objectContaining({ event: EVENT_FAILED, args: { to: 'bob', pin: REDACTED, password: REDACTED, iban: REDACTED } }));
  });

  it('logs a refused call at warn with its category, severity and message, and passes the error on', async () => {
    const refusal = new ToolError('Rate limit exceeded', { category: ErrorCategory.RATE_LIMIT, severity: ErrorSeverity.LOW });
    const error = await failureOf(() => stepOf('balance')(invocationOf(h.tool('balance')), () => Promise.reject(refusal)));
    expect(error).toBe(refusal);
    expect(only()).toEqual(
      expect.objectContaining({
        level: 'warn',
        event: EVENT_FAILED,
        status: 'error',
        errorType: 'ToolError',
        category: 'rate_limit',
        severity: 'low',
        errorMessage: 'Rate limit exceeded',
      }),
    );
    expect(h.metrics.statuses('balance')).toEqual(['rate_limit']);
  });

  it('logs high-severity failures and unexpected errors at error, without the message of an unexpected one', async () => {
    const step = stepOf('balance');
    await failureOf(() =>
      step(invocationOf(h.tool('balance')), () =>
        Promise.reject(new ToolError('ledger down', { category: ErrorCategory.DATABASE, severity: ErrorSeverity.HIGH })),
      ),
    );
    await failureOf(() => step(invocationOf(h.tool('balance')), () => Promise.reject(new TypeError('secret internals'))));
    const [high, unexpected] = h.log.entries();
    expect(high).toEqual(expect.objectContaining({ level: 'error', category: 'database', severity: 'high', errorMessage: 'ledger down' }));
    expect(unexpected).toEqual(expect.objectContaining({ level: 'error', errorType: 'TypeError', category: 'system', severity: 'high' }));
    expect(unexpected).not.toHaveProperty('errorMessage');
    expect(h.metrics.statuses('balance')).toEqual(['database', 'system']);
  });

  it('logs an error result the method answered itself as a failure, with the category it carries', async () => {
    const answered = { ...toolResult([text('no such account')], { isError: true }), _meta: { [ERROR_META]: { category: 'validation', severity: 'low' } } };
    expect(await stepOf('balance')(invocationOf(h.tool('balance')), async () => answered)).toBe(answered);
    expect(only()).toEqual(expect.objectContaining({ level: 'warn', event: EVENT_FAILED, errorType: 'ErrorResult', category: 'validation', severity: 'low' }));
    await stepOf('balance')(invocationOf(h.tool('balance')), async () => toolResult([text('plain refusal')], { isError: true }));
    expect(h.metrics.statuses('balance')).toEqual(['validation', 'error']);
  });

  it('marks a degraded answer with its source', async () => {
    const degraded: CallToolResult = { content: [{ type: 'text', text: 'cached' }], _meta: { [DEGRADED_META]: { source: 'stale', ageMs: 5 } } };
    await stepOf('audited')(invocationOf(h.tool('audited')), async () => degraded);
    expect(only()).toEqual(expect.objectContaining({ status: 'success', degraded: 'stale' }));
  });

  it('logs a round that asks the client at debug, without counting it as a completed call', async () => {
    const question = new InputRequiredSignal('q0', {} as never, {} as never);
    expect(await failureOf(() => stepOf('audited')(invocationOf(h.tool('audited')), () => Promise.reject(question)))).toBe(question);
    expect(only()).toEqual(expect.objectContaining({ level: 'debug', event: EVENT_INPUT_REQUIRED, status: 'input_required' }));
    expect(h.metrics.calls).toEqual([]);
  });

  it('names the URI of a resource read', async () => {
    const definition = h.resource('bank://accounts/7');
    await runStep(built(loggingStep(definition, h.services)), invocationOf(definition, { id: '7' }, { uri: 'bank://accounts/7' }));
    expect(only()).toEqual(expect.objectContaining({ kind: 'resource', name: 'account', uri: 'bank://accounts/7' }));
  });
});

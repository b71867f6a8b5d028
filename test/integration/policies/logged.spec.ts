import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ErrorCategory, ErrorSeverity, Logged, Resource, Sensitive, type TestClient, Tool, ToolContext, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { useApps } from '../../support/app-harness';
import { captureLogger } from '../../support/capture-logger';
import { RecordingMetrics } from '../../support/recording-metrics';

describe('@Logged and app-wide call logging', () => {
  const PASSWORD = 'correct-horse-battery-staple';
  const API_KEY = 'sk-live-0123456789';

  class Device {
    @IsString() apiKey!: string;
    @IsString() @Sensitive() pin!: string;
    @IsString() label!: string;
  }

  class LoginInput {
    @IsString() username!: string;
    @IsString() @MaxLength(64) @Sensitive() password!: string;
    @IsOptional() @ValidateNested() @Type(() => Device) device?: Device;
  }

  class CountInput {
    @IsInt() n!: number;
  }

  @injectable()
  class AccountTools {
    @Tool()
    @Logged({ includeArgs: true })
    login({ username }: LoginInput): string {
      return `welcome ${username}`;
    }

    @Tool()
    @Logged({ includeArgs: true })
    loginThatCrashes({ password }: LoginInput): string {
      throw new TypeError(`cannot parse ${password.length} characters`);
    }

    @Tool()
    count({ n }: CountInput): number {
      return n;
    }

    @Tool()
    refuse(): string {
      throw new ToolError('Quota of the upstream API exhausted', { category: ErrorCategory.EXTERNAL_API, severity: ErrorSeverity.HIGH });
    }

    @Resource('config://app', { mimeType: 'application/json' })
    config(): object {
      return { env: 'test' };
    }
  }

  class TransferInput {
    @IsString() iban!: string;
    @IsInt() amount!: number;
  }

  @injectable()
  @Logged({ level: 'warn' })
  class AuditedTools {
    @Tool()
    audited(): string {
      return 'ok';
    }

    @Tool()
    @Logged({ level: 'info', includeArgs: true, redact: ['iban'] })
    transfer(_input: TransferInput): string {
      return 'sent';
    }
  }

  const apps = useApps();
  let client: TestClient;
  let capture: ReturnType<typeof captureLogger>;
  let metrics: RecordingMetrics;

  beforeEach(async () => {
    capture = captureLogger('debug');
    metrics = new RecordingMetrics();
    ({ client } = await apps.start({
      name: 'logged',
      version: '1.0.0',
      providers: [AccountTools, AuditedTools],
      logger: capture.logger,
      metrics,
    }));
  });

  const callLines = (): Record<string, unknown>[] =>
    capture.entries().filter((entry) => entry['event'] === 'tool_executed' || entry['event'] === 'tool_execution_failed');

  it('writes one valid JSON line per call with the documented fields', async () => {
    await client.callTool('count', { n: 2 });
    expect(capture.lines.length).toBeGreaterThan(0);
    for (const line of capture.lines) expect(() => JSON.parse(line)).not.toThrow();
    const [line] = callLines();
    expect(line).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'debug',
      message: 'tool_executed',
      event: 'tool_executed',
      kind: 'tool',
      name: 'count',
      status: 'success',
      durationMs: expect.any(Number),
      principal: 'anonymous',
      sessionId: null,
      requestId: expect.any(Number),
    });
    expect(metrics.calls).toEqual([{ kind: 'tool', name: 'count', status: 'success', durationMs: line!['durationMs'] }]);
  });

  it('logs rejected calls too: invalid arguments, with category and severity', async () => {
    await expect(client.callTool('count', { n: 'x' })).rejects.toThrow(/n must be an integer/);
    expect(callLines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'tool_execution_failed',
        name: 'count',
        status: 'error',
        errorType: 'ToolError',
        category: 'validation',
        severity: 'low',
        errorMessage: expect.stringMatching(/n must be an integer/),
      }),
    ]);
    expect(metrics.statuses('count')).toEqual(['validation']);
  });

  it('logs a ToolError with its category and severity, an unexpected error as system/high at error level', async () => {
    await expect(client.callTool('refuse')).rejects.toThrow(/Quota/);
    await expect(client.callTool('loginThatCrashes', { username: 'ann', password: PASSWORD })).rejects.toThrow(/Correlation id/);
    const [refused, crashed] = callLines();
    expect(refused).toMatchObject({ level: 'error', category: 'external_api', severity: 'high', errorType: 'ToolError' });
    expect(crashed).toMatchObject({ level: 'error', category: 'system', severity: 'high', errorType: 'TypeError' });
    // The unexpected error's own message is not in the call line (the masked mapper line has it).
    expect(crashed).not.toHaveProperty('errorMessage');
    expect(metrics.statuses('refuse')).toEqual(['external_api']);
    expect(metrics.statuses('loginThatCrashes')).toEqual(['system']);
  });

  it('never writes a @Sensitive() password, nested sensitive fields or default secret names to any line', async () => {
    const device = { apiKey: API_KEY, pin: '9876', label: 'laptop' };
    expect(await client.callTool('login', { username: 'ann', password: PASSWORD, device })).toBe('welcome ann');
    await expect(client.callTool('login', { username: 42, password: PASSWORD })).rejects.toThrow(/username must be a string/);
    await expect(client.callTool('loginThatCrashes', { username: 'ann', password: PASSWORD })).rejects.toThrow();
    await expect(client.callTool('login', { username: 'ann', password: PASSWORD, extra: { authToken: API_KEY } })).rejects.toThrow(
      /property extra should not exist/,
    );

    const all = capture.lines.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain('9876');
    const [ok, invalid, , unknownField] = callLines();
    expect(ok!['args']).toEqual({
      username: 'ann',
      password: '[REDACTED]',
      device: { apiKey: '[REDACTED]', pin: '[REDACTED]', label: 'laptop' },
    });
    // Raw input that failed validation is redacted by the same rules.
    expect(invalid!['args']).toEqual({ username: 42, password: '[REDACTED]' });
    expect(unknownField!['args']).toMatchObject({ extra: { authToken: '[REDACTED]' } });
  });

  it('applies a class-level @Logged to every method; method options override it', async () => {
    await client.callTool('audited');
    await client.callTool('transfer', { iban: 'DE89370400440532013000', amount: 5 });
    const [audited, transfer] = callLines();
    expect(audited).toMatchObject({ level: 'warn', name: 'audited', status: 'success' });
    expect(audited).not.toHaveProperty('args');
    expect(transfer).toMatchObject({ level: 'info', name: 'transfer', args: { iban: '[REDACTED]', amount: 5 } });
  });

  it('logs resource reads with the URI, and follows the logger level', async () => {
    await client.readResource('config://app');
    expect(callLines()).toEqual([expect.objectContaining({ kind: 'resource', name: 'config', uri: 'config://app', status: 'success' })]);
    capture.logger.level = 'info';
    await client.callTool('count', { n: 1 });
    expect(callLines()).toHaveLength(1);
    expect(metrics.statuses('count')).toEqual(['success']);
  });
});

describe.each([['2026-07-28'], ['2025-11-25']])('call logging of a method that asks the user (%s)', (protocolVersion) => {
  const modern = protocolVersion === '2026-07-28';
  const CONFIRM = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } as const;

  @injectable()
  class ConfirmTools {
    @Tool()
    async wipe(ctx: ToolContext): Promise<string> {
      const first = await ctx.elicit('Wipe everything?', CONFIRM);
      const second = await ctx.elicit('Sure?', CONFIRM);
      return first.action === 'accept' && second.action === 'accept' ? 'wiped' : 'kept';
    }
  }

  const apps = useApps('all');
  let client: TestClient;
  let capture: ReturnType<typeof captureLogger>;
  let metrics: RecordingMetrics;

  beforeAll(async () => {
    capture = captureLogger('debug');
    metrics = new RecordingMetrics();
    ({ client } = await apps.start(
      { name: 'confirm', version: '1.0.0', providers: [ConfirmTools], logger: capture.logger, metrics },
      { protocolVersion, onElicitation: () => ({ action: 'accept', content: { ok: true } }) },
    ));
  });

  it('logs and counts the call once, as a success; on 2026-07-28 each question round is a debug line, not a failure', async () => {
    expect(await client.callTool('wipe')).toBe('wiped');
    const events = capture.entries().filter((entry) => entry['name'] === 'wipe');
    expect(events.filter((entry) => entry['event'] === 'tool_execution_failed')).toEqual([]);
    expect(events.filter((entry) => entry['event'] === 'tool_executed')).toEqual([expect.objectContaining({ status: 'success' })]);
    const rounds = events.filter((entry) => entry['event'] === 'tool_execution_input_required');
    expect(rounds).toHaveLength(modern ? 2 : 0);
    for (const round of rounds) expect(round).toMatchObject({ level: 'debug', status: 'input_required' });
    expect(metrics.statuses('wipe')).toEqual(['success']);
  });
});

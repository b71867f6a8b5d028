import { DEGRADED_META, ManualClock, type TestClient } from 'mcp-decorators';
import path from 'node:path';
import { AccountTools } from '../../examples/policies/account.tools';
import { StationNetwork } from '../../examples/policies/station-network.service';
import { WeatherTools } from '../../examples/policies/weather.tools';
import { useApps } from '../support/app-harness';
import { captureLogger } from '../support/capture-logger';
import { EXAMPLES_DIST, isJsonRpcFrame, RawStdioChild } from '../support/stdio-child';

const POLICIES = path.join(EXAMPLES_DIST, 'policies/main.js');
const PASSWORD = 'ann-secret';

describe('examples/policies in process', () => {
  const apps = useApps();
  let client: TestClient;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    ({ client } = await apps.start({
      name: 'policies',
      version: '1.0.0',
      providers: [WeatherTools, AccountTools],
      services: [StationNetwork],
      clock,
      logger: captureLogger('error').logger,
    }));
  });

  afterEach(() => {
    delete process.env['WEATHER_PRIMARY'];
  });

  it('caches the weather until an observation invalidates it', async () => {
    expect(await client.callTool('weather', { city: 'Paris' })).toBe('Paris: 14°C');
    expect(await client.callTool('reportObservation', { city: 'Paris', celsius: 20 })).toBe('Recorded 20°C for Paris');
    expect(await client.callTool('weather', { city: 'Paris' })).toBe('Paris: 20°C');
  });

  it('degrades through the backup source, the stale value and the default message', async () => {
    expect(await client.callTool('weather', { city: 'Oslo' })).toBe('Oslo: 3°C');
    expect(await client.callTool('weather', { city: 'Reykjavik' })).toBe('Reykjavik: 2°C');
    clock.advance(120_000);
    process.env['WEATHER_PRIMARY'] = 'down';
    const backup = await client.callToolRaw('weather', { city: 'Oslo' });
    expect(backup.content).toEqual([{ type: 'text', text: 'Oslo: about 6°C (climate average)' }]);
    expect(backup._meta?.[DEGRADED_META]).toEqual({ source: 'fallback', method: 'fromClimateAverages' });
    // No climate average for Reykjavik: the value cached two minutes ago answers, marked.
    expect(await client.callTool('weather', { city: 'Reykjavik' })).toBe('Reykjavik: 2°C (cached data - may be outdated)');
    expect(await client.callTool('weather', { city: 'Atlantis' })).toBe('Weather data temporarily unavailable for Atlantis. Please try again later.');
  });

  it('limits logins per caller and fails closed', async () => {
    for (let i = 0; i < 5; i++) await expect(client.callTool('login', { username: 'ann', password: 'wrong-password' })).rejects.toThrow(/Invalid/);
    await expect(client.callTool('login', { username: 'ann', password: PASSWORD })).rejects.toMatchObject({ category: 'rate_limit' });
  });
});

describe('examples/policies over stdio', () => {
  it('logs every call as JSON on stderr at debug level, never the password, and keeps stdout for JSON-RPC frames', async () => {
    const child = new RawStdioChild(POLICIES, { MCP_LOG_LEVEL: 'debug', WEATHER_PRIMARY: 'slow' });
    try {
      await child.initialize();
      const listed = await child.request(1, 'tools/list');
      expect((listed['result'] as { tools: Array<{ name: string }> }).tools.map((t) => t.name)).toEqual(['weather', 'reportObservation', 'login']);
      const login = await child.request(2, 'tools/call', { name: 'login', arguments: { username: 'ann', password: PASSWORD } });
      expect(login).toMatchObject({ result: { content: [{ type: 'text', text: 'Welcome, ann' }] } });
      const invalid = await child.request(3, 'tools/call', { name: 'login', arguments: { username: 'ann', password: PASSWORD, admin: true } });
      expect(invalid).toMatchObject({ result: { isError: true } });
      // The primary hangs: @Timeout(2 s) aborts it and the backup answers.
      const weather = await child.request(4, 'tools/call', { name: 'weather', arguments: { city: 'Tokyo' } });
      expect(weather).toMatchObject({ result: { content: [{ type: 'text', text: 'Tokyo: about 16°C (climate average)' }] } });
      child.write('not json at all\n');
      const after = await child.request(5, 'tools/call', { name: 'reportObservation', arguments: { city: 'Tokyo', celsius: 18 } });
      expect(after).toMatchObject({ result: { content: [{ type: 'text', text: 'Recorded 18°C for Tokyo' }] } });
    } finally {
      expect(await child.end()).toBe(0);
    }

    const stdout = child.stdoutLines();
    expect(stdout.length).toBeGreaterThanOrEqual(6);
    expect(stdout.filter((line) => !isJsonRpcFrame(line))).toEqual([]);

    const stderr = child.stderr.split('\n').filter((line) => line.length > 0);
    const entries = stderr.map((line) => JSON.parse(line) as Record<string, unknown>);
    const calls = entries.filter((e) => e['event'] === 'tool_executed' || e['event'] === 'tool_execution_failed');
    expect(calls.map((e) => [e['name'], e['status'], e['level']])).toEqual([
      ['login', 'success', 'info'],
      ['login', 'error', 'warn'],
      ['weather', 'success', 'info'],
      ['reportObservation', 'success', 'info'],
    ]);
    expect(calls[0]).toMatchObject({ args: { username: 'ann', password: '[REDACTED]' }, sessionId: null, requestId: 2 });
    expect(calls[2]).toMatchObject({ degraded: 'fallback' });
    expect(entries.filter((e) => e['event'] === 'fallback_attempt_failed')).toEqual([
      expect.objectContaining({ level: 'warn', attempt: 'weather', category: 'timeout' }),
    ]);
    expect(child.stderr).not.toContain(PASSWORD);
    expect(Buffer.concat(child.stdoutChunks).toString('utf8')).not.toContain(PASSWORD);
  });
});

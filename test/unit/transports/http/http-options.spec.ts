import { MemoryEventStore } from '../../../../src/stores/memory-event-store';
import { HTTP_DEFAULTS, resolveHttpOptions } from '../../../../src/transports/http/http-options';

describe('resolveHttpOptions', () => {
  it('applies the defaults: 127.0.0.1:8000/mcp, 2025 clients served statelessly, bounded, protected', () => {
    expect(resolveHttpOptions({ transport: 'http' })).toEqual({
      host: '127.0.0.1',
      port: 8000,
      path: '/mcp',
      legacy: 'stateless',
      maxSessions: HTTP_DEFAULTS.maxSessions,
      sessionIdleTimeoutMs: HTTP_DEFAULTS.sessionIdleTimeoutMs,
      eventStore: undefined,
      maxBodyBytes: 4 * 1024 * 1024,
      hostCheck: { allowedHosts: undefined, allowedOrigins: undefined },
      jsonResponse: false,
    });
  });

  it('keeps what is given', () => {
    const eventStore = new MemoryEventStore();
    const resolved = resolveHttpOptions({
      transport: 'http',
      host: '::1',
      port: 0,
      path: '/v1/mcp',
      legacy: 'sessions',
      maxSessions: 5,
      sessionIdleTimeoutMs: 1_000,
      eventStore,
      maxBodyBytes: 100,
      allowedHosts: ['a.example'],
      allowedOrigins: ['https://a.example'],
      jsonResponse: true,
    });
    expect(resolved).toMatchObject({ host: '::1', port: 0, path: '/v1/mcp', legacy: 'sessions', maxSessions: 5, eventStore, jsonResponse: true });
    expect(resolved.hostCheck).toEqual({ allowedHosts: ['a.example'], allowedOrigins: ['https://a.example'] });
    expect(resolveHttpOptions({ transport: 'http', dnsRebindingProtection: false }).hostCheck).toBeUndefined();
  });

  it.each([
    [{ port: 70_000 }, /port must be an integer from 0 to 65535, got 70000/],
    [{ port: 1.5 }, /port must be an integer/],
    [{ path: 'mcp' }, /path must start with "\/"/],
    [{ path: '/mcp?x=1' }, /path must start with "\/" and hold no query/],
    [{ legacy: 'sometimes' as never }, /legacy must be 'stateless', 'sessions' or 'reject', got "sometimes"/],
    [{ maxSessions: 0 }, /maxSessions must be a positive integer, got 0/],
    [{ sessionIdleTimeoutMs: 2 ** 31 }, /sessionIdleTimeoutMs must be a positive integer up to 2147483647/],
    [{ maxBodyBytes: -1 }, /maxBodyBytes must be a positive integer/],
    [{ allowedHosts: ['a b'] }, /allowedHosts: "a b" is not a host name/],
    [{ host: '0.0.0.0' }, /listening on 0\.0\.0\.0 exposes the server beyond this machine.*allowedHosts/],
    [{ host: '192.168.1.10' }, /listening on 192\.168\.1\.10/],
  ])('refuses %j, naming the option', (options, message) => {
    expect(() => resolveHttpOptions({ transport: 'http', ...options })).toThrow(message);
  });

  it('lets a non-loopback bind go with allowedHosts or with the protection off', () => {
    expect(resolveHttpOptions({ transport: 'http', host: '0.0.0.0', allowedHosts: ['mcp.example.com'] }).hostCheck?.allowedHosts).toEqual(['mcp.example.com']);
    expect(resolveHttpOptions({ transport: 'http', host: '0.0.0.0', dnsRebindingProtection: false }).hostCheck).toBeUndefined();
  });
});

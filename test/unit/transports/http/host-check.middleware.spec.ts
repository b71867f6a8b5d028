import type { ServerResponse } from 'node:http';
import { hostCheckMiddleware, isLoopbackHost } from '../../../../src/transports/http/host-check.middleware';
import { HttpError, type HttpRequest } from '../../../../src/transports/http/http-router';

describe('hostCheckMiddleware', () => {
  const loopback = ['localhost:3000', '127.0.0.1:3000', '[::1]:3000'];

  function verdict(allowedHosts: string[], headers: Record<string, string>, allowedOrigins?: string[]): number {
    const check = hostCheckMiddleware({ allowedHosts: () => allowedHosts, allowedOrigins });
    try {
      void check({ headers } as unknown as HttpRequest, {} as ServerResponse);
      return 200;
    } catch (error) {
      if (error instanceof HttpError) return error.status;
      throw error;
    }
  }

  it.each([
    ['localhost:3000', 200],
    ['LOCALHOST:3000', 200],
    ['127.0.0.1:3000', 200],
    ['[::1]:3000', 200],
    ['localhost:3001', 403],
    ['localhost', 403],
    ['attacker.example:3000', 403],
    ['127.0.0.1.attacker.example:3000', 403],
    ['localhost:3000@evil', 403],
    ['', 403],
  ])('Host %j → %i for a loopback bind on 3000', (host, status) => {
    expect(verdict(loopback, { host })).toBe(status);
  });

  it('refuses a request without Host', () => {
    expect(verdict(loopback, {})).toBe(403);
  });

  it('reads a Host without port as port 80', () => {
    expect(verdict(['localhost:80'], { host: 'localhost' })).toBe(200);
  });

  it('lets an entry without port match any port', () => {
    expect(verdict(['mcp.example.com'], { host: 'mcp.example.com:8443' })).toBe(200);
    expect(verdict(['mcp.example.com'], { host: 'mcp.example.com' })).toBe(200);
    expect(verdict(['mcp.example.com'], { host: 'other.example.com' })).toBe(403);
  });

  it.each([
    [undefined, 200],
    ['http://localhost:3000', 200],
    ['http://127.0.0.1:3000', 200],
    ['http://[::1]:3000', 200],
    ['http://localhost:3000/', 200],
    ['https://localhost:3000', 200],
    ['http://localhost:4000', 403],
    ['http://localhost', 403],
    ['http://attacker.example', 403],
    ['null', 403],
    ['file://', 403],
    ['chrome-extension://abc', 403],
  ])('Origin %j → %i by default (its host must be allowed)', (origin, status) => {
    expect(verdict(loopback, { host: 'localhost:3000', ...(origin === undefined ? {} : { origin }) })).toBe(status);
  });

  it('matches allowedOrigins exactly (case and trailing slash aside) when given', () => {
    const origins = ['https://app.example.com'];
    expect(verdict(loopback, { host: 'localhost:3000', origin: 'https://app.example.com' }, origins)).toBe(200);
    expect(verdict(loopback, { host: 'localhost:3000', origin: 'HTTPS://APP.EXAMPLE.COM/' }, origins)).toBe(200);
    expect(verdict(loopback, { host: 'localhost:3000', origin: 'http://localhost:3000' }, origins)).toBe(403);
    expect(verdict(loopback, { host: 'localhost:3000', origin: 'https://app.example.com.evil' }, origins)).toBe(403);
  });

  it('names the rejected header and the option to change', () => {
    const check = hostCheckMiddleware({ allowedHosts: () => loopback, allowedOrigins: undefined });
    expect(() => check({ headers: { host: 'evil' } } as unknown as HttpRequest, {} as ServerResponse)).toThrow(
      /Host header "evil" is not allowed \(see the allowedHosts option\)/,
    );
    expect(() => check({ headers: { host: 'localhost:3000', origin: 'http://evil' } } as unknown as HttpRequest, {} as ServerResponse)).toThrow(
      /Origin "http:\/\/evil" is not allowed \(see the allowedOrigins option\)/,
    );
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['example.com', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

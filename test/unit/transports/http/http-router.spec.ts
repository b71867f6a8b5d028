import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, HttpRouter, writeJson } from '../../../../src/transports/http/http-router';
import { captureLogger } from '../../../support/capture-logger';

describe('HttpRouter', () => {
  let server: Server;
  let base: string;
  let router: HttpRouter;
  const log = captureLogger('debug');

  beforeEach(async () => {
    router = new HttpRouter(log.logger);
    server = createServer((req, res) => void router.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('runs global middleware, then the route’s, then the handler, in order', async () => {
    const order: string[] = [];
    router.use(() => void order.push('global 1')).use(async () => void order.push('global 2'));
    router.route(
      'GET',
      '/a',
      (_req, res) => {
        order.push('handler');
        writeJson(res, 200, { ok: true });
      },
      { middleware: [() => void order.push('route')] },
    );
    const response = await fetch(`${base}/a?query=ignored`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(order).toEqual(['global 1', 'global 2', 'route', 'handler']);
  });

  it('stops at a middleware that answered, or that threw an HttpError', async () => {
    let reached = false;
    router.use((req, res) => {
      if (req.headers['x-answer']) writeJson(res, 418, { teapot: true });
      if (req.headers['x-reject']) throw new HttpError(429, 'Too Many Requests', { headers: { 'Retry-After': '7' }, code: -32029 });
    });
    router.route('GET', '/a', (_req, res) => {
      reached = true;
      writeJson(res, 200, {});
    });
    const answered = await fetch(`${base}/a`, { headers: { 'x-answer': '1' } });
    expect(answered.status).toBe(418);
    await answered.text();
    const rejected = await fetch(`${base}/a`, { headers: { 'x-reject': '1' } });
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get('retry-after')).toBe('7');
    expect(await rejected.json()).toEqual({ jsonrpc: '2.0', error: { code: -32029, message: 'Too Many Requests' }, id: null });
    expect(reached).toBe(false);
  });

  it('answers unknown paths 404 and other methods 405 with Allow', async () => {
    router.route('GET', '/a', (_req, res) => writeJson(res, 200, {})).route('POST', '/a', (_req, res) => writeJson(res, 200, {}));
    const missing = await fetch(`${base}/b`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: -32000, message: 'Not Found: /b' } });
    const wrong = await fetch(`${base}/a`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    await wrong.text();
  });

  it('refuses to define a route twice', () => {
    router.route('GET', '/a', () => undefined);
    expect(() => router.route('GET', '/a', () => undefined)).toThrow(/route GET \/a is defined twice/);
  });

  it('masks unexpected errors (500, correlation id) and logs them with their stack', async () => {
    router.route('GET', '/boom', async () => {
      throw new TypeError('password=hunter2');
    });
    const response = await fetch(`${base}/boom`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    const { error } = JSON.parse(text) as { error: { code: number; message: string } };
    expect(error.code).toBe(-32603);
    const correlationId = /Correlation id: (\S+)$/.exec(error.message)?.[1];
    expect(log.entries()).toContainEqual(
      expect.objectContaining({ event: 'http_internal_error', correlationId, errorType: 'TypeError', stack: expect.stringContaining('password=hunter2') }),
    );
  });
});

import { createMcpApp, Tool, type McpApp } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { firstMessage, INITIALIZE, modernHeaders, modernRequest, POST_HEADERS, rawHttp } from '../../support/http';

describe('streamable HTTP, DNS-rebinding protection', () => {
  @injectable()
  class PingTools {
    @Tool()
    ping(): string {
      return 'pong';
    }
  }

  const initialize = JSON.stringify(INITIALIZE);
  /** The opening request of each era, with its headers: a 2025 initialize, a 2026-07-28 server/discover. */
  const discover = modernRequest(1, 'server/discover');
  const OPENINGS = [
    ['2025 initialize', POST_HEADERS, initialize],
    ['2026-07-28 server/discover', modernHeaders(discover), JSON.stringify(discover)],
  ] as const;
  let app: McpApp;

  beforeEach(async () => {
    app = await createMcpApp({ name: 'protected', version: '1.0.0', providers: [PingTools], logger: { level: 'error' } });
  });

  afterEach(async () => {
    await app.close();
  });

  describe('bound to 127.0.0.1 (the default)', () => {
    it('accepts the loopback names at the bound port, without or with a same-host Origin', async () => {
      const { url, port } = await app.listen({ transport: 'http', port: 0 });
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
        const response = await rawHttp(url, { method: 'POST', headers: { ...POST_HEADERS, host }, body: initialize });
        expect({ host, status: response.status }).toEqual({ host, status: 200 });
      }
      const withOrigin = await rawHttp(url, { method: 'POST', headers: { ...POST_HEADERS, origin: `http://localhost:${port}` }, body: initialize });
      expect(withOrigin.status).toBe(200);
    });

    it.each(OPENINGS)('answers a foreign Host with 403 and a JSON-RPC error, and keeps serving (%s)', async (_era, headers, opening) => {
      const { url, port } = await app.listen({ transport: 'http', port: 0 });
      for (const host of ['evil.example', `evil.example:${port}`, `localhost:${port + 1}`, 'localhost']) {
        const response = await rawHttp(url, { method: 'POST', headers: { ...headers, host }, body: opening });
        expect({ host, status: response.status }).toEqual({ host, status: 403 });
        expect(JSON.parse(response.body)).toEqual({
          jsonrpc: '2.0',
          error: { code: -32000, message: expect.stringMatching(/Host header .* is not allowed/) },
          id: null,
        });
      }
      const after = await fetch(url, { method: 'POST', headers, body: opening });
      expect(after.status).toBe(200);
      await after.text();
    });

    it.each(OPENINGS)('answers a foreign Origin with 403, GET and DELETE included (%s)', async (_era, headers, opening) => {
      const { url } = await app.listen({ transport: 'http', port: 0 });
      for (const origin of ['http://evil.example', 'null', 'file://']) {
        const response = await fetch(url, { method: 'POST', headers: { ...headers, origin }, body: opening });
        expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
        expect(await response.json()).toMatchObject({ error: { code: -32000, message: expect.stringMatching(/Origin .* is not allowed/) } });
      }
      for (const method of ['GET', 'DELETE']) {
        const response = await fetch(url, { method, headers: { origin: 'http://evil.example', accept: 'text/event-stream' } });
        expect({ method, status: response.status }).toEqual({ method, status: 403 });
      }
    });

    it('takes allowedHosts and allowedOrigins instead of the defaults', async () => {
      const { url } = await app.listen({
        transport: 'http',
        port: 0,
        allowedHosts: ['mcp.internal'],
        allowedOrigins: ['https://app.example.com'],
      });
      const post = (headers: Record<string, string>) => rawHttp(url, { method: 'POST', headers: { ...POST_HEADERS, ...headers }, body: initialize });
      expect((await post({ host: 'mcp.internal:8443' })).status).toBe(200);
      expect((await post({ host: 'mcp.internal', origin: 'https://app.example.com' })).status).toBe(200);
      expect((await post({ host: 'mcp.internal', origin: 'https://mcp.internal' })).status).toBe(403);
      expect((await post({ host: new URL(url).host })).status).toBe(403);
    });

    it('can be turned off (for a reverse proxy that checks Host itself)', async () => {
      const { url } = await app.listen({ transport: 'http', port: 0, dnsRebindingProtection: false });
      const response = await rawHttp(url, {
        method: 'POST',
        headers: { ...POST_HEADERS, host: 'anything.example', origin: 'http://evil.example' },
        body: initialize,
      });
      expect(response.status).toBe(200);
    });

    it('leaves /health to probes, whatever their Host', async () => {
      const { url } = await app.listen({ transport: 'http', port: 0 });
      const response = await rawHttp(new URL('/health', url).href, { headers: { host: '10.1.2.3:8080' } });
      expect(response.status).toBe(200);
    });
  });

  describe('bound beyond loopback', () => {
    it('refuses to listen on 0.0.0.0 without allowedHosts, saying what to set', async () => {
      await expect(app.listen({ transport: 'http', host: '0.0.0.0', port: 0 })).rejects.toThrow(
        /listening on 0\.0\.0\.0 .*set allowedHosts .*or dnsRebindingProtection: false/,
      );
    });

    it('listens on 0.0.0.0 with allowedHosts, checking Host against them', async () => {
      const server = await app.listen({ transport: 'http', host: '0.0.0.0', port: 0, allowedHosts: [`127.0.0.1`] });
      const url = `http://127.0.0.1:${server.port}/mcp`;
      const ok = await firstMessage(await fetch(url, { method: 'POST', headers: POST_HEADERS, body: initialize }));
      expect(ok).toMatchObject({ result: { serverInfo: { name: 'protected' } } });
      const refused = await rawHttp(url, { method: 'POST', headers: { ...POST_HEADERS, host: `localhost:${server.port}` }, body: initialize });
      expect(refused.status).toBe(403);
    });

    it('rejects malformed allowedHosts entries at listen', async () => {
      await expect(app.listen({ transport: 'http', port: 0, allowedHosts: ['http://mcp.example.com/'] })).rejects.toThrow(
        /allowedHosts: "http:\/\/mcp.example.com\/" is not a host name/,
      );
    });
  });
});

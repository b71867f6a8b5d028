import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { InvalidTokenError, jwtVerifier, McpDefinitionError } from 'mcp-decorators';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
const AUDIENCE = 'https://mcp.example.com/mcp';
const ISSUER = 'https://auth.example.com';

function sign(
  claims: JWTPayload,
  key: KeyLike | Uint8Array = new TextEncoder().encode(SECRET),
  header: { alg: string; kid?: string } = { alg: 'HS256' },
  expiresIn: string | number = '5m',
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).setIssuedAt().setExpirationTime(expiresIn).sign(key);
}

describe('jwtVerifier (HS256)', () => {
  const verify = jwtVerifier({ secret: SECRET, audience: AUDIENCE, issuer: ISSUER });

  it('returns the identity: subject, client, scopes, expiry and claims', async () => {
    const token = await sign({ sub: 'alice', aud: AUDIENCE, iss: ISSUER, scope: 'files:read files:write', client_id: 'cli', email: 'a@x' });
    const info = await verify(token);
    expect(info).toMatchObject({ token, clientId: 'cli', scopes: ['files:read', 'files:write'], extra: { sub: 'alice', iss: ISSUER } });
    expect((info.extra?.['claims'] as JWTPayload)['email']).toBe('a@x');
    expect(info.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('reads scp lists and falls back to sub as client id', async () => {
    const info = await verify(await sign({ sub: 'bob', aud: [AUDIENCE, 'other'], iss: ISSUER, scp: ['a', 'b'] }));
    expect(info).toMatchObject({ clientId: 'bob', scopes: ['a', 'b'] });
  });

  it.each([
    [
      'a bad signature',
      () => sign({ sub: 'x', aud: AUDIENCE, iss: ISSUER }, new TextEncoder().encode('another-secret-of-at-least-32-bytes!!')),
      /signature is invalid/,
    ],
    ['a wrong audience', () => sign({ sub: 'x', aud: 'https://other.example.com', iss: ISSUER }), /not issued for this server/],
    ['a wrong issuer', () => sign({ sub: 'x', aud: AUDIENCE, iss: 'https://evil.example.com' }), /trusted issuer/],
    ['an expired token', () => sign({ sub: 'x', aud: AUDIENCE, iss: ISSUER }, undefined, undefined, Math.floor(Date.now() / 1000) - 60), /has expired/],
    ['garbage', async () => 'not.a.jwt', /not a valid JWT/],
    [
      'alg none',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ aud: AUDIENCE, iss: ISSUER, exp: 9e9 })).toString('base64url')}.`,
      /algorithm|not a valid JWT/,
    ],
  ])('refuses %s with InvalidTokenError', async (_name, make, message) => {
    const token = await make();
    await expect(verify(token)).rejects.toThrow(InvalidTokenError);
    await expect(verify(token)).rejects.toThrow(message);
  });

  it('requires exp', async () => {
    const token = await new SignJWT({ sub: 'x', aud: AUDIENCE, iss: ISSUER }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
    await expect(verify(token)).rejects.toThrow(/"exp" claim/);
  });

  it('refuses unusable options at creation', () => {
    expect(() => jwtVerifier({ secret: 'short', audience: AUDIENCE })).toThrow(McpDefinitionError);
    expect(() => jwtVerifier({ secret: SECRET, audience: [] })).toThrow(/audience is required/);
    expect(() => jwtVerifier({ secret: SECRET, jwksUrl: 'http://x', audience: AUDIENCE })).toThrow(/exactly one of secret or jwksUrl/);
  });
});

describe('jwtVerifier (JWKS over HTTP)', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: KeyLike;
  let fetches = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('verifies tokens signed by a key of the JWKS, fetching it once', async () => {
    const verify = jwtVerifier({ jwksUrl, audience: AUDIENCE, issuer: ISSUER });
    const before = fetches;
    for (let i = 0; i < 3; i++) {
      const token = await sign({ sub: `user${i}`, aud: AUDIENCE, iss: ISSUER }, privateKey, { alg: 'RS256', kid: 'k1' });
      expect((await verify(token)).extra?.['sub']).toBe(`user${i}`);
    }
    expect(fetches - before).toBe(1);
  });

  it('refuses a key it does not know and an HS256 token', async () => {
    const verify = jwtVerifier({ jwksUrl, audience: AUDIENCE });
    const other = await generateKeyPair('RS256');
    await expect(verify(await sign({ aud: AUDIENCE }, other.privateKey, { alg: 'RS256', kid: 'k2' }))).rejects.toThrow(InvalidTokenError);
    await expect(verify(await sign({ aud: AUDIENCE }))).rejects.toThrow(/algorithm this server does not accept/);
  });

  it('reports an unreachable JWKS as a server fault, not a bad token', async () => {
    const verify = jwtVerifier({ jwksUrl: 'http://127.0.0.1:1/jwks.json', audience: AUDIENCE });
    const token = await sign({ aud: AUDIENCE }, privateKey, { alg: 'RS256', kid: 'k1' });
    const failure = (await verify(token).then(
      () => undefined,
      (error: unknown) => error,
    )) as Error | undefined;
    // fetch's errors come from Node's own realm: compare by name, not by class.
    expect(failure?.message).toMatch(/fetch failed|ECONNREFUSED/);
    expect(failure).not.toBeInstanceOf(InvalidTokenError);
  });
});

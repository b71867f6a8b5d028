import { execFileSync } from 'node:child_process';
import path from 'node:path';

/*
 * Start-up time and memory stay close to a bare SDK server's only if a server does not load
 * what it does not use. Checked in a fresh Node process running the built package, since jest's
 * module registry is not Node's.
 */

const DIST = path.resolve(__dirname, '../../dist/index.js');
const SERVER_OPTIONAL = ['winston', 'prom-client', 'ioredis', 'jose', 'sanitize-html', 'entities', 'ajv/dist/2020'];
const OPTIONAL = [...SERVER_OPTIONAL, '@modelcontextprotocol/client/'];

const SCRIPT = `
require('reflect-metadata');
const { IsInt } = require('class-validator');
const { injectable } = require('tsyringe');
const mcp = require(${JSON.stringify(DIST)});
const loaded = (names = ${JSON.stringify(OPTIONAL)}) => names.filter((m) => Object.keys(require.cache).some((f) => f.includes('/node_modules/' + m)));

class AddInput {}
Reflect.decorate([IsInt()], AddInput.prototype, 'a');
Reflect.decorate([IsInt()], AddInput.prototype, 'b');
class MathTools { add({ a, b }) { return a + b; } }
Reflect.decorate(
  [mcp.Tool(), Reflect.metadata('design:paramtypes', [AddInput]), Reflect.metadata('design:returntype', Number)],
  MathTools.prototype, 'add', Object.getOwnPropertyDescriptor(MathTools.prototype, 'add'),
);
injectable()(MathTools);

(async () => {
  const report = {};
  const app = await mcp.createMcpApp({ name: 'lazy', version: '1.0.0', providers: [MathTools], configSource: { env: {}, envFile: false } });
  report.created = loaded();
  const { Client, InMemoryTransport } = require('@modelcontextprotocol/client');
  // One client of each era: 2026-07-28 (server/discover) and 2025-11-25 (initialize).
  const clients = [];
  for (const mode of [{ pin: '2026-07-28' }, 'legacy']) {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await app.connect(serverSide);
    const client = new Client({ name: 'c', version: '1' }, { versionNegotiation: { mode } });
    await client.connect(clientSide);
    for (let i = 0; i < 3; i++) await client.callTool({ name: 'add', arguments: { a: i, b: 1 } });
    clients.push(client);
  }
  const server = ${JSON.stringify(SERVER_OPTIONAL)};
  report.served = loaded(server);
  app.services.logger.warn('now_logging');
  report.logged = loaded(server);
  const text = await app.services.metrics.render();
  report.scraped = loaded(server);
  report.counted = /mcp_calls_total\\{[^}]*name="add"[^}]*\\} 6/.test(text);
  for (const client of clients) await client.close();
  await app.close();
  process.stdout.write(JSON.stringify(report));
})().catch((error) => { process.stderr.write(String(error.stack)); process.exit(1); });
`;

describe('modules a server loads', () => {
  it('loads logging, metrics, Redis, JWT, HTML sanitizing, JSON Schema dialects and the SDK client only when used', () => {
    const output = execFileSync(process.execPath, ['-e', SCRIPT], {
      cwd: path.resolve(__dirname, '../..'),
      env: { PATH: process.env['PATH'] ?? '' },
      encoding: 'utf8',
    });
    const report = JSON.parse(output) as Record<string, unknown>;
    expect(report['created']).toEqual([]);
    // Six successful calls (three per era) at the default `info` level: nothing to log, nothing scraped.
    expect(report['served']).toEqual([]);
    expect(report['logged']).toEqual(['winston']);
    expect(report['scraped']).toEqual(['winston', 'prom-client']);
    expect(report['counted']).toBe(true);
  });
});

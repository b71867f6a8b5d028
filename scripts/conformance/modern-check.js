#!/usr/bin/env node
// The 2026-07-28 revision against the conformance example, which the official suite (0.1.x,
// 2025 revisions only) does not cover: an SDK v2 client pinned to 2026-07-28 over streamable
// HTTP (stateless: `server/discover`, then one POST per request) and over stdio (the example as
// a child process). Elicitation and sampling travel as `input_required` rounds, fulfilled by
// the client's handlers.
//
// Usage: node scripts/conformance/modern-check.js <url> <example main.js>
// Runs under the project's Node and node_modules. Exits 0 only when every check passed.
'use strict';
const { Client, StreamableHTTPClientTransport } = require('@modelcontextprotocol/client');
const { StdioClientTransport } = require('@modelcontextprotocol/client/stdio');

const [url, example] = process.argv.slice(2);
if (!url || !example) {
  process.stderr.write('usage: modern-check.js <url> <example main.js>\n');
  process.exit(2);
}
const MODERN = '2026-07-28';

/** Probes on the child it was given (the SDK's exact class probes on a disposable sibling). */
class InPlaceStdioClientTransport extends StdioClientTransport {}

function newClient() {
  const client = new Client(
    { name: 'mcp-decorators-modern-check', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: { form: {} } }, versionNegotiation: { mode: { pin: MODERN } } },
  );
  client.setRequestHandler('elicitation/create', () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.com' } }));
  client.setRequestHandler('sampling/createMessage', () => ({ model: 'check', role: 'assistant', content: { type: 'text', text: 'hello' } }));
  return client;
}

let failed = 0;
async function check(what, run) {
  try {
    const problem = await run();
    if (problem) throw new Error(problem);
    process.stdout.write(`  ✓ ${what}\n`);
  } catch (error) {
    failed++;
    process.stdout.write(`  ✗ ${what}: ${error && error.message ? error.message : String(error)}\n`);
  }
}

const textOf = (result) => (result.content && result.content[0] && result.content[0].text) || '';

async function overHttp() {
  process.stdout.write(`${MODERN} client over HTTP (${url})\n`);
  const client = newClient();
  await check('server/discover negotiates 2026-07-28', async () => {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const version = client.getNegotiatedProtocolVersion();
    return version === MODERN ? undefined : `negotiated ${version}`;
  });
  if (client.getProtocolEra() !== 'modern') return;
  await check('tools/list lists the 15 tools', async () => {
    const { tools } = await client.listTools();
    return tools.length === 15 ? undefined : `${tools.length} tools`;
  });
  await check('tools/call test_simple_text', async () => {
    const text = textOf(await client.callTool({ name: 'test_simple_text', arguments: {} }));
    return text === 'This is a simple text response for testing.' ? undefined : `answered ${JSON.stringify(text)}`;
  });
  await check('tools/call test_elicitation (input_required round)', async () => {
    const text = textOf(await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } }));
    return /action=accept/.test(text) && text.includes('ada@example.com') ? undefined : `answered ${JSON.stringify(text)}`;
  });
  await check('tools/call test_sampling (input_required round)', async () => {
    const text = textOf(await client.callTool({ name: 'test_sampling', arguments: { prompt: 'Say hello' } }));
    return text === 'LLM response: hello' ? undefined : `answered ${JSON.stringify(text)}`;
  });
  await check('resources/read test://template/42/data', async () => {
    const { contents } = await client.readResource({ uri: 'test://template/42/data' });
    return JSON.parse(contents[0].text).id === '42' ? undefined : `read ${JSON.stringify(contents)}`;
  });
  await check('prompts/get test_prompt_with_arguments', async () => {
    const { messages } = await client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'a', arg2: 'b' } });
    return messages[0].content.text.includes("arg1='a'") ? undefined : `got ${JSON.stringify(messages)}`;
  });
  await client.close();
}

async function overStdio() {
  process.stdout.write(`${MODERN} client over stdio (${example})\n`);
  const client = newClient();
  const transport = new InPlaceStdioClientTransport({
    command: process.execPath,
    args: [example],
    env: { ...process.env, MCP_TRANSPORT: 'stdio', MCP_LOG_LEVEL: 'warn' },
    stderr: 'ignore',
  });
  await check('server/discover negotiates 2026-07-28', async () => {
    await client.connect(transport);
    const version = client.getNegotiatedProtocolVersion();
    return version === MODERN ? undefined : `negotiated ${version}`;
  });
  if (client.getProtocolEra() === 'modern') {
    await check('tools/list lists the 15 tools', async () => {
      const { tools } = await client.listTools();
      return tools.length === 15 ? undefined : `${tools.length} tools`;
    });
    await check('tools/call test_elicitation (input_required round)', async () => {
      const text = textOf(await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } }));
      return /action=accept/.test(text) ? undefined : `answered ${JSON.stringify(text)}`;
    });
  }
  await client.close();
}

(async () => {
  await overHttp();
  await overStdio();
  process.exit(failed === 0 ? 0 : 1);
})().catch((error) => {
  process.stderr.write(`modern check crashed: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});

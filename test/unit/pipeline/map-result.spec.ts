import { image, Prompt, Resource, text, Tool, toolResult } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { resultMapper } from '../../../src/pipeline/map-result';
import { invocationOf, stepHarness, type StepHarness } from './step-harness';

@injectable()
class MappedTools {
  @Tool()
  count(): number {
    return 3;
  }

  @Tool()
  ready(): boolean {
    return true;
  }

  @Tool()
  label(): string {
    return 'label';
  }

  @Resource('files://{path}')
  file({ path }: Record<string, string>): string {
    return path;
  }

  @Resource('config://app', { mimeType: 'application/yaml' })
  config(): string {
    return 'env: test';
  }

  @Resource('status://now')
  status(): object {
    return { up: true };
  }

  @Prompt({ description: 'A greeting' })
  greet(): string {
    return 'Hello';
  }

  @Prompt()
  plain(): string {
    return 'Hi';
  }
}

describe('resultMapper', () => {
  let h: StepHarness;

  beforeAll(async () => {
    h = await stepHarness([MappedTools]);
  });

  afterAll(() => h.close());

  it('wraps the primitive value of a tool declared to return a number or boolean as structuredContent.result', () => {
    const count = h.tool('count');
    expect(resultMapper(count)(7, invocationOf(count))).toEqual({ content: [{ type: 'text', text: '7' }], structuredContent: { result: 7 } });
    const ready = h.tool('ready');
    expect(resultMapper(ready)(false, invocationOf(ready))).toEqual({ content: [{ type: 'text', text: 'false' }], structuredContent: { result: false } });
  });

  it('maps other tool values to content only, keeping a tool result or content blocks as they are', () => {
    const label = h.tool('label');
    const map = resultMapper(label);
    expect(map(12, invocationOf(label))).toEqual({ content: [{ type: 'text', text: '12' }] });
    expect(map(undefined, invocationOf(label))).toEqual({ content: [] });
    const result = toolResult([text('as is')], { isError: true });
    expect(map(result, invocationOf(label))).toBe(result);
    const picture = image('aGk=', 'image/png');
    expect(map(picture, invocationOf(label))).toEqual({ content: [picture] });
  });

  it('addresses a resource read to the concrete URI asked for, not to its template', () => {
    const file = h.resource('files://notes.txt');
    expect(resultMapper(file)('hello', invocationOf(file, {}, { uri: 'files://notes.txt' }))).toEqual({
      contents: [{ uri: 'files://notes.txt', mimeType: 'text/plain', text: 'hello' }],
    });
  });

  it('uses the declared MIME type of a resource, else one fitting the value', () => {
    const config = h.resource('config://app');
    expect(resultMapper(config)('env: test', invocationOf(config))).toEqual({
      contents: [{ uri: 'config://app', mimeType: 'application/yaml', text: 'env: test' }],
    });
    const status = h.resource('status://now');
    expect(resultMapper(status)({ up: true }, invocationOf(status))).toEqual({
      contents: [{ uri: 'status://now', mimeType: 'application/json', text: '{"up":true}' }],
    });
    expect(resultMapper(status)(new Uint8Array([104, 105]), invocationOf(status))).toEqual({
      contents: [{ uri: 'status://now', mimeType: 'application/octet-stream', blob: 'aGk=' }],
    });
  });

  it('maps a prompt’s value to messages, with the prompt’s description when it has one', () => {
    const greet = h.prompt('greet');
    expect(resultMapper(greet)('Hello', invocationOf(greet))).toEqual({
      description: 'A greeting',
      messages: [{ role: 'user', content: { type: 'text', text: 'Hello' } }],
    });
    const plain = h.prompt('plain');
    expect(resultMapper(plain)('Hi', invocationOf(plain))).toEqual({ messages: [{ role: 'user', content: { type: 'text', text: 'Hi' } }] });
  });

  it('refuses a prompt value that is not a string nor messages', () => {
    const greet = h.prompt('greet');
    expect(() => resultMapper(greet)(42, invocationOf(greet))).toThrow(new TypeError('a prompt must return a string, an array of messages or { messages }'));
  });
});

import { IsInt } from 'class-validator';
import { Prompt, Resource, Tool, ToolContext } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { invokeStep } from '../../../src/pipeline/invoke.step';
import { failureOf, invocationOf, stepHarness, type StepHarness } from './step-harness';

class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

const received: Array<{ input: unknown; context: unknown }> = [];

@injectable()
class MathTools {
  private readonly offset = 0;

  @Tool()
  add(input: AddInput, ctx: ToolContext): number {
    received.push({ input, context: ctx });
    return input.a + input.b + this.offset;
  }

  @Tool()
  whoAmI(ctx: ToolContext): string {
    return `${ctx.principal} #${String(ctx.requestId)}`;
  }

  @Tool()
  stats(): { count: number } {
    return { count: 2 };
  }

  @Tool()
  broken(): string {
    throw new RangeError('broken on purpose');
  }

  @Resource('math://constants/{name}', { mimeType: 'text/plain' })
  constant({ name }: Record<string, string>): string {
    return name === 'pi' ? '3.14159' : '?';
  }

  @Prompt({ description: 'Explain a sum' })
  explain(input: AddInput): string {
    return `Explain ${input.a} + ${input.b}`;
  }
}

describe('invokeStep', () => {
  let h: StepHarness;

  beforeAll(async () => {
    h = await stepHarness([MathTools]);
  });

  afterAll(() => h.close());

  beforeEach(() => {
    received.length = 0;
  });

  it('calls the method on its provider instance with the input and the call’s context', async () => {
    const invocation = invocationOf(h.tool('add'), { a: 2, b: 3 });
    const result = await invokeStep(h.tool('add'))(invocation);
    expect(received).toEqual([{ input: { a: 2, b: 3 }, context: invocation.context }]);
    expect(result).toEqual({ content: [{ type: 'text', text: '5' }], structuredContent: { result: 5 } });
  });

  it('hands the context to a method that declares it as its only parameter', async () => {
    const result = await invokeStep(h.tool('whoAmI'))(invocationOf(h.tool('whoAmI'), {}, { sessionId: 's-1', requestId: 4 }));
    expect(result).toEqual({ content: [{ type: 'text', text: 'session:s-1 #4' }] });
  });

  it('turns an object into structured content with its JSON text', async () => {
    expect(await invokeStep(h.tool('stats'))(invocationOf(h.tool('stats')))).toEqual({
      content: [{ type: 'text', text: '{"count":2}' }],
      structuredContent: { count: 2 },
    });
  });

  it('maps a resource read to the requested URI with the declared MIME type', async () => {
    const definition = h.resource('math://constants/pi');
    const result = await invokeStep(definition)(invocationOf(definition, { name: 'pi' }, { uri: 'math://constants/pi' }));
    expect(result).toEqual({ contents: [{ uri: 'math://constants/pi', mimeType: 'text/plain', text: '3.14159' }] });
  });

  it('maps a prompt’s text to a user message with the prompt’s description', async () => {
    const result = await invokeStep(h.prompt('explain'))(invocationOf(h.prompt('explain'), { a: 1, b: 2 }));
    expect(result).toEqual({ description: 'Explain a sum', messages: [{ role: 'user', content: { type: 'text', text: 'Explain 1 + 2' } }] });
  });

  it('rejects with the method’s own error, even one thrown synchronously', async () => {
    const run = invokeStep(h.tool('broken'));
    const outcome = run(invocationOf(h.tool('broken')));
    expect(outcome).toBeInstanceOf(Promise);
    const error = await failureOf(() => outcome);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('broken on purpose');
  });
});

import { IsString } from 'class-validator';
import { McpDefinitionError, SetMetadata, Tool, UseInterceptors, type McpCall, type McpInterceptor } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { interceptorsStep } from '../../../src/pipeline/interceptors.step';
import { built, invocationOf, runStep, stepHarness, type StepHarness } from './step-harness';

const trail: string[] = [];
const calls: McpCall[] = [];

const around = (label: string): McpInterceptor['intercept'] =>
  async function (call, next) {
    calls.push(call);
    trail.push(`${label}>`);
    const result = await next();
    trail.push(`<${label}`);
    return result;
  };

@injectable()
class AppWide implements McpInterceptor {
  intercept = around('app');
}

@injectable()
class ClassLevel implements McpInterceptor {
  intercept = around('class');
}

@injectable()
class MethodLevel implements McpInterceptor {
  intercept = around('method');
}

@injectable()
class Gate implements McpInterceptor {
  async intercept(call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
    return call.metadata<string>('gate') === 'closed' ? { content: [{ type: 'text', text: 'gated' }] } : next();
  }
}

class NoteInput {
  @IsString() note!: string;
}

@injectable()
@UseInterceptors(ClassLevel)
class NoteTools {
  @Tool()
  @UseInterceptors(MethodLevel)
  write({ note }: NoteInput): string {
    trail.push('write');
    return note;
  }

  @Tool()
  read(): string {
    trail.push('read');
    return 'read';
  }
}

@injectable()
class GatedTools {
  @Tool()
  @SetMetadata('gate', 'closed')
  @UseInterceptors(Gate)
  secret(): string {
    trail.push('secret');
    return 'secret';
  }

  @Tool()
  plain(): string {
    return 'plain';
  }
}

describe('interceptorsStep', () => {
  const opened: StepHarness[] = [];
  const harness = async (...args: Parameters<typeof stepHarness>): Promise<StepHarness> => {
    const h = await stepHarness(...args);
    opened.push(h);
    return h;
  };

  beforeEach(() => {
    trail.length = 0;
    calls.length = 0;
  });

  afterEach(async () => {
    for (const h of opened.splice(0)) await h.close();
  });

  it('is absent when neither the app, the class nor the method has interceptors', async () => {
    const h = await harness([GatedTools]);
    expect(interceptorsStep(h.tool('plain'), h.services)).toBeUndefined();
    expect(interceptorsStep(h.tool('secret'), h.services)).toBeDefined();
  });

  it('runs the app-wide interceptors, then the class’s, then the method’s, around the method', async () => {
    const h = await harness([NoteTools], { interceptors: [AppWide] });
    const invocation = invocationOf(h.tool('write'), { note: 'hi' });
    expect(await runStep(built(interceptorsStep(h.tool('write'), h.services)), invocation)).toEqual({ content: [{ type: 'text', text: 'hi' }] });
    expect(trail).toEqual(['app>', 'class>', 'method>', 'write', '<method', '<class', '<app']);
    expect(new Set(calls).size).toBe(1);
    expect(calls[0]).toBe(invocation.call);
    expect(calls[0].handler).toEqual({ class: NoteTools, method: 'write' });
  });

  it('applies class-level interceptors to every handler of the class, without the other methods’ ones', async () => {
    const h = await harness([NoteTools]);
    await runStep(built(interceptorsStep(h.tool('read'), h.services)), invocationOf(h.tool('read')));
    expect(trail).toEqual(['class>', 'read', '<class']);
  });

  it('lets an interceptor answer from the handler’s metadata without running the method', async () => {
    const h = await harness([GatedTools]);
    const result = await runStep(built(interceptorsStep(h.tool('secret'), h.services)), invocationOf(h.tool('secret')));
    expect(result).toEqual({ content: [{ type: 'text', text: 'gated' }] });
    expect(trail).toEqual([]);
  });

  it('fails at creation, naming the handler, when an interceptor cannot be built', async () => {
    class NotInjectable implements McpInterceptor {
      constructor(readonly dependency: { id: number }) {}
      intercept(_call: McpCall, next: () => Promise<unknown>): Promise<unknown> {
        return next();
      }
    }
    @injectable()
    class Broken {
      @Tool()
      @UseInterceptors(NotInjectable)
      broken(): string {
        return '';
      }
    }
    const creation = stepHarness([Broken]);
    await expect(creation).rejects.toThrow(McpDefinitionError);
    await expect(creation).rejects.toThrow(/^Broken\.broken: cannot create interceptor NotInjectable/);
  });
});

import { IsInt, IsString, Max, Min } from 'class-validator';
import { ErrorCategory, ErrorSeverity, Prompt, Resource, Tool, ToolError, Trim } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { validationStep } from '../../../src/pipeline/validation.step';
import { built, failureOf, invocationOf, stepHarness, type StepHarness } from './step-harness';

class ForecastInput {
  @IsString() @Trim() city!: string;
  @IsInt() @Min(1) @Max(7) days!: number;
}

class TopicInput {
  @IsString() topic!: string;
}

@injectable()
class WeatherTools {
  @Tool()
  forecast({ city, days }: ForecastInput): string {
    return `${city}:${days}`;
  }

  @Prompt()
  brief({ topic }: TopicInput): string {
    return topic;
  }

  @Resource('weather://cities/{city}')
  city(variables: Record<string, string>): string {
    return JSON.stringify(variables);
  }
}

describe('validationStep', () => {
  let h: StepHarness;

  beforeAll(async () => {
    h = await stepHarness([WeatherTools]);
  });

  afterAll(() => h.close());

  it('refuses invalid arguments with a validation error listing every problem, before anything below runs', async () => {
    const step = built(validationStep(h.tool('forecast'), h.services));
    const next = jest.fn(async () => 'ran');
    const error = await failureOf(() => step(invocationOf(h.tool('forecast'), { city: 42, days: 9 }), next));
    expect(error).toBeInstanceOf(ToolError);
    const refusal = error as ToolError;
    expect(refusal.category).toBe(ErrorCategory.VALIDATION);
    expect(refusal.severity).toBe(ErrorSeverity.LOW);
    expect(refusal.message).toBe('Invalid arguments for tool forecast: city must be a string; days must not be greater than 7');
    expect(refusal.details).toEqual({ errors: ['city must be a string', 'days must not be greater than 7'] });
    expect(next).not.toHaveBeenCalled();
  });

  it('replaces the raw arguments by the sanitized DTO instance before calling next', async () => {
    const step = built(validationStep(h.tool('forecast'), h.services));
    const invocation = invocationOf(h.tool('forecast'), { city: '  Paris  ', days: 3 });
    let seen: unknown;
    const result = await step(invocation, async () => {
      seen = invocation.input;
      return 'answered';
    });
    expect(result).toBe('answered');
    expect(seen).toBeInstanceOf(ForecastInput);
    expect(seen).toEqual(Object.assign(new ForecastInput(), { city: 'Paris', days: 3 }));
    expect(invocation.input).toBe(seen);
  });

  it('names the kind of handler in the refusal of a prompt', async () => {
    const step = built(validationStep(h.prompt('brief'), h.services));
    const error = await failureOf(() => step(invocationOf(h.prompt('brief'), {}), async () => 'ran'));
    expect((error as ToolError).message).toBe('Invalid arguments for prompt brief: topic must be a string');
  });

  it('hands the template variables of a resource without a DTO through as they are', async () => {
    const definition = h.resource('weather://cities/oslo');
    const step = built(validationStep(definition, h.services));
    const variables = { city: 'oslo' };
    const invocation = invocationOf(definition, variables, { uri: 'weather://cities/oslo' });
    await step(invocation, async () => undefined);
    expect(invocation.input).toBe(variables);
  });
});

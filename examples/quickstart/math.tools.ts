import { IsInt, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';
import { ErrorCategory, Prompt, Resource, Tool, ToolError, type ToolContext } from 'mcp-decorators';
import { injectable } from 'tsyringe';

export class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

export class DivideInput {
  @IsNumber() a!: number;
  @IsNumber() b!: number;
}

export class WaitInput {
  @IsInt() @Min(0) @Max(10_000) ms!: number;
}

export class ReviewArgs {
  @IsString() @MaxLength(20_000) code!: string;
}

/**
 * The seed's test server: two tools, a configuration resource and a prompt; plus `wait`, a
 * slow tool that shows the call context (progress, cancellation) and lets you watch a graceful
 * shutdown finish a call in progress.
 */
@injectable()
export class MathTools {
  @Tool({ description: 'Add two integers', annotations: { readOnlyHint: true, idempotentHint: true } })
  add({ a, b }: AddInput): number {
    return a + b;
  }

  @Tool({ description: 'Divide a by b', annotations: { readOnlyHint: true } })
  divide({ a, b }: DivideInput): number {
    if (b === 0) throw new ToolError('Division by zero: b must not be 0', { category: ErrorCategory.VALIDATION });
    return a / b;
  }

  @Tool({ description: 'Wait ms milliseconds (at most 10 000), reporting progress; cancellable', annotations: { readOnlyHint: true } })
  async wait({ ms }: WaitInput, ctx: ToolContext): Promise<string> {
    await ctx.reportProgress(0, ms);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    if (ctx.signal.aborted) throw new ToolError('wait cancelled', { category: ErrorCategory.TIMEOUT });
    await ctx.reportProgress(ms, ms);
    return `waited ${ms} ms`;
  }

  @Resource('config://test', { description: 'Test configuration', mimeType: 'application/json' })
  config(): { test: boolean; env: string } {
    return { test: true, env: 'testing' };
  }

  @Prompt({ description: 'Ask for a code review' })
  review({ code }: ReviewArgs): string {
    return `Please review this code:\n\n${code}`;
  }
}

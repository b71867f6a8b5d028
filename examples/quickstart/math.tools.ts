import { IsInt, IsNumber, IsString, MaxLength } from 'class-validator';
import { injectable } from 'tsyringe';
import { ErrorCategory, Prompt, Resource, Tool, ToolError } from 'mcp-decorators';

export class AddInput {
  @IsInt() a!: number;
  @IsInt() b!: number;
}

export class DivideInput {
  @IsNumber() a!: number;
  @IsNumber() b!: number;
}

export class ReviewArgs {
  @IsString() @MaxLength(20_000) code!: string;
}

/** The seed's test server: two tools, a configuration resource and a prompt. */
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

  @Resource('config://test', { description: 'Test configuration', mimeType: 'application/json' })
  config(): { test: boolean; env: string } {
    return { test: true, env: 'testing' };
  }

  @Prompt({ description: 'Ask for a code review' })
  review({ code }: ReviewArgs): string {
    return `Please review this code:\n\n${code}`;
  }
}

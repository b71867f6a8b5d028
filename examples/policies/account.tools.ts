import { IsString, Length } from 'class-validator';
import { ErrorCategory, Logged, RateLimited, Sensitive, Tool, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';

export class LoginInput {
  @IsString() @Length(1, 64) username!: string;
  @IsString() @Length(8, 128) @Sensitive() password!: string;
}

/** Arguments are logged for audit, the password never. */
@injectable()
export class AccountTools {
  @Tool({ description: 'Check credentials' })
  @Logged({ level: 'info', includeArgs: true })
  @RateLimited({ limit: 5, windowMs: 60_000, failMode: 'closed' })
  login({ username, password }: LoginInput): string {
    // A demo check: a real server would compare a hash from its user store.
    if (password !== `${username}-secret`) {
      throw new ToolError('Invalid username or password', { category: ErrorCategory.AUTHENTICATION });
    }
    return `Welcome, ${username}`;
  }
}

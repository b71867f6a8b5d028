import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ErrorCategory, Resource, Tool, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { UserDirectory } from './user-directory.service';

export class LoginRequest {
  @IsString() @Matches(/^[a-z][a-z0-9_]{1,31}$/) username!: string;
  @IsString() @MinLength(8) @MaxLength(128) password!: string;
  @IsOptional() @IsBoolean() rememberMe?: boolean;
}

export class LogoutRequest {
  @IsString() @MaxLength(64) sessionId!: string;
}

/** Authentication tools (the seed's `modules/auth_tools.py`). */
@injectable()
export class AuthTools {
  constructor(private readonly directory: UserDirectory) {}

  @Tool({ description: 'Authenticate a user and open a session' })
  login({ username }: LoginRequest): { sessionId: string; user: string } {
    const user = this.directory.find(username);
    if (!user) throw new ToolError(`Unknown user ${username}`, { category: ErrorCategory.AUTHENTICATION });
    return { sessionId: this.directory.openSession(username), user: user.displayName };
  }

  @Tool({ description: 'Close a session', annotations: { destructiveHint: true } })
  logout({ sessionId }: LogoutRequest): string {
    return this.directory.closeSession(sessionId) ? `Session ${sessionId} logged out` : `No session ${sessionId}`;
  }

  @Resource('users://current', { description: 'The current user', mimeType: 'application/json' })
  currentUser(): { user: string } {
    return { user: 'anonymous' };
  }
}

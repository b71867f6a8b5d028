import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ErrorCategory, Resource, Tool, ToolError } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { UserDirectory, type User } from './user-directory.service';

export class ListUsersInput {
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsIn(['username', 'displayName']) sortBy?: 'username' | 'displayName';
}

/** Data tools (the seed's `modules/data_tools.py`). */
@injectable()
export class DataTools {
  constructor(private readonly directory: UserDirectory) {}

  @Tool({ description: 'List users', annotations: { readOnlyHint: true } })
  listUsers({ limit = 10, sortBy = 'username' }: ListUsersInput): { users: User[] } {
    const users = this.directory.list().sort((x, y) => x[sortBy].localeCompare(y[sortBy]));
    return { users: users.slice(0, limit) };
  }

  @Resource('users://{username}/profile', { description: 'A user profile', mimeType: 'application/json' })
  profile({ username }: { username: string }): User {
    const user = this.directory.find(username);
    if (!user) throw new ToolError(`No user ${username}`, { category: ErrorCategory.VALIDATION });
    return user;
  }
}

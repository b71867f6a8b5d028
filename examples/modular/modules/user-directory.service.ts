import { TOKENS, type Logger } from 'mcp-decorators';
import { inject, injectable } from 'tsyringe';

export interface User {
  readonly username: string;
  readonly displayName: string;
}

/** A service shared by several tool modules; listed in `services`, so built once per app. */
@injectable()
export class UserDirectory {
  private readonly users = new Map<string, User>([
    ['ada', { username: 'ada', displayName: 'Ada Lovelace' }],
    ['alan', { username: 'alan', displayName: 'Alan Turing' }],
  ]);
  private readonly sessions = new Map<string, string>();

  constructor(@inject(TOKENS.Logger) private readonly logger: Logger) {}

  find(username: string): User | undefined {
    return this.users.get(username);
  }

  list(): User[] {
    return [...this.users.values()];
  }

  openSession(username: string): string {
    const id = `s-${this.sessions.size + 1}`;
    this.sessions.set(id, username);
    this.logger.info('session_opened', { username });
    return id;
  }

  closeSession(id: string): boolean {
    return this.sessions.delete(id);
  }
}

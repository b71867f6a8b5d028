import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Cached, InvalidatesCache, Public, RateLimited, RequireScopes, Route, Tool, ToolContext } from 'mcp-decorators';
import { inject, injectable } from 'tsyringe';
import { NotesConfig } from './notes.config';
import { NotesService, type Note } from './notes.service';

class AddNoteInput {
  @IsString() @MinLength(1) @MaxLength(2_000) text!: string;
}

class ListNotesInput {
  /** Only the notes of this author (`sub:<id>`); default all. */
  @IsOptional() @IsString() @MaxLength(200) author?: string;
}

/**
 * Scoped tools (`notes:read`, `notes:write`), a public ping, and a public status route. With
 * auth configured (MCP_AUTH_*), each caller sees only what its token's scopes allow.
 */
@injectable()
@RequireScopes('notes:read')
export class NotesTools {
  constructor(
    private readonly notes: NotesService,
    @inject(NotesConfig) private readonly config: NotesConfig,
  ) {}

  @Tool({ description: 'Liveness check for clients', annotations: { readOnlyHint: true } })
  @Public()
  ping(): string {
    return 'pong';
  }

  @Tool({ description: 'Add a note, signed with your identity' })
  @RequireScopes('notes:write')
  @RateLimited({ limit: 30, windowMs: 60_000 })
  @InvalidatesCache('notes')
  add_note({ text }: AddNoteInput, ctx: ToolContext): Note {
    return this.notes.add(ctx.principal, text.slice(0, this.config.maxLength));
  }

  @Tool({ description: 'List notes, optionally of one author', annotations: { readOnlyHint: true } })
  @Cached({ ttlMs: 10_000, tags: ['notes'], scope: 'global' })
  list_notes({ author }: ListNotesInput): { notes: Note[] } {
    return { notes: this.notes.list(author) };
  }

  @Route('GET', '/status')
  @Public()
  status(): { motd: string; notes: number; maxNotes: number } {
    return { motd: this.config.motd, notes: this.notes.count, maxNotes: this.config.maxNotes };
  }
}

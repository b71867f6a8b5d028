import { ErrorCategory, ToolError } from 'mcp-decorators';
import { inject, injectable } from 'tsyringe';
import { NotesConfig } from './notes.config';

export interface Note {
  readonly id: number;
  readonly author: string;
  readonly text: string;
  readonly createdAt: string;
}

/** The notes of this process (one instance per app, listed in `services`). */
@injectable()
export class NotesService {
  private readonly notes: Note[] = [];

  constructor(@inject(NotesConfig) private readonly config: NotesConfig) {}

  get count(): number {
    return this.notes.length;
  }

  add(author: string, text: string): Note {
    if (this.notes.length >= this.config.maxNotes) {
      throw new ToolError(`The notebook is full (${this.config.maxNotes} notes)`, { category: ErrorCategory.VALIDATION });
    }
    const note: Note = { id: this.notes.length + 1, author, text, createdAt: new Date().toISOString() };
    this.notes.push(note);
    return note;
  }

  list(author?: string): Note[] {
    return author === undefined ? [...this.notes] : this.notes.filter((note) => note.author === author);
  }
}

import { IsString, Matches, MaxLength } from 'class-validator';
import { Tool } from 'mcp-decorators';
import { injectable } from 'tsyringe';

export class NoteInput {
  @IsString() @Matches(/^[\w-]{1,64}$/) name!: string;
  @IsString() @MaxLength(10_000) content!: string;
}

/** File tools (the seed's `modules/file_tools.py`), kept in memory for the example. */
@injectable()
export class FileTools {
  private readonly notes = new Map<string, string>();

  @Tool({ description: 'Save a note', annotations: { idempotentHint: true } })
  saveNote({ name, content }: NoteInput): string {
    this.notes.set(name, content);
    return `Saved ${name} (${content.length} characters)`;
  }

  @Tool({ description: 'List saved notes', annotations: { readOnlyHint: true } })
  listNotes(): { notes: string[] } {
    return { notes: [...this.notes.keys()] };
  }
}

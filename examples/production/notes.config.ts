import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Env } from 'mcp-decorators';

/** The example's own settings, beside the framework's MCP_* ones. */
export class NotesConfig {
  /** Most notes kept; adding more is refused. */
  @Env('NOTES_MAX')
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxNotes = 1_000;

  /** Longest note, in characters. */
  @Env('NOTES_MAX_LENGTH')
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxLength = 2_000;

  /** Shown by the public status route. */
  @Env('NOTES_MOTD')
  @IsString()
  @MaxLength(200)
  motd = 'Notes service';
}

import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/server';
import { inboundMessageError } from '../../protocol/message-guard';

/**
 * The SDK's stdio transport with the framework's message guard in front of its parser. The SDK
 * parses each line against its message schema before anyone sees it, so a message it cannot
 * type (`_meta` that is not an object) is dropped unanswered, and a `__proto__` key is consumed
 * by the parse; here each complete line is read first, and one the guard refuses is answered
 * with its clear error instead of reaching the SDK.
 */
export class GuardedStdioServerTransport extends StdioServerTransport {
  private pending = '';
  /** The SDK's own reader, fed the lines the guard lets through. */
  private readonly read: (chunk: Buffer) => void;

  constructor(...args: ConstructorParameters<typeof StdioServerTransport>) {
    super(...args);
    this.read = this._ondata;
    this._ondata = (chunk) => this.receive(chunk);
  }

  private receive(chunk: Buffer): void {
    this.pending += chunk.toString('utf8');
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      this.forward(line);
      newline = this.pending.indexOf('\n');
    }
    // An endless line is the SDK's to refuse (it closes the connection past its buffer bound).
    if (this.pending.length > STDIO_DEFAULT_MAX_BUFFER_SIZE) {
      const line = this.pending;
      this.pending = '';
      this.read(Buffer.from(line, 'utf8'));
    }
  }

  private forward(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      message = undefined; // not JSON: the SDK reports it as it always does
    }
    const refused = message === undefined ? undefined : inboundMessageError(message);
    if (refused) {
      this.send(refused).catch(() => undefined);
      return;
    }
    this.read(Buffer.from(`${line}\n`, 'utf8'));
  }
}

import { parseJSONRPCMessage, STDIO_DEFAULT_MAX_BUFFER_SIZE, type JSONRPCMessage } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { StringDecoder } from 'node:string_decoder';
import { inboundMessageError } from '../../protocol/message-guard';

/**
 * The SDK's stdio transport with the framework's message guard in front of its parser. The SDK
 * parses each line against its message schema before anyone sees it, so a message it cannot
 * type (`_meta` that is not an object) is dropped unanswered, and a `__proto__` key is consumed
 * by the parse; here each complete line is read and parsed once, and one the guard refuses is
 * answered with its clear error instead of reaching the SDK.
 */
export class GuardedStdioServerTransport extends StdioServerTransport {
  private pending = '';
  /** Keeps a character whose bytes a pipe split across two chunks whole. */
  private readonly decoder = new StringDecoder('utf8');
  /** The SDK's own reader, left only a line past its buffer bound, to refuse. */
  private readonly read: (chunk: Buffer) => void;

  constructor(...args: ConstructorParameters<typeof StdioServerTransport>) {
    super(...args);
    this.read = this._ondata;
    this._ondata = (chunk) => this.receive(chunk);
  }

  private receive(chunk: Buffer): void {
    this.pending += this.decoder.write(chunk);
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

  /**
   * One complete line, handled as the SDK's reader would, but parsed once: a line that is not
   * JSON is skipped, one the guard refuses is answered with its error, one that is not a
   * JSON-RPC message goes to `onerror`, and a message goes to `onmessage`.
   */
  private forward(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    const refused = inboundMessageError(value);
    if (refused) {
      this.send(refused).catch(() => undefined);
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(value);
    } catch (error) {
      this.onerror?.(error as Error);
      return;
    }
    this.onmessage?.(message);
  }
}

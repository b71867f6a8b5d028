import type { IncomingMessage } from 'node:http';
import { HTTP_RPC_CODES, HttpError } from './http-router';

/**
 * Reads and parses a JSON request body of at most `maxBytes` bytes.
 *
 * A declared `Content-Length` over the limit is refused before a byte is read, and a body that
 * grows past the limit while streaming stops being read; both answers close the connection so
 * the rest of the upload is not read for nothing.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new HttpError(415, 'Unsupported Media Type: Content-Type must be application/json');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const body = await collect(req, maxBytes);
  const text = body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Parse error: Invalid JSON', { code: HTTP_RPC_CODES.parseError });
  }
}

/**
 * Collects the body with listeners rather than `for await`: leaving an async iteration early
 * destroys the request, and with it the socket the 413 answer must be written to.
 */
function collect(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(new HttpError(400, `Bad Request: the request body could not be read (${error.message})`));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `Payload Too Large: the request body must not exceed ${maxBytes} bytes`, {
    headers: { Connection: 'close' },
  });
}

/** `application/json`, with or without parameters (`; charset=utf-8`), nothing else. */
function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const mediaType = value.split(';', 1)[0].trim().toLowerCase();
  return mediaType === 'application/json';
}

import { Writable } from 'node:stream';

/**
 * A writable stream that hands every chunk to `process.stderr.write`, looked up at write time.
 *
 * Why not winston's Console transport: it writes through `console`, which test runners (jest)
 * replace, so a test capturing `process.stderr` saw nothing. Why not `process.stderr` itself as
 * the stream: winston's Stream transport changes its stream's listener limit, and a test that
 * replaces `process.stderr.write` after the logger was built must still see the lines.
 * The callback is called synchronously, so lines are written in order, as they are logged.
 *
 * @example
 * new winston.transports.Stream({ stream: createStderrStream() });
 */
export function createStderrStream(): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      process.stderr.write(chunk);
      done();
    },
  });
}

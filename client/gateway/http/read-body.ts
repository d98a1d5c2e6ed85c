/** Reads a request body as raw bytes with a hard size limit (callback signatures cover the untouched bytes). */
import { type IncomingMessage } from 'node:http';

/** The body exceeded the limit; the server answers 413 and closes the connection. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';

  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
  }
}

/**
 * The body bytes exactly as received. Refuses early on a declared Content-Length above the
 * limit and stops reading as soon as the received bytes pass it, so a large or endless body
 * never sits in memory.
 */
export function readRawBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(new BodyTooLargeError(limitBytes));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | undefined): void => {
      if (done) return;
      done = true;
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      if (error === undefined) resolve(Buffer.concat(chunks, size));
      else reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        // Stop buffering; the caller answers 413 and the connection is closed after it.
        request.pause();
        finish(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined);
    const onError = (error: Error): void => finish(error);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/**
 * Reading an HTTP request body within limits: the raw body may not exceed `maxBytes` (checked
 * against Content-Length before reading anything, then while streaming), and a compressed
 * body may not inflate past `maxBytes` either (zip bombs).
 */
import type { IncomingMessage } from 'node:http';
import { gunzip, inflate } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Why a body was refused; the receiver maps each to a status code. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Shared budget of bytes buffered across all requests in flight. */
export interface ByteBudget {
  take(n: number): boolean;
  give(n: number): void;
}

/** A budget of `limit` bytes. */
export function createByteBudget(limit: number): ByteBudget {
  let used = 0;
  return {
    take(n) {
      if (used + n > limit) return false;
      used += n;
      return true;
    },
    give(n) {
      used -= n;
    },
  };
}

/**
 * Buffers the body of `req`. Rejects with BodyError 413 as soon as it is known to be too
 * large (without reading the rest), 503 when the shared budget is exhausted, 400 when the
 * client aborts or the request is closed before its end (its socket destroyed on a timeout).
 * Bytes taken from `budget` are returned before the promise settles.
 */
export function readBody(req: IncomingMessage, maxBytes: number, budget: ByteBudget): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new BodyError(413, `body of ${declared} bytes exceeds the limit of ${maxBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: Error | undefined, body?: Buffer): void => {
      if (settled) return;
      settled = true;
      budget.give(size);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAborted);
      req.off('error', onError);
      req.off('close', onClose);
      // On error the rest of the body is not buffered: Node discards it after the response
      // (sent with Connection: close), so a refused upload costs no memory.
      if (err) reject(err);
      else resolve(body as Buffer);
    };
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > maxBytes) {
        finish(new BodyError(413, `body exceeds the limit of ${maxBytes} bytes`));
        return;
      }
      if (!budget.take(chunk.length)) {
        finish(new BodyError(503, 'receiver is busy: too many bytes in flight, retry later'));
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined, Buffer.concat(chunks, size));
    const onAborted = (): void => finish(new BodyError(400, 'client aborted the request'));
    const onError = (err: Error): void => finish(new BodyError(400, `error reading the body: ${err.message}`));
    // 'aborted' is deprecated and 'error' is not emitted on every path; 'close' on an
    // incomplete request always means the body will not come, and the bytes held go back now.
    const onClose = (): void => {
      if (!req.complete) finish(new BodyError(400, 'request closed before its body ended'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onAborted);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Undoes a Content-Encoding (identity, gzip, deflate).
 * @throws BodyError 415 for other codings, 400 for corrupt or truncated data, 413 when the
 *   inflated body exceeds `maxBytes`.
 */
export async function decodeContentEncoding(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return body;
  const fn = coding === 'gzip' || coding === 'x-gzip' ? gunzipAsync : coding === 'deflate' ? inflateAsync : undefined;
  if (!fn) throw new BodyError(415, `unsupported Content-Encoding "${coding}": use gzip, deflate or none`);
  try {
    return await fn(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyError(413, `decompressed body exceeds the limit of ${maxBytes} bytes`);
    }
    throw new BodyError(400, `corrupt ${coding} body: ${(err as Error).message}`);
  }
}

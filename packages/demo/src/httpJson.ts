import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the demo reads; an iris request is under 200 bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** A JSON body, or the HTTP status and reason it was refused with. */
export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly status: 400 | 413; readonly reason: string };

/**
 * Reads and parses a JSON request body of at most `limit` bytes. Never rejects: an over-long
 * body gives 413 (the rest is drained, not buffered), invalid JSON 400, a broken connection 400.
 * @example const body = await readJsonBody(req); if (!body.ok) return sendJson(res, body.status, { error: body.reason });
 */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => resolve({ ok: false, status: 400, reason: 'request body could not be read' }));
    req.on('end', () => {
      if (tooLarge) {
        resolve({ ok: false, status: 413, reason: `body is over ${limit} bytes` });
        return;
      }
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        resolve({ ok: false, status: 400, reason: 'body is not valid JSON' });
      }
    });
  });
}

/**
 * Sends `body` as JSON with `status` and returns the status (so handlers can report it to
 * their span in one expression).
 * @example return sendJson(res, 200, { status: 'ok' });
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): number {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return status;
}

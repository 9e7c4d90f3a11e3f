import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seqsOf } from './otlpWire';

/**
 * How the server answers the next requests:
 * - `ok`: 200 with an empty export response;
 * - `status`: that HTTP status (with `Retry-After` when given), for `times` requests (default
 *   all), then `ok` again;
 * - `hang`: reads the body and never answers (the client's timeout ends it);
 * - `reset`: destroys the connection at the first body chunk (mid-body for any body larger
 *   than one chunk), for `times` requests, then `ok`.
 */
export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; retryAfter?: string; times?: number }
  | { kind: 'hang' }
  | { kind: 'reset'; times?: number };

/** One request the server saw on /v1/logs. */
export interface Attempt {
  /** What the server did with it. */
  outcome: 'ok' | 'status' | 'hang' | 'reset';
  status: number | undefined;
  /** Body bytes received (less than `contentLength` for a reset mid-body). */
  bytes: number;
  contentLength: number;
  /** The `seq` attribute of each record, when the whole body arrived and `decode` is on. */
  seqs: number[];
}

/**
 * A real OTLP/HTTP logs endpoint on 127.0.0.1 that can be told to misbehave. `down()` closes
 * the listener (clients get ECONNREFUSED) and `up()` listens again on the same port.
 */
export interface FaultyOtlpServer {
  /** Base URL for the SDK's `endpoint` option. */
  readonly url: string;
  readonly port: number;
  /** Every request seen, in arrival order. */
  readonly attempts: Attempt[];
  /** `seq` of every record accepted with a 200, in arrival order. */
  readonly accepted: number[];
  behave(behaviour: Behaviour): void;
  down(): Promise<void>;
  up(): Promise<void>;
  /** Resolves when `condition()` holds (checked after every request); rejects after `timeoutMs`. */
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the server. With `decode: false` bodies are only counted (for the fuzzer, whose
 * records carry no `seq`).
 */
export async function startFaultyOtlpServer(options: { decode?: boolean } = {}): Promise<FaultyOtlpServer> {
  const decode = options.decode ?? true;
  const attempts: Attempt[] = [];
  const accepted: number[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  let behaviour: Behaviour = { kind: 'ok' };
  let used = 0;

  const notify = (): void => {
    for (const wake of [...waiters]) wake();
  };

  /** The behaviour for this request, moving back to `ok` once a limited one is used up. */
  const next = (): Behaviour => {
    const current = behaviour;
    if ((current.kind === 'status' || current.kind === 'reset') && current.times !== undefined) {
      used++;
      if (used >= current.times) {
        behaviour = { kind: 'ok' };
        used = 0;
      }
    }
    return current;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const contentLength = Number(req.headers['content-length'] ?? -1);
    const json = String(req.headers['content-type'] ?? '').includes('json');
    const now = next();
    const attempt: Attempt = { outcome: now.kind, status: undefined, bytes: 0, contentLength, seqs: [] };
    attempts.push(attempt);
    const chunks: Buffer[] = [];
    req.on('error', () => undefined);
    req.on('data', (chunk: Buffer) => {
      attempt.bytes += chunk.length;
      if (now.kind === 'reset') {
        req.socket.destroy();
        notify();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (now.kind === 'reset') return;
      if (now.kind === 'hang') {
        notify();
        return;
      }
      const body = Buffer.concat(chunks);
      if (now.kind === 'status') {
        attempt.status = now.status;
        if (decode) attempt.seqs = seqsOf(body, json);
        res.writeHead(now.status, { 'content-type': 'application/json', ...(now.retryAfter !== undefined ? { 'retry-after': now.retryAfter } : {}) });
        res.end(JSON.stringify({ code: 14, message: `told to answer ${now.status}` }));
        notify();
        return;
      }
      attempt.status = 200;
      if (decode) {
        attempt.seqs = seqsOf(body, json);
        for (const seq of attempt.seqs) accepted.push(seq);
      }
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : '');
      notify();
    });
  };

  const server = createServer(handle);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const closeListener = (): Promise<void> => new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    attempts,
    accepted,
    behave(b: Behaviour): void {
      behaviour = b;
      used = 0;
    },
    down: closeListener,
    up: () => new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    }),
    waitFor: (condition, what, timeoutMs = 30_000) => new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        waiters.delete(check);
        clearTimeout(deadline);
        resolve();
      };
      const deadline = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${attempts.length} requests, ${accepted.length} records accepted)`));
      }, timeoutMs);
      waiters.add(check);
      check();
    }),
    close: closeListener,
  };
}

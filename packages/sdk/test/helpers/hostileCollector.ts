import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a {@link startHostileCollector} answers every request. */
export type CollectorBehaviour = '429 with Retry-After' | '503' | 'reset' | 'hang' | 'slow 200';

/** A real HTTP server on 127.0.0.1 (random port) that misbehaves the same way on every request. */
export interface HostileCollector {
  url: string;
  /** Requests received so far (each retry is one). */
  requests(): number;
  /** Answers nothing more, drops every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a collector that reads each request and then answers 429 with `Retry-After`, answers
 * 503, resets the connection, never answers, or answers 200 after `slowMillis`.
 */
export async function startHostileCollector(
  behaviour: CollectorBehaviour,
  { retryAfterSeconds = 30, slowMillis = 60_000 }: { retryAfterSeconds?: number; slowMillis?: number } = {},
): Promise<HostileCollector> {
  let requests = 0;
  const slowAnswers = new Set<NodeJS.Timeout>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      switch (behaviour) {
        case '429 with Retry-After':
          res.writeHead(429, { 'retry-after': String(retryAfterSeconds) }).end();
          break;
        case '503':
          res.writeHead(503).end();
          break;
        case 'reset':
          req.socket.resetAndDestroy();
          break;
        case 'hang':
          hanging.add(res);
          break;
        case 'slow 200': {
          const answer = setTimeout(() => {
            slowAnswers.delete(answer);
            res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
          }, slowMillis);
          slowAnswers.add(answer);
          break;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => {
      for (const answer of slowAnswers) clearTimeout(answer);
      hanging.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

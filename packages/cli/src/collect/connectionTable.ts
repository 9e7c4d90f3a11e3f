/**
 * The receiver's open connections under a limit that idle and slow clients cannot use to
 * lock others out: past the limit, a newcomer evicts the oldest connection that has no
 * request in progress, rather than being refused as `server.maxConnections` would refuse it.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Open connections, by what they are doing; see {@link createConnectionTable}. */
export interface ConnectionTable {
  /** Counts a new connection; past the limit, evicts one (the newcomer itself when every other is busy). */
  add(socket: Socket): void;
  /** Marks `socket` busy until `res` is done. */
  startRequest(socket: Socket, res: ServerResponse): void;
  /** Whether the response in progress on `socket` has sent its status line. */
  responseStarted(socket: Socket): boolean;
  /** Connections counted (evicted ones no longer are). */
  readonly size: number;
}

function oldest(sockets: Set<Socket>, except: Socket): Socket | undefined {
  for (const socket of sockets) if (socket !== except) return socket;
  return undefined;
}

/**
 * A table of at most `limit` connections. Eviction order: first those that have not completed
 * a request yet (idle since connecting, or sending headers a byte at a time), oldest first,
 * then keep-alive connections between two requests, oldest first; a connection whose request
 * is in progress is never evicted. An evicted socket is destroyed without an answer.
 * @example
 * const table = createConnectionTable(512);
 * server.on('connection', (socket) => table.add(socket));
 * server.on('request', (req, res) => table.startRequest(req.socket, res));
 */
export function createConnectionTable(limit: number): ConnectionTable {
  // Sets iterate in insertion order: the first entry is the oldest.
  const awaitingFirstRequest = new Set<Socket>();
  const betweenRequests = new Set<Socket>();
  const inProgress = new Map<Socket, ServerResponse>();
  const counted = new Set<Socket>();

  const forget = (socket: Socket): void => {
    counted.delete(socket);
    awaitingFirstRequest.delete(socket);
    betweenRequests.delete(socket);
    inProgress.delete(socket);
  };

  return {
    add(socket) {
      counted.add(socket);
      awaitingFirstRequest.add(socket);
      socket.once('close', () => forget(socket));
      if (counted.size <= limit) return;
      const victim = oldest(awaitingFirstRequest, socket) ?? oldest(betweenRequests, socket) ?? socket;
      // Uncounted at once: its 'close' comes later, and the next newcomer must not evict a
      // second connection for the same place.
      forget(victim);
      victim.destroy();
    },
    startRequest(socket, res) {
      if (!counted.has(socket)) return;
      awaitingFirstRequest.delete(socket);
      betweenRequests.delete(socket);
      inProgress.set(socket, res);
      let done = false;
      const end = (): void => {
        if (done) return;
        done = true;
        // A pipelined request may already have taken the socket over.
        if (inProgress.get(socket) !== res) return;
        inProgress.delete(socket);
        if (counted.has(socket) && !socket.destroyed) betweenRequests.add(socket);
      };
      res.once('finish', end);
      res.once('close', end);
    },
    responseStarted(socket) {
      return inProgress.get(socket)?.headersSent ?? false;
    },
    get size() {
      return counted.size;
    },
  };
}

/**
 * The embedded OTLP/HTTP receiver: `POST /v1/logs` and `POST /v1/traces` with JSON or
 * protobuf bodies (gzip/deflate optional), written as the Collector's `file` exporter writes
 * them (one OTLP JSON batch per line) to `logs.jsonl`, `traces.jsonl` and `ml-events.jsonl`.
 *
 * Robustness: every request is handled inside try/catch and answered with the OTLP/HTTP
 * status for its failure (400 malformed, 413 too large, 415 wrong type, 404, 405, 503 when
 * busy); sockets, requests, responses and the server all have 'error' handlers; slow
 * clients are cut off by header/request timeouts, and their sockets destroyed (not just
 * ended, which a client that keeps its side open would turn into a held slot); memory is
 * bounded by the body limit, a shared in-flight byte budget, the write queue limit and the
 * connection limit, past which idle connections are evicted for newcomers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdir, statfs } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { decodeLogsJson, decodeTracesJson } from '../otlp/decodeJson.js';
import { decodeLogsProtobuf, decodeTracesProtobuf } from '../otlp/decodeProtobuf.js';
import { protobufLogsLine } from '../otlp/protobufLogsLine.js';
import { isValidLogsProtobuf } from '../otlp/validateLogsProtobuf.js';
import { parseOtlpJson } from '../otlp/parseOtlpJson.js';
import { InvalidRequestError, type LogsData, type Signal, type TracesData } from '../otlp/types.js';
import { AppendFile, WriteError } from './appendFile.js';
import { BatchWriter, ConversionError, type ConvertedBatch } from './batchWriter.js';
import { createConnectionTable } from './connectionTable.js';
import { createRecordPrinter, type RecordPrinter } from './recordPrinter.js';
import { BodyError, createByteBudget, decodeContentEncoding, readBody } from './requestBody.js';
import {
  contentTypeOf,
  exportResponse,
  RPC_INTERNAL,
  RPC_INVALID_ARGUMENT,
  RPC_NOT_FOUND,
  RPC_RESOURCE_EXHAUSTED,
  RPC_UNAVAILABLE,
  RPC_UNIMPLEMENTED,
  statusBody,
  type BodyEncoding,
} from './responses.js';

/** Default body limit: 8 MiB, compressed or not. */
export const DEFAULT_MAX_BODY = 8 * 1024 * 1024;
/** Default time a client has to send a whole request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** File names inside the data directory. */
export const LOGS_FILE = 'logs.jsonl';
export const TRACES_FILE = 'traces.jsonl';
export const ML_EVENTS_FILE = 'ml-events.jsonl';

/** Options of {@link startCollector}. */
export interface CollectorOptions {
  /** Interface to bind; default `127.0.0.1` (loopback only). Empty is refused. */
  host?: string;
  /** Port; default 4318, 0 picks a free one. */
  port?: number;
  /** Directory for the `.jsonl` files; created if missing. */
  dir: string;
  /** Largest accepted body in bytes, before and after decompression; default 8 MiB. */
  maxBody?: number;
  /** Do not print records. */
  quiet?: boolean;
  /** Where records are printed; default `process.stdout`. */
  out?: Writable;
  /** Time a client has to send a whole request (ms); default 30 s. */
  requestTimeoutMs?: number;
}

/** Counters of a running receiver (for benchmarks and tests). */
export interface CollectorStats {
  /** Export requests answered 200. */
  batches: number;
  /** Log records written (a batch counts once its line is appended). */
  logRecords: number;
  /** Spans written. */
  spans: number;
  /** Requests refused with a 4xx/5xx. */
  rejected: number;
  /** Batches answered 200 whose write then failed (ENOSPC...); each is reported on stderr. */
  failedWrites: number;
  /**
   * Log records and spans of batches whose write failed, answered 503 or (answered 200
   * before a failure was known) counted in `failedWrites`: none of them is in a file.
   */
  unwrittenRecords: number;
  /** Bytes of cut last lines (left by a crash) removed from the files at start. */
  cutBytesRemoved: number;
  /**
   * Batches answered 200 before their conversion (large protobuf logs bodies the validating
   * walk vouched for) whose conversion then failed; each is reported on stderr. Should stay
   * 0: the walk and the decoder apply the same rules.
   */
  failedConversions: number;
}

/** A running receiver. */
export interface RunningCollector {
  /** Base URL, e.g. `http://127.0.0.1:4318`; exporters post to `${url}/v1/logs`. */
  url: string;
  port: number;
  /** Absolute path of the data directory. */
  dir: string;
  /** A snapshot of the counters. */
  stats(): CollectorStats;
  /** Stops accepting, lets requests in flight finish, closes the files. Idempotent. */
  close(): Promise<void>;
}

/**
 * Bytes of bodies buffered at once across all requests before answering 503, in bodies of
 * `maxBody`: 64 MiB at the default 8 MiB. Scaling with the limit keeps eight largest uploads
 * possible whatever the limit, and a small limit a small memory bound.
 */
const IN_FLIGHT_BODIES = 8;
/** Bytes queued for writing before answering 503. */
const MAX_QUEUED_WRITE = 64 * 1024 * 1024;
/**
 * Bodies smaller than this are answered after their line is written: the wait is short, and
 * a client that reads the file right after a small export finds its records there. Larger
 * ones are answered once decoded and queued (see {@link BatchWriter}).
 */
const EARLY_ACK_MIN_BODY = 64 * 1024;
/**
 * Estimated line bytes of decoded batches waiting to be encoded beyond which requests are
 * answered only after their line is written (backpressure on the sender, no 503): decoded
 * objects weigh several times their line, so this bounds them well under the write queue.
 */
const MAX_WAITING_ENCODE = 16 * 1024 * 1024;
/** A protobuf batch's JSON line is about 3x its body (measured 2.8x on the SDK's records). */
const PROTOBUF_LINE_FACTOR = 3;
/**
 * Connections held at once. A newcomer beyond it evicts the oldest connection with no request
 * in progress (see `server.on('connection')`), so idle and slow clients cannot lock others out.
 */
const MAX_CONNECTIONS = 512;
/**
 * Time a connection has to send a request's headers, counted from its opening (or from the
 * first byte of a later request); the smaller of this and the request timeout applies. Node
 * checks it for connections that send nothing too (verified on Node 20, 22 and 24).
 */
const HEADERS_TIMEOUT_MS = 10_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly rpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

function encodingOf(contentType: string | undefined): BodyEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  return undefined;
}

function decode(signal: Signal, encoding: BodyEncoding, body: Buffer): LogsData | TracesData {
  if (encoding === 'protobuf') return signal === 'logs' ? decodeLogsProtobuf(body) : decodeTracesProtobuf(body);
  // Not JSON.parse: it rounds integers above 2^53 (every nanosecond timestamp) and builds
  // every object of the body before a limit can apply.
  const parsed = parseOtlpJson(body);
  return signal === 'logs' ? decodeLogsJson(parsed) : decodeTracesJson(parsed);
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Starts the receiver; resolves once it listens.
 * @throws TypeError when `host` is empty (Node would bind every interface); the listen error
 *   (EADDRINUSE: pick another `port`; EACCES) or the fs error when `dir` cannot be created or
 *   its files opened.
 * @example
 * const c = await startCollector({ port: 0, dir: '/tmp/mlotel-data', quiet: true });
 * // point an OTLP exporter at `${c.url}/v1/logs`, then:
 * await c.close();
 */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const host = options.host ?? '127.0.0.1';
  // Node reads '' as "every interface": an unset variable must not expose the receiver.
  if (host.trim() === '') throw new TypeError('host must not be empty: give the address to bind, e.g. 127.0.0.1 (loopback) or 0.0.0.0 (all interfaces)');
  const maxBody = options.maxBody ?? DEFAULT_MAX_BODY;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const files = {
    logs: await AppendFile.open(join(dir, LOGS_FILE)),
    traces: await AppendFile.open(join(dir, TRACES_FILE)),
    ml: await AppendFile.open(join(dir, ML_EVENTS_FILE)),
  };
  const out = options.out ?? process.stdout;
  const printer: RecordPrinter | undefined = options.quiet
    ? undefined
    : createRecordPrinter(out, Boolean((out as { isTTY?: boolean }).isTTY) && !process.env.NO_COLOR);
  const budget = createByteBudget(IN_FLIGHT_BODIES * maxBody);
  const cutBytesRemoved = files.logs.removedBytes + files.traces.removedBytes + files.ml.removedBytes;
  for (const file of [files.logs, files.traces, files.ml]) {
    if (file.removedBytes > 0) {
      process.stderr.write(`mlotel collect: ${file.path} ended in a cut line (a crash while writing); removed its ${file.removedBytes} bytes, which were never acknowledged\n`);
    }
  }
  const stats: CollectorStats = { batches: 0, logRecords: 0, spans: 0, rejected: 0, failedWrites: 0, failedConversions: 0, unwrittenRecords: 0, cutBytesRemoved };
  const writer = new BatchWriter(files, stats, printer);
  /**
   * Whether the data directory's file system has `bytes` free: a batch is answered before it
   * is written only then, so a full disk is answered 503 whatever the body size (one statfs
   * per large body, against milliseconds of conversion). A failed statfs says no.
   */
  const hasRoomFor = async (bytes: number): Promise<boolean> => {
    try {
      const fsStats = await statfs(dir);
      return fsStats.bavail * fsStats.bsize >= bytes;
    } catch {
      return false;
    }
  };
  const reportWriteError = (err: unknown): void => {
    if (err instanceof ConversionError) {
      stats.failedConversions++;
      process.stderr.write(`mlotel collect: ${err.message} (answered 200 on the validating walk's word: a receiver bug, please report it)\n`);
      return;
    }
    stats.failedWrites++;
    process.stderr.write(`mlotel collect: could not write an accepted batch: ${(err as Error)?.message ?? String(err)}\n`);
  };
  /** A protobuf logs body's conversion, as the writer runs it after the answer. */
  const convertProtobufLogs =
    (body: Buffer) =>
    (): ConvertedBatch => {
      const fast = printer ? undefined : protobufLogsLine(body);
      return fast && !fast.mayHaveMlEvents ? { line: fast.line, records: fast.records } : { data: decodeLogsProtobuf(body) };
    };

  function send(res: ServerResponse, status: number, encoding: BodyEncoding, body: Buffer, close = false): void {
    if (res.headersSent || res.destroyed) return;
    res.statusCode = status;
    res.setHeader('Content-Type', contentTypeOf(encoding));
    res.setHeader('Content-Length', body.length);
    if (close) res.setHeader('Connection', 'close');
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let encoding: BodyEncoding = encodingOf(req.headers['content-type']) ?? 'json';
    let bodyRead = false;
    try {
      const path = (req.url ?? '/').split('?')[0];
      const signal: Signal | undefined = path === '/v1/logs' ? 'logs' : path === '/v1/traces' ? 'traces' : undefined;
      if (!signal) throw new HttpError(404, RPC_NOT_FOUND, `no such path ${path}: use POST /v1/logs or /v1/traces`);
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        throw new HttpError(405, RPC_UNIMPLEMENTED, `method ${req.method} not allowed: use POST`);
      }
      const bodyEncoding = encodingOf(req.headers['content-type']);
      if (!bodyEncoding) {
        throw new HttpError(
          415,
          RPC_INVALID_ARGUMENT,
          `unsupported Content-Type "${req.headers['content-type'] ?? ''}": use application/json or application/x-protobuf`,
        );
      }
      encoding = bodyEncoding;
      if (writer.pendingBytes > MAX_QUEUED_WRITE) throw new HttpError(503, RPC_UNAVAILABLE, 'receiver is busy writing, retry later');
      const raw = await readBody(req, maxBody, budget);
      bodyRead = true;
      const body = await decodeContentEncoding(raw, req.headers['content-encoding'], maxBody);
      // No early answer while writes fail (a full disk): the batch waits for its write, so a
      // failure is answered 503 and the sender retries.
      const early = body.length >= EARLY_ACK_MIN_BODY && writer.waitingBytes < MAX_WAITING_ENCODE && !writer.lastWriteFailed &&
        (await hasRoomFor(writer.pendingBytes + body.length * PROTOBUF_LINE_FACTOR * 2));
      const protobufLogs = encoding === 'protobuf' && signal === 'logs';
      let written: Promise<void>;
      if (early && protobufLogs && isValidLogsProtobuf(body)) {
        // Answered on the walk's word (the decoder cannot reject the body), converted after
        // the answer: the sender builds its next batch while this one is converted.
        written = writer.enqueueDeferred('logs', convertProtobufLogs(body), body.length * PROTOBUF_LINE_FACTOR);
      } else {
        // Fast path: protobuf logs straight to their line when no record needs the objects
        // (nothing to print, no ML event to route); anything else takes the decoded objects
        // (and a malformed body its 400).
        const fast = protobufLogs && !printer ? protobufLogsLine(body) : undefined;
        written =
          fast && !fast.mayHaveMlEvents
            ? writer.enqueueLogsLine(fast.line, fast.records)
            : writer.enqueue(signal, decode(signal, encoding, body), encoding === 'protobuf' ? body.length * PROTOBUF_LINE_FACTOR : body.length);
      }
      // Early: the batch is valid (decoded, or vouched for by the walk) and queued; it will be
      // written unless the process is killed first. A later failure is reported, not answered.
      if (early) written.catch(reportWriteError);
      else await written;
      stats.batches++;
      send(res, 200, encoding, exportResponse(encoding));
    } catch (err) {
      stats.rejected++;
      const e =
        err instanceof HttpError
          ? err
          : err instanceof BodyError
            ? new HttpError(err.status, err.status === 413 ? RPC_RESOURCE_EXHAUSTED : err.status === 503 ? RPC_UNAVAILABLE : RPC_INVALID_ARGUMENT, err.message)
            : err instanceof InvalidRequestError
              ? new HttpError(400, RPC_INVALID_ARGUMENT, err.message)
              : err instanceof WriteError
                ? new HttpError(503, RPC_UNAVAILABLE, `${err.message}; retry later`)
              : new HttpError(500, RPC_INTERNAL, `internal error: ${(err as Error)?.message ?? String(err)}`);
      if (e.status === 503) res.setHeader('Retry-After', '1');
      // When the body was not read to the end, the connection cannot carry another request.
      send(res, e.status, encoding, statusBody(encoding, e.rpcCode, e.message), !bodyRead || !req.complete);
    }
  }

  const server = createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
      // The timeouts above are only checked this often; keep it well under them.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))),
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      connections.startRequest(req.socket, res);
      handle(req, res).catch(() => {
        if (!res.headersSent) res.destroy();
      });
    },
  );
  const connections = createConnectionTable(MAX_CONNECTIONS);
  server.on('connection', (socket: Socket) => {
    socket.on('error', () => undefined);
    connections.add(socket);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    stats.rejected++;
    // A response already under way cannot be followed by a status line.
    if (socket.writable && err.code !== 'ECONNRESET' && !connections.responseStarted(socket)) {
      const status =
        err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : err.code === 'HPE_HEADER_OVERFLOW'
            ? '431 Request Header Fields Too Large'
            : '400 Bad Request';
      // With nothing else queued on the socket this write reaches the kernel at once, and the
      // destroy below sends it before the FIN; a client that does not read may not get it.
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    // Destroyed, not ended: an ended socket stays open for as long as the client keeps its
    // side open, holding its connection slot and the in-flight bytes of its request. Destroying
    // it aborts the request, whose body reader returns those bytes at once.
    socket.destroy();
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 4318, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  }).catch(async (err) => {
    await Promise.all([files.logs.close(), files.traces.close(), files.ml.close()]);
    throw err;
  });
  server.on('error', () => undefined);

  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: formatUrl(host, port),
    port,
    dir,
    stats: () => ({ ...stats }),
    close() {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          const force = setTimeout(() => server.closeAllConnections(), 2_000);
          force.unref();
          server.close(() => {
            clearTimeout(force);
            done();
          });
          server.closeIdleConnections();
        });
        // Batches already answered 200 are written before the files close.
        await writer.drained();
        await Promise.all([files.logs.close(), files.traces.close(), files.ml.close()]);
      })();
      return closing;
    },
  };
}

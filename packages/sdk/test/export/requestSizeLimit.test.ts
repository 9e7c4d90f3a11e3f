import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogsData } from '../../../cli/src/otlp/types';
import { forEachLogRecord, stringAttribute } from '../../../cli/src/read/otlpValues';
import { startChildReceiver, type ChildReceiver } from '../../../cli/test/support/childReceiver';
import { runFixture, type FixtureRun } from '../helpers/runFixture';

// The built SDK (init(), the real OTLP/HTTP exporters) in a child process, logging
// ml.prediction records of ~9 KB (200 features and a text) to a real `mlotel collect` child
// on loopback. A full batch of 2,048 such records is ~15 MB over protobuf, ~32 MB over
// JSON: over the receiver's 8 MiB limit, every such batch used to be refused whole and lost
// (0 of 4,096 arrived, all counted in failedExports).

const FIXTURE = '../export/bigRecordsScenario.js';
/** Long enough for any machine: the tests assert what arrives, not how fast. */
const FLUSH_TIMEOUT_MS = 120_000;

interface Arrived {
  ids: string[];
  /** Export requests the receiver answered 200. */
  batches: number;
}

/** Stops the receiver (which writes every acknowledged batch first) and reads what it stored. */
async function stopAndRead(receiver: ChildReceiver): Promise<Arrived> {
  await receiver.stop();
  const ids: string[] = [];
  for (const batch of receiver.lines('logs.jsonl') as LogsData[]) {
    forEachLogRecord(batch, (entry) => { ids.push(stringAttribute(entry, 'ml.prediction.id') ?? '?'); });
  }
  const stopped = /stopped \((\d+) batches, /.exec(receiver.stderr());
  return { ids, batches: Number(stopped?.[1]) };
}

/** Requests the fixture's exporter had refused with a 413 (its transport tells the diag logger of each failed request). */
function refusedAsTooLarge(run: FixtureRun): number {
  return (run.result.diag as string[]).filter((line) => line.includes('OTLPExporterError: Payload Too Large')).length;
}

function logBig(url: string, protocol: string, scenario: { count: number; oversized?: number[] }): Promise<FixtureRun> {
  return runFixture(FIXTURE, { options: { endpoint: url, protocol, serviceName: 'big', flushTimeoutMillis: FLUSH_TIMEOUT_MS }, ...scenario });
}

const ids = (count: number, except: number[] = []): string[] =>
  Array.from({ length: count }, (_, i) => i).filter((i) => !except.includes(i)).map((i) => `p-${i}`);

describe.each(['http/protobuf', 'http/json'])('records over the receiver\'s request size limit, over %s', (protocol) => {
  let receiver: ChildReceiver | undefined;
  afterEach(async () => {
    await receiver?.stop();
    receiver = undefined;
  });

  it('delivers all of 4,096 records of ~9 KB to mlotel collect at its default 8 MiB limit', async () => {
    receiver = await startChildReceiver(['--quiet']);
    const run = await logBig(receiver.url, protocol, { count: 4096 });
    const arrived = await stopAndRead(receiver);
    expect(run.code).toBe(0);
    expect(run.result.recordBytes).toBeGreaterThan(8000);
    expect(arrived.ids).toEqual(ids(4096));
    expect(run.result.stats).toMatchObject({ emitted: 4096, exported: 4096, failedExports: 0, dropped: 0 });
    // The first batch is refused, then its halves over JSON too: 1,024 records are ~7.5 MB over
    // protobuf, ~16 MB over JSON. The second batch goes in requests of the size learnt and
    // pays no refusal (without the ceiling it would pay as many again). Counted on the SDK's
    // side: the receiver's own count also has the 503s it answers when busy writing.
    expect(refusedAsTooLarge(run)).toBe(protocol === 'http/json' ? 2 : 1);
    expect(arrived.batches).toBeGreaterThanOrEqual(4);
    expect(run.stderr).toBe('');
  });

  it('delivers every record to a receiver with --max-body 1MiB, in several requests', async () => {
    receiver = await startChildReceiver(['--quiet', '--max-body', '1MiB']);
    const run = await logBig(receiver.url, protocol, { count: 600 });
    const arrived = await stopAndRead(receiver);
    expect(arrived.ids).toEqual(ids(600));
    expect(arrived.batches).toBeGreaterThanOrEqual(6); // 600 x ~9 KB is over 5 MiB
    expect(run.result.stats).toMatchObject({ emitted: 600, exported: 600, failedExports: 0, dropped: 0 });
    expect(run.stderr).toBe('');
  });

  it('counts a record alone over the limit as failed, delivers the others, warns once and throws nothing', async () => {
    // ~8 KB (protobuf) to ~13 KB (JSON) records fit; the two of ~40 KB (protobuf) to ~66 KB do not.
    receiver = await startChildReceiver(['--quiet', '--max-body', '32KiB']);
    const oversized = [17, 41];
    const run = await logBig(receiver.url, protocol, { count: 60, oversized });
    const arrived = await stopAndRead(receiver);
    expect(run.code).toBe(0);
    expect(arrived.ids).toEqual(ids(60, oversized));
    expect(run.result.stats).toMatchObject({ emitted: 60, exported: 58, failedExports: 2, dropped: 0, internalErrors: 0 });
    expect(run.stderr.match(/a log record alone is larger than the receiver accepts/g)).toHaveLength(1);
    expect(run.stderr).not.toContain('fixture failed');
  });

  it('delivers every record through a receiver that answers like the Collector: 400 "http: request body too large"', async () => {
    receiver = await startChildReceiver(['--quiet']);
    const front = await startCollectorStyleLimit(receiver.url, 1024 * 1024);
    try {
      const run = await logBig(front.url, protocol, { count: 600 });
      const arrived = await stopAndRead(receiver);
      expect(arrived.ids).toEqual(ids(600));
      expect(front.refused).toBeGreaterThan(0);
      expect(run.result.stats).toMatchObject({ emitted: 600, exported: 600, failedExports: 0, dropped: 0 });
    } finally {
      await front.close();
    }
  });
});

interface CollectorStyleLimit {
  url: string;
  /** Requests answered 400 as too large. */
  refused: number;
  close(): Promise<void>;
}

/**
 * A loopback front that answers a body over `limit` as the OpenTelemetry Collector's OTLP/HTTP
 * receiver does (confighttp's `http.MaxBytesReader`, then otlpreceiver's `readAndCloseBody`):
 * 400 with an rpc.Status { code 3, message "http: request body too large" } in the request's
 * encoding, connection closed. Other requests are passed to `target` and its answer relayed.
 */
async function startCollectorStyleLimit(target: string, limit: number): Promise<CollectorStyleLimit> {
  const state = { refused: 0 };
  const server: Server = createServer((req, res) => {
    void readUpTo(req, limit).then((body) => {
      const protobuf = String(req.headers['content-type']).includes('protobuf');
      if (body === undefined) {
        state.refused++;
        const message = Buffer.from('http: request body too large');
        const status = protobuf
          ? Buffer.concat([Buffer.from([0x08, 3, 0x12, message.length]), message])
          : Buffer.from(JSON.stringify({ code: 3, message: message.toString() }));
        res.writeHead(400, { 'Content-Type': protobuf ? 'application/x-protobuf' : 'application/json', Connection: 'close' });
        res.end(status);
        return;
      }
      const forward = request(`${target}${req.url}`, { method: 'POST', headers: { 'Content-Type': String(req.headers['content-type']) } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, { 'Content-Type': String(answer.headers['content-type']) });
        answer.pipe(res);
      });
      forward.on('error', () => { res.writeHead(502); res.end(); });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get refused() { return state.refused; },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The body, or undefined once it is over `limit` (the rest is read and dropped, as Go's server does before closing). */
function readUpTo(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
  });
}

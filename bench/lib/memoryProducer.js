'use strict';
// Group 5 in its own process: the collector is down (a port nobody listens on), the app logs
// `count` records, 1000 per event-loop turn, with mlotel's default queue (32768/2048).
// `variant` picks the front end:
//   'mlotel' - sdk.init() with its defaults (protobuf OTLP/HTTP exporter), or `batch` if given;
//   'raw'    - raw @opentelemetry/sdk-logs: LoggerProvider + BatchLogRecordProcessor with the
//              SAME batch settings (sdk.DEFAULT_BATCH) and the real OTLP protobuf exporter,
//              emitting the same records (the anchor for "what sdk-logs itself costs").
// Samples RSS every turn. At every `checkpointEvery` records it reads RSS and V8's committed
// young/old generation sizes, then runs a full GC and reads the live heap and RSS after it.
// Prints `RESULT <json>`; growth figures are from a baseline taken after init, a warm-up and
// a GC.
const net = require('node:net');
const path = require('node:path');
const v8 = require('node:v8');
const { SeverityNumber } = require('@opentelemetry/api-logs');
const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const dist = path.join(__dirname, '..', '..', 'packages', 'sdk', 'dist', 'cjs');
const sdk = require(path.join(dist, 'index.js'));
// mlotel's own queue-full counter (the processor's self-observability counter), so the raw
// variant counts drops the same way mlotel's stats() does.
const { processorObserver } = require(path.join(dist, 'export', 'processorObserver.js'));
const { attributesFor, MESSAGE } = require('./payload');

const { count, variant = 'mlotel', checkpointEvery = 250_000, gcAtCheckpoints = true, batch } = JSON.parse(process.argv[2]);
const MB = 1024 * 1024;
const FLUSH_TIMEOUT_MS = 2000;

/** A loopback port that refuses connections: listened on, then closed. */
function closedPort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** mlotel as an app uses it: `{ log(i), dropped(), shutdown() }`. */
function mlotelVariant(port) {
  const mlotel = sdk.init({ serviceName: 'bench-memory', endpoint: `http://127.0.0.1:${port}`, flushTimeoutMillis: FLUSH_TIMEOUT_MS, ...(batch ? { batch } : {}) });
  const log = sdk.getLogger('bench.memory');
  return {
    log: (i) => log.info(MESSAGE, attributesFor(i)),
    dropped: () => mlotel.stats().dropped,
    shutdown: () => mlotel.shutdown(),
  };
}

/** Raw sdk-logs with mlotel's batch settings and the real OTLP protobuf exporter. */
function rawVariant(port) {
  let dropped = 0;
  const exporter = new OTLPLogExporter({ url: `http://127.0.0.1:${port}/v1/logs`, timeoutMillis: sdk.DEFAULT_BATCH.exportTimeoutMillis });
  const processor = new BatchLogRecordProcessor({
    exporter,
    ...sdk.DEFAULT_BATCH,
    selfObsMeterProvider: processorObserver((n) => { dropped += n; }).meterProvider,
  });
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'bench-memory' }), processors: [processor] });
  const logger = provider.getLogger('bench.memory');
  return {
    log: (i) => logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: MESSAGE, attributes: attributesFor(i) }),
    dropped: () => dropped,
    // sdk-logs' shutdown() waits for the whole queue's exports (10 s timeout each) with the
    // collector down; bound it like mlotel's flushTimeoutMillis so the run ends.
    shutdown: () => Promise.race([provider.shutdown(), new Promise((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS).unref())]),
  };
}

/** Committed (not used) sizes of V8's young and old generations, in MB. */
function generations() {
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  return {
    youngMb: ((spaces.new_space ?? 0) + (spaces.new_large_object_space ?? 0)) / MB,
    oldMb: ((spaces.old_space ?? 0) + (spaces.large_object_space ?? 0)) / MB,
  };
}

async function main() {
  const port = await closedPort();
  const app = variant === 'raw' ? rawVariant(port) : mlotelVariant(port);
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  for (let k = 0; k < 5000; k++) app.log(k);
  for (let t = 0; t < 20; t++) await turn();
  global.gc();
  const baseline = process.memoryUsage().rss;
  const heapBaseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const checkpoints = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1000) {
    for (let k = i; k < i + 1000; k++) app.log(k);
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
    if ((i + 1000) % checkpointEvery === 0) {
      const before = generations();
      if (gcAtCheckpoints) global.gc();
      const after = process.memoryUsage();
      checkpoints.push({
        records: i + 1000,
        rssGrowthMb: (rss - baseline) / MB,
        youngMb: before.youngMb,
        oldMb: before.oldMb,
        heapGrowthMb: gcAtCheckpoints ? (after.heapUsed - heapBaseline) / MB : null,
        rssAfterGcGrowthMb: gcAtCheckpoints ? (after.rss - baseline) / MB : null,
      });
    }
    await turn();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  global.gc();
  const heapGrowthMb = (process.memoryUsage().heapUsed - heapBaseline) / MB;
  const dropped = app.dropped();
  const shutdownStart = process.hrtime.bigint();
  await app.shutdown();
  const shutdownMs = Number(process.hrtime.bigint() - shutdownStart) / 1e6;
  process.stdout.write(`RESULT ${JSON.stringify({
    variant, execArgv: process.execArgv, baselineMb: baseline / MB, peakGrowthMb: (peak - baseline) / MB,
    checkpoints, heapGrowthMb, dropped, recordsPerSec: count / seconds, shutdownMs,
  })}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack}\n`);
  process.exit(1);
});

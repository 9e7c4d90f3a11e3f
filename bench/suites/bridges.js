'use strict';
// Issue 7, group 2 (second half): the same enabled record (message + 5 attributes + 1 nested)
// through mlotel, raw sdk-logs emit, and the two other OTel logging bridges a Node app might
// pick: winston with @opentelemetry/winston-transport and LogTape with @logtape/otel. All four
// share one LoggerProvider, one BatchLogRecordProcessor and one discarding exporter, side by
// side in this process, so the difference is the bridge's own cost.
// Target: mlotel >= 3x faster than either bridge (ratio to raw emit, compared).
const path = require('node:path');
const { SeverityNumber, logs } = require('@opentelemetry/api-logs');
const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const winston = require('winston');
const { OpenTelemetryTransportV3 } = require('@opentelemetry/winston-transport');
const logtape = require('@logtape/logtape');
const { getOpenTelemetrySink } = require('@logtape/otel');
const sdk = require(path.join(__dirname, '..', '..', 'packages', 'sdk', 'dist', 'cjs', 'index.js'));
const { runRounds, timeChunked } = require('../lib/harness');
const { attributesFor, MESSAGE } = require('../lib/payload');
const { DiscardExporter } = require('../lib/discardExporter');

async function run() {
  const exporter = new DiscardExporter();
  const processor = new BatchLogRecordProcessor({ exporter, ...sdk.DEFAULT_BATCH });
  const provider = new LoggerProvider({ processors: [processor] });
  // The winston transport logs through the global provider.
  logs.setGlobalLoggerProvider(provider);
  const mlotel = sdk.init({ loggerProvider: provider });
  const log = sdk.getLogger('bench.bridges.mlotel');
  const raw = provider.getLogger('bench.bridges.raw');
  const winstonLogger = winston.createLogger({ level: 'info', transports: [new OpenTelemetryTransportV3()] });
  await logtape.configure({
    reset: true,
    sinks: { otel: getOpenTelemetrySink({ loggerProvider: provider }) },
    loggers: [
      { category: ['bench'], lowestLevel: 'info', sinks: ['otel'] },
      { category: ['logtape', 'meta'], lowestLevel: 'warning', sinks: [] },
    ],
  });
  const logtapeLogger = logtape.getLogger(['bench', 'logtape']);

  const CHUNKS = 40;
  const CHUNK = 256;
  const rows = await runRounds([
    { name: 'raw sdk-logs emit', note: 'same BLRP, discard exporter',
      run: () => timeChunked((i) => raw.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: MESSAGE, attributes: attributesFor(i) }), CHUNKS, CHUNK) },
    { name: 'mlotel info()', note: 'log.info(msg, attrs)',
      run: () => timeChunked((i) => log.info(MESSAGE, attributesFor(i)), CHUNKS, CHUNK) },
    { name: 'winston + otel transport', note: "winston.info(msg, attrs) -> OpenTelemetryTransportV3",
      run: () => timeChunked((i) => winstonLogger.info(MESSAGE, attributesFor(i)), CHUNKS, CHUNK) },
    { name: 'logtape + @logtape/otel', note: 'logger.info(msg, props) -> OpenTelemetry sink',
      run: () => timeChunked((i) => logtapeLogger.info(MESSAGE, attributesFor(i)), CHUNKS, CHUNK) },
  ], 11, 2);

  await mlotel.shutdown();
  await provider.forceFlush();
  await logtape.reset();
  winstonLogger.close();
  logs.disable();
  await provider.shutdown();

  const ns = (name) => rows.find((r) => r.name === name).medianNs;
  const mine = ns('mlotel info()');
  return {
    name: 'bridges',
    tables: [{ title: 'Enabled info() through OTel logging bridges (same provider, processor and discard exporter; chunks of 256, ns per call)', rows, baseline: 'raw sdk-logs emit' }],
    targets: [
      // Expressed as mlotel's cost over a third of the bridge's: <= 1 means at least 3x faster.
      { name: 'mlotel >= 3x faster than winston + otel transport', value: mine / (ns('winston + otel transport') / 3), limit: 1 },
      { name: 'mlotel >= 3x faster than logtape + @logtape/otel', value: mine / (ns('logtape + @logtape/otel') / 3), limit: 1 },
    ],
    notes: [
      `speed-up over winston: ${(ns('winston + otel transport') / mine).toFixed(2)}x, over logtape: ${(ns('logtape + @logtape/otel') / mine).toFixed(2)}x`,
      `records exported by the discard exporter: ${exporter.exported}`,
    ],
  };
}

module.exports = { run };

#!/usr/bin/env node
'use strict';
/**
 * Sends telemetry to a receiver with the official OTel JS SDK and OTLP exporters, in its own
 * Node process: the exporters load `http` with a dynamic import(), which jest's CommonJS
 * runtime refuses, so tests run them here instead of in the jest worker.
 *
 * Usage: node exportDriver.js <scenario> <receiverUrl>
 * Prints one JSON object on stdout describing what was sent (times, ids) for the test's
 * assertions; exits 1 with the error on stderr if an export fails.
 */
const { SeverityNumber } = require('@opentelemetry/api-logs');
const { SpanKind, SpanStatusCode, TraceFlags, ROOT_CONTEXT, trace } = require('@opentelemetry/api');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const {
  BatchLogRecordProcessor,
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} = require('@opentelemetry/sdk-logs');
const { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace');
const { OTLPLogExporter: JsonLogExporter } = require('@opentelemetry/exporter-logs-otlp-http');
const { OTLPLogExporter: ProtoLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
const { OTLPTraceExporter: JsonTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { OTLPTraceExporter: ProtoTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const resource = resourceFromAttributes({ 'service.name': 'iris-api', 'host.name': 'srv-1' });
const nanos = (hr) => (BigInt(hr[0]) * 1000000000n + BigInt(hr[1])).toString();

function exportVia(exporter, items) {
  return new Promise((done, fail) =>
    exporter.export(items, (r) => (r.code === 0 ? done() : fail(r.error || new Error(`export failed: ${r.code}`)))),
  );
}

function sampleLogRecords() {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  const logger = provider.getLogger('app.predict', '1.0.0');
  const context = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
  logger.emit({
    eventName: 'ml.prediction',
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { input: { sepal_length: 5.1, petal_width: 0.2, note: 'a,b' }, output: 'setosa' },
    attributes: {
      'ml.prediction.id': 'p1',
      'ml.model.name': 'iris',
      'ml.model.version': '2',
      'ml.prediction.latency_ms': 1.5,
      'ml.prediction.confidence': 0.97,
    },
    context,
  });
  logger.emit({
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARNING',
    body: 'slow request',
    attributes: { count: -42, ok: true, big: 2 ** 40, list: [1, 'a', false], raw: new Uint8Array([1, 2, 255]) },
  });
  logger.emit({
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    attributes: { 'ml.prediction.id': 'p1', 'event.name': 'ml.feedback' },
    body: { actual: 'versicolor' },
  });
  logger.emit({ severityNumber: SeverityNumber.DEBUG, severityText: 'DEBUG' });
  return memory.getFinishedLogRecords();
}

const scenarios = {
  /** The same four records through the JSON, protobuf and gzipped protobuf log exporters. */
  async logs(url) {
    const records = sampleLogRecords();
    const exporters = [
      new JsonLogExporter({ url: `${url}/v1/logs` }),
      new ProtoLogExporter({ url: `${url}/v1/logs` }),
      new ProtoLogExporter({ url: `${url}/v1/logs`, compression: 'gzip' }),
    ];
    for (const e of exporters) await exportVia(e, records);
    await Promise.all(exporters.map((e) => e.shutdown()));
    return { records: records.map((r) => ({ time: nanos(r.hrTime), observed: nanos(r.hrTimeObserved) })) };
  },
  /** 50 records through a LoggerProvider with a BatchLogRecordProcessor (batches of 20). */
  async batch(url) {
    const exporter = new ProtoLogExporter({ url: `${url}/v1/logs` });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'batch-test' }),
      processors: [new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 20 })],
    });
    const logger = provider.getLogger('batch');
    for (let i = 0; i < 50; i++) logger.emit({ severityNumber: SeverityNumber.INFO, body: `record ${i}` });
    await provider.shutdown();
    return { sent: 50 };
  },
  /** A parent and a child span (event, link, error status) through the JSON and protobuf trace exporters. */
  async traces(url) {
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
    const tracer = provider.getTracer('iris.http', '0.1.0');
    const parent = tracer.startSpan('POST /predict', { kind: SpanKind.SERVER, attributes: { 'http.status_code': 200 } });
    const child = tracer.startSpan(
      'model.predict',
      { links: [{ context: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }, attributes: { why: 'batch' } }] },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.addEvent('features.ready', { count: 4 });
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'model failed' });
    child.end();
    parent.end();
    const spans = memory.getFinishedSpans();
    const exporters = [new JsonTraceExporter({ url: `${url}/v1/traces` }), new ProtoTraceExporter({ url: `${url}/v1/traces` })];
    for (const e of exporters) await exportVia(e, spans);
    await Promise.all(exporters.map((e) => e.shutdown()));
    const c = spans[0];
    return {
      traceId: parent.spanContext().traceId,
      parentSpanId: parent.spanContext().spanId,
      childStart: nanos(c.startTime),
      childEnd: nanos(c.endTime),
      eventTime: nanos(c.events[0].time),
    };
  },
};

/**
 * `@mlotel/sdk` as the sender (its built dist: the SDK's exporters need this separate process
 * for the same reason): init(), a few records over both protocols, shutdown().
 */
scenarios.sdk = async (url) => {
  const path = require('node:path');
  const sdk = require(path.resolve(__dirname, '../../../sdk/dist/cjs/index.js'));
  const sent = [];
  for (const protocol of ['http/protobuf', 'http/json']) {
    const mlotel = sdk.init({ endpoint: url, serviceName: 'sdk-test', server: 'srv-sdk', protocol });
    const log = sdk.getLogger('sdk.it').withModel({ name: 'iris', version: 'v7' });
    log.info(`hello over ${protocol}`, { rows: 3 });
    log.warning(`careful over ${protocol}`);
    log.critical(`down over ${protocol}`);
    sent.push(`hello over ${protocol}`, `careful over ${protocol}`, `down over ${protocol}`);
    await mlotel.shutdown();
    if (mlotel.stats().exported !== 3) throw new Error(`SDK exported ${JSON.stringify(mlotel.stats())}`);
  }
  return { sent };
};

async function run() {
  const [scenario, url] = process.argv.slice(2);
  const fn = scenarios[scenario];
  if (!fn || !url) throw new Error(`usage: exportDriver.js <${Object.keys(scenarios).join('|')}> <url>`);
  process.stdout.write(`${JSON.stringify(await fn(url))}\n`);
}

run().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});

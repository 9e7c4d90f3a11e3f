'use strict';
/**
 * What a user's service does, in the order ORDER says:
 * - sdk-first:   NodeSDK.start(), then init()          (the documented order)
 * - init-first:  init(), then NodeSDK.start()          (the wrong order: mlotel must say so)
 * - sdk-only:    NodeSDK.start(), no init() at all      (a library's getLogger() alone)
 * - mlotel-only: init() alone                           (mlotel's own pipeline)
 * NodeSDK has an OTLP/protobuf log record processor and trace exporter and the HTTP
 * instrumentation; every export goes to OTEL_EXPORTER_OTLP_ENDPOINT (an `mlotel collect`).
 * Each of REQUESTS requests is served inside the auto-instrumented HTTP server span and logs
 * 2 records through the app's logger, 2 through the library's (one DEBUG) and 1 through the
 * plain OTel logs API. Prints one JSON line of what it did.
 */
const REQUESTS = 20;

async function run({ init, getLogger, flavour }) {
  const order = process.env.ORDER;
  let sdk;
  const startSdk = () => {
    const { NodeSDK } = require('@opentelemetry/sdk-node');
    // sdk-node's own dependencies, as a user's app reaches them.
    const { BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
    const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
    const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
    sdk = new NodeSDK({
      serviceName: 'compat-sdk',
      traceExporter: new OTLPTraceExporter(),
      logRecordProcessors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() })],
      instrumentations: [new HttpInstrumentation()],
    });
    sdk.start();
  };
  let mlotel;
  const startMlotel = () => {
    mlotel = init({ serviceName: 'compat-mlotel', server: 'server-a', level: 'INFO,compat.lib=DEBUG', model: { name: 'iris', version: 'v1' } });
  };
  if (order === 'sdk-first' || order === 'sdk-only') startSdk();
  if (order !== 'sdk-only') startMlotel();
  if (order === 'init-first') startSdk();

  // Loaded after NodeSDK.start(), as instrumented modules must be.
  const http = require('node:http');
  const lib = require('./lib.cjs');
  const api = require('@opentelemetry/api');
  const plainLogs = api.logs ?? require('@opentelemetry/api-logs').logs;
  const plain = plainLogs.getLogger('compat.plain');
  const log = getLogger('compat.app');

  const server = http.createServer((req, res) => {
    const n = Number(new URL(req.url, 'http://x').searchParams.get('n'));
    log.info('request', { n });
    log.prediction({ input: { n }, output: n % 3, confidence: 0.9 });
    lib.score(n);
    plain.emit({ severityNumber: 9, severityText: 'INFO', body: `plain ${n}` });
    res.end('ok');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  for (let n = 0; n < REQUESTS; n++) {
    await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: `/predict?n=${n}`, agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
  }
  await new Promise((resolve) => server.close(resolve));
  const stats = mlotel !== undefined ? mlotel.stats() : undefined;
  if (mlotel !== undefined) await mlotel.shutdown();
  if (sdk !== undefined) await sdk.shutdown();
  process.stdout.write(`${JSON.stringify({ flavour, order, requests: REQUESTS, node: process.version, otelApi: api.logs !== undefined ? 'api>=1.10' : 'api-logs', emitted: stats?.emitted })}\n`);
}

module.exports = { run };

/**
 * Entry point of the demo inference service (`node packages/demo/dist/cjs/server.js`): trains
 * the model versions, serves them over HTTP and logs through @mlotel/sdk. Configured by
 * environment variables (see serverConfig.ts). Prints one line
 * `iris-api <server> listening on http://HOST:PORT ...` once ready; SIGTERM or SIGINT stops it
 * after flushing every record.
 */
import type { AddressInfo } from 'node:net';
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_TYPE, ATTR_ML_MODEL_FRAMEWORK, getLogger, init } from '@mlotel/sdk';
import { createIrisService, LOGGER_SCORING } from './irisService.js';
import { loadModels } from './modelLoader.js';
import { holdoutAccuracy } from './holdout.js';
import { readServerConfig, ServerConfigError, type ServerConfig } from './serverConfig.js';

const LOGGER_MODELS = 'demo.models';
const STOP_GRACE_MS = 5000;

async function main(config: ServerConfig): Promise<void> {
  const mlotel = init({
    serviceName: config.serviceName,
    serviceVersion: '0.1.0',
    server: config.server,
    environment: 'demo',
    level: config.level,
    tracing: true,
  });
  const modelsLog = getLogger(LOGGER_MODELS);

  const { models, failures, split } = loadModels({ failVersions: config.failVersions });
  for (const model of models.values()) {
    const accuracy = holdoutAccuracy(model, split.holdout);
    modelsLog.withModel({ name: model.name, version: model.version }).info(
      `loaded iris@${model.version} (${model.framework}), holdout accuracy ${accuracy.toFixed(3)}`,
      { [ATTR_ML_MODEL_FRAMEWORK]: model.framework, 'ml.model.holdout_accuracy': accuracy },
    );
  }
  for (const failure of failures) {
    modelsLog.withModel({ name: 'iris', version: failure.version }).critical(
      `model iris@${failure.version} failed to load: ${failure.error.message}; serving without it`,
      { [ATTR_EXCEPTION_TYPE]: failure.error.name, [ATTR_EXCEPTION_MESSAGE]: failure.error.message },
    );
  }
  if (models.size === 0) {
    process.stderr.write(`iris-api ${config.server}: no model version could be loaded; stopping\n`);
    await mlotel.shutdown();
    process.exit(1);
  }

  const server = createIrisService({ models, canaryShare: config.canaryShare, lowConfidence: config.lowConfidence });
  server.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const versions = [...models.keys()].map((v) => `iris@${v}`).join(', ');
    getLogger('demo.http').info(`listening on ${config.host}:${port}`, { 'server.port': port });
    process.stdout.write(
      `iris-api ${config.server} listening on http://${config.host}:${port} (models ${versions}; canary share ${config.canaryShare}; scoring logger ${getLogger(LOGGER_SCORING).getEffectiveLevel() <= 10 ? 'DEBUG' : 'INFO'})\n`,
    );
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeIdleConnections();
    // Busy keep-alive clients get a grace period, then their sockets are closed.
    const force = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
    force.unref();
    server.once('close', () => {
      void mlotel.shutdown().then(() => {
        const stats = mlotel.stats();
        process.stdout.write(
          `iris-api ${config.server} stopped on ${signal}: ${stats.emitted} records emitted, ${stats.exported} exported, ${stats.dropped} dropped` +
            (stats.failedExports > 0 ? `; ${stats.failedExports} exports failed (is a collector listening at OTEL_EXPORTER_OTLP_ENDPOINT?)` : '') +
            '\n',
        );
        process.exit(0);
      });
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

let config: ServerConfig;
try {
  config = readServerConfig(process.env);
} catch (err) {
  process.stderr.write(`iris-api: ${err instanceof ServerConfigError ? err.message : String(err)}\n`);
  process.exit(2);
}
main(config).catch((err: unknown) => {
  process.stderr.write(`iris-api ${config.server}: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

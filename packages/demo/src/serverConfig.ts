import { hostname } from 'node:os';
import { DEFAULT_LOW_CONFIDENCE } from './irisService.js';

/** Everything the demo server reads from its environment. */
export interface ServerConfig {
  /** `PORT`, default 8080; 0 picks a free port (printed at start). */
  readonly port: number;
  /** `HOST`, default 127.0.0.1 (the Dockerfile sets 0.0.0.0). */
  readonly host: string;
  /** `MLOTEL_SERVER`, the `server` name on every record (resource host.name); default the hostname. */
  readonly server: string;
  /** `MLOTEL_CANARY_SHARE`, 0..1, default 0: share of /predict traffic sent to model v2. */
  readonly canaryShare: number;
  /** `OTEL_SERVICE_NAME`, default `iris-api`. */
  readonly serviceName: string;
  /** `MLOTEL_LEVEL`, default `INFO,demo.scoring=DEBUG` (DEBUG shows the intermediate probabilities). */
  readonly level: string;
  /** `MLOTEL_DEMO_FAIL_MODEL`, comma-separated versions whose loading is made to fail (CRITICAL). */
  readonly failVersions: readonly string[];
  /** `MLOTEL_DEMO_LOW_CONFIDENCE`, 0..1, default 0.6: below it a prediction gets a WARNING. */
  readonly lowConfidence: number;
}

/** Default log levels of the demo: INFO everywhere, DEBUG for the scoring logger. */
export const DEFAULT_DEMO_LEVEL = 'INFO,demo.scoring=DEBUG';

/** Thrown for an environment variable the server cannot use; the message says how to fix it. */
export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
}

function readShare(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new ServerConfigError(`${name}=${JSON.stringify(raw)} is not a number between 0 and 1 (e.g. ${name}=0.3)`);
  }
  return value;
}

/**
 * Reads the server configuration from `env` (PORT, HOST, MLOTEL_SERVER, MLOTEL_CANARY_SHARE,
 * OTEL_SERVICE_NAME, MLOTEL_LEVEL, MLOTEL_DEMO_FAIL_MODEL, MLOTEL_DEMO_LOW_CONFIDENCE).
 * Throws {@link ServerConfigError} naming the variable and a valid example for bad values.
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is read by the SDK itself.
 * @example readServerConfig({ PORT: '0', MLOTEL_SERVER: 'server-a', MLOTEL_CANARY_SHARE: '0.3' }).canaryShare // 0.3
 */
export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const rawPort = env['PORT'];
  const port = rawPort === undefined || rawPort.trim() === '' ? 8080 : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ServerConfigError(`PORT=${JSON.stringify(rawPort)} is not a port number (0..65535; 0 picks a free port)`);
  }
  return {
    port,
    host: env['HOST']?.trim() || '127.0.0.1',
    server: env['MLOTEL_SERVER']?.trim() || hostname(),
    canaryShare: readShare(env, 'MLOTEL_CANARY_SHARE', 0),
    serviceName: env['OTEL_SERVICE_NAME']?.trim() || 'iris-api',
    level: env['MLOTEL_LEVEL']?.trim() || DEFAULT_DEMO_LEVEL,
    failVersions: (env['MLOTEL_DEMO_FAIL_MODEL'] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== ''),
    lowConfidence: readShare(env, 'MLOTEL_DEMO_LOW_CONFIDENCE', DEFAULT_LOW_CONFIDENCE),
  };
}

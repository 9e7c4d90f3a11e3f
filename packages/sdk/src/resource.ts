import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { ConfigError } from './errors.js';
import {
  RES_DEPLOYMENT_ENVIRONMENT_NAME,
  RES_HOST_NAME,
  RES_PROCESS_PID,
  RES_SERVICE_INSTANCE_ID,
  RES_SERVICE_NAME,
  RES_SERVICE_VERSION,
} from './semconv.js';
import type { Env } from './config.js';

/** One id per process, so every init() in it (and the traces) agree on service.instance.id. */
const PROCESS_INSTANCE_ID = randomUUID();

/** The identity parts of the resource, as resolved from options. */
export interface ResourceIdentity {
  serviceName?: string | undefined;
  serviceVersion?: string | undefined;
  serviceInstanceId?: string | undefined;
  server?: string | undefined;
  environment?: string | undefined;
  resourceAttributes?: Record<string, string | number | boolean>;
}

/**
 * The resource every record and span carries. Precedence, lowest first: OTel's defaults
 * (telemetry.sdk.*), mlotel's (random service.instance.id, hostname as host.name,
 * process.pid), `OTEL_RESOURCE_ATTRIBUTES`, then the options (and `OTEL_SERVICE_NAME` for
 * service.name, as the spec says). Throws {@link ConfigError} for a malformed
 * `OTEL_RESOURCE_ATTRIBUTES`.
 * @example buildResource({ serviceName: 'iris-api', server: 'server-a' }, process.env)
 */
export function buildResource(identity: ResourceIdentity, env: Env): Resource {
  const fromEnv = parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES);
  const defaults: Record<string, string | number> = {
    [RES_SERVICE_INSTANCE_ID]: PROCESS_INSTANCE_ID,
    [RES_HOST_NAME]: safeHostname(),
    [RES_PROCESS_PID]: process.pid,
  };
  const explicit: Record<string, string | number | boolean> = Object.assign({}, identity.resourceAttributes);
  const serviceName = identity.serviceName ?? fromEnv[RES_SERVICE_NAME] ?? 'unknown_service:node';
  explicit[RES_SERVICE_NAME] = serviceName;
  if (identity.serviceVersion !== undefined) explicit[RES_SERVICE_VERSION] = identity.serviceVersion;
  if (identity.serviceInstanceId !== undefined) explicit[RES_SERVICE_INSTANCE_ID] = identity.serviceInstanceId;
  if (identity.server !== undefined) explicit[RES_HOST_NAME] = identity.server;
  if (identity.environment !== undefined) explicit[RES_DEPLOYMENT_ENVIRONMENT_NAME] = identity.environment;
  return defaultResource()
    .merge(resourceFromAttributes(defaults))
    .merge(resourceFromAttributes(fromEnv))
    .merge(resourceFromAttributes(explicit));
}

/**
 * Parses `OTEL_RESOURCE_ATTRIBUTES` (`key=value,key2=value2`, values percent-encoded).
 * Throws {@link ConfigError} on a pair without `=` or a bad escape.
 * @example parseResourceAttributes('deployment.environment.name=prod') // { 'deployment.environment.name': 'prod' }
 */
export function parseResourceAttributes(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === undefined || text.trim() === '') return out;
  for (const rawPair of text.split(',')) {
    const pair = rawPair.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError('OTEL_RESOURCE_ATTRIBUTES', `${JSON.stringify(pair)} is not key=value; write e.g. "team=ml,region=eu"`);
    }
    try {
      out[decodeURIComponent(pair.slice(0, eq).trim())] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      throw new ConfigError('OTEL_RESOURCE_ATTRIBUTES', `${JSON.stringify(pair)} has a bad %-escape; percent-encode "," "=" and "%" in values`);
    }
  }
  return out;
}

function safeHostname(): string {
  try {
    return hostname();
  } catch {
    return 'unknown';
  }
}

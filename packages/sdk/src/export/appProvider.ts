import type { ResolvedConfig } from '../config.js';
import {
  RES_DEPLOYMENT_ENVIRONMENT_NAME,
  RES_HOST_NAME,
  RES_SERVICE_INSTANCE_ID,
  RES_SERVICE_NAME,
  RES_SERVICE_VERSION,
} from '../semconv.js';

/**
 * What becomes of `init()` options when records go to the app's LoggerProvider (NodeSDK's, one
 * passed as `loggerProvider`) rather than to a pipeline mlotel builds.
 */

/** Options that configure mlotel's own pipeline: with the app's provider they have nothing to act on. */
const PIPELINE_OPTIONS = ['exporter', 'endpoint', 'protocol', 'headers', 'batch'] as const;

/** Identity options and the attribute each is sent as: mlotel's resource on its own pipeline, record attributes on the app's. */
const IDENTITY_OPTIONS = [
  ['serviceName', RES_SERVICE_NAME],
  ['serviceVersion', RES_SERVICE_VERSION],
  ['serviceInstanceId', RES_SERVICE_INSTANCE_ID],
  ['server', RES_HOST_NAME],
  ['environment', RES_DEPLOYMENT_ENVIRONMENT_NAME],
] as const;

/**
 * The identity the app gave `init()` as record attributes, since the app's provider carries a
 * resource of its own: `server: 'server-a'` becomes `host.name: 'server-a'` on every mlotel
 * record; `resourceAttributes` are added as they are. `undefined` when none was given.
 * @internal
 */
export function identityAttributes(config: ResolvedConfig): Record<string, unknown> | undefined {
  const attributes: Record<string, unknown> = {};
  for (const [option, key] of IDENTITY_OPTIONS) {
    const value = config[option];
    if (config.given.has(option) && value !== undefined) attributes[key] = value;
  }
  if (config.given.has('resourceAttributes')) Object.assign(attributes, config.resourceAttributes);
  return Object.keys(attributes).length > 0 ? attributes : undefined;
}

/**
 * The warning for options that do not act as the app may expect on its provider, or
 * `undefined` when every option given applies. `whose` names the provider ("the LoggerProvider
 * passed as loggerProvider", ...).
 * @internal
 */
export function appProviderNotice(config: ResolvedConfig, whose: string): string | undefined {
  const ignored = PIPELINE_OPTIONS.filter((option) => config.given.has(option));
  const identity = identityAttributes(config);
  if (ignored.length === 0 && identity === undefined) return undefined;
  const parts = [`init() logs through ${whose}.`];
  if (ignored.length > 0) {
    parts.push(`These options have no effect on it: ${ignored.join(', ')}; configure that provider's exporter and processor instead.`);
  }
  if (identity !== undefined) {
    parts.push(`Its resource is its own, so the identity given to init() is added to every mlotel record as attributes: ${Object.keys(identity).join(', ')}.`);
  }
  return parts.join(' ');
}

import { apiRegistry } from '../internal/globalLogs.js';

/** The OTel API globals an SDK registers when it starts, with how the warning names them. */
const WATCHED = [
  ['trace', 'a tracer provider'],
  ['context', 'a context manager'],
  ['metrics', 'a meter provider'],
] as const;

/** The watched globals as they were at one moment, by identity. */
export type GlobalsSnapshot = ReadonlyMap<string, unknown>;

/** The watched OTel API globals now. Never throws. @internal */
export function snapshotGlobals(): GlobalsSnapshot {
  const registry = apiRegistry();
  return new Map(WATCHED.map(([key]) => [key, registry?.[key]]));
}

/**
 * What an OpenTelemetry SDK registered since `before` (e.g. `['a tracer provider', 'a context
 * manager']` after `NodeSDK.start()`), empty when nothing changed. NodeSDK registers these
 * together with its LoggerProvider; when mlotel's provider already holds the logs slot, the
 * LoggerProvider's registration fails (silently on the 2.x line, through diag.error on the
 * current one) and these are the only trace it leaves. Never throws.
 * @internal
 */
export function globalsRegisteredSince(before: GlobalsSnapshot): string[] {
  const registry = apiRegistry();
  const changed: string[] = [];
  for (const [key, name] of WATCHED) {
    const now = registry?.[key];
    if (now !== undefined && now !== before.get(key)) changed.push(name);
  }
  return changed;
}

/**
 * The `mlotel tail` query: which log records to show. Every condition given must hold.
 */
import { RES_HOST_NAME } from '../semconv.js';
import { effectiveSeverity } from '../format/severity.js';
import { modelMatches, type ModelSpec } from '../read/modelSpec.js';
import { eventNameOf, modelOf, stringAttribute, timeMsOf, type LogEntry } from '../read/otlpValues.js';

/** Conditions of a query; unset ones admit everything. */
export interface RecordFilter {
  /** Lowest severity number shown (see `parseLevel`). */
  minSeverity?: number;
  /** Model name and optional version (record attribute or resource attribute). */
  model?: ModelSpec;
  /** Server: the resource's `host.name`. */
  server?: string;
  /** Trace id or its prefix (the short id readable lines show), case-insensitive. */
  trace?: string;
  /** Event name (`ml.prediction`...). */
  event?: string;
  /** Only records at or after this time (ms since the epoch). */
  sinceMs?: number;
}

/**
 * True when `entry` satisfies every condition of `filter`. Records without a time never
 * pass a `sinceMs` condition; records without a severity never pass `minSeverity`.
 * @example matchesFilter(entry, { minSeverity: 13 })
 */
export function matchesFilter(entry: LogEntry, filter: RecordFilter): boolean {
  const r = entry.record;
  if (filter.minSeverity !== undefined && effectiveSeverity(r.severityNumber, r.severityText) < filter.minSeverity) return false;
  if (filter.event !== undefined && eventNameOf(r) !== filter.event) return false;
  if (filter.trace !== undefined && !(r.traceId ?? '').toLowerCase().startsWith(filter.trace.toLowerCase())) return false;
  if (filter.server !== undefined && stringAttribute(entry, RES_HOST_NAME) !== filter.server) return false;
  if (filter.model !== undefined) {
    const { name, version } = modelOf(entry);
    if (!modelMatches(filter.model, name, version)) return false;
  }
  if (filter.sinceMs !== undefined) {
    const t = timeMsOf(r);
    if (t === undefined || t < filter.sinceMs) return false;
  }
  return true;
}

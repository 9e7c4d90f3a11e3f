/**
 * Picks a logs batch's `ml.prediction` and `ml.feedback` records for `ml-events.jsonl`,
 * mirroring the collector's routing connector (match on the LogRecord event name or the
 * `event.name` attribute). Resource and scope structure is kept; empty scopes and resources
 * are dropped.
 */
import { DATASET_EVENTS } from '../semconv.js';
import { eventNameOf } from '../read/otlpValues.js';
import type { LogsData, ResourceLogs, ScopeLogs } from '../otlp/types.js';

/**
 * The dataset events of `batch`, or `undefined` when it has none.
 * @example selectMlEvents(batch)?.resourceLogs?.length
 */
export function selectMlEvents(batch: LogsData): LogsData | undefined {
  const out: ResourceLogs[] = [];
  for (const rl of batch.resourceLogs ?? []) {
    const scopes: ScopeLogs[] = [];
    for (const sl of rl.scopeLogs ?? []) {
      const records = (sl.logRecords ?? []).filter((r) => DATASET_EVENTS.includes(eventNameOf(r) ?? ''));
      if (records.length > 0) scopes.push({ ...sl, logRecords: records });
    }
    if (scopes.length > 0) out.push({ ...rl, scopeLogs: scopes });
  }
  return out.length > 0 ? { resourceLogs: out } : undefined;
}

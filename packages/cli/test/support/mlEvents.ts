/**
 * Builders of `ml-events.jsonl` lines (OTLP JSON logs batches) for dataset and tail tests.
 */

type Attr = { key: string; value: Record<string, unknown> };

export function anyValue(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (v && typeof v === 'object') return { kvlistValue: { values: Object.entries(v).map(([key, x]) => ({ key, value: anyValue(x) })) } };
  return {};
}

function attrs(o: Record<string, unknown>): Attr[] {
  return Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => ({ key, value: anyValue(v) }));
}

const nanos = (ms: number): string => (BigInt(ms) * 1_000_000n).toString();

export interface PredictionSpec {
  id: string;
  timeMs: number;
  input: unknown;
  /** Left out of the body of a failed prediction. */
  output?: unknown;
  model?: string;
  version?: string;
  confidence?: number;
  latencyMs?: number;
  traceId?: string;
  /** Makes it a failed prediction as `handle.fail(err)` records it: ERROR, `error.type`, `exception.*`, body `{ input }`. */
  error?: { type: string; message: string };
}

export function prediction(p: PredictionSpec): Record<string, unknown> {
  return {
    timeUnixNano: nanos(p.timeMs),
    severityNumber: p.error ? 17 : 9,
    severityText: p.error ? 'ERROR' : 'INFO',
    body: anyValue(p.error ? { input: p.input } : { input: p.input, output: p.output }),
    attributes: attrs({
      'ml.prediction.id': p.id,
      'ml.model.name': p.model ?? 'iris',
      'ml.model.version': p.version ?? '2',
      'ml.prediction.confidence': p.confidence,
      'ml.prediction.latency_ms': p.latencyMs,
      'error.type': p.error?.type,
      'exception.type': p.error?.type,
      'exception.message': p.error?.message,
      'exception.stacktrace': p.error ? `${p.error.type}: ${p.error.message}\n    at predict (model.js:1:1)` : undefined,
    }),
    ...(p.traceId ? { traceId: p.traceId } : {}),
    eventName: 'ml.prediction',
  };
}

/** A feedback record; `viaAttribute` names the event with the `event.name` attribute only. */
export function feedback(id: string, timeMs: number, actual: unknown, viaAttribute = false): Record<string, unknown> {
  return {
    timeUnixNano: nanos(timeMs),
    severityNumber: 9,
    body: anyValue({ actual }),
    attributes: attrs({ 'ml.prediction.id': id, ...(viaAttribute ? { 'event.name': 'ml.feedback' } : {}) }),
    ...(viaAttribute ? {} : { eventName: 'ml.feedback' }),
  };
}

/**
 * Adds `attributes` to a record's own, as the SDK writes them (model stage, sampling rate, the
 * call's own); returns the record.
 * @example withAttributes(prediction({ id: 'p1', timeMs: 1, input: { x: 1 }, output: 'a' }), { 'ml.sampling.rate': 0.1 });
 */
export function withAttributes(record: Record<string, unknown>, attributes: Record<string, unknown>): Record<string, unknown> {
  const list = record.attributes as Attr[];
  for (const [key, value] of Object.entries(attributes)) list.push({ key, value: anyValue(value) });
  return record;
}

/** One batch line holding `records` under a resource with `host`. */
export function batchLine(records: Array<Record<string, unknown>>, host = 'srv-1', service = 'iris-api'): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: attrs({ 'service.name': service, 'host.name': host }) },
        scopeLogs: [{ scope: { name: 'mlotel.iris' }, logRecords: records }],
      },
    ],
  });
}

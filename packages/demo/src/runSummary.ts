import { join } from 'node:path';
import {
  ATTR_ML_MODEL_NAME,
  ATTR_ML_MODEL_VERSION,
  EVENT_ML_FEEDBACK,
  EVENT_ML_PREDICTION,
  RES_HOST_NAME,
} from '@mlotel/sdk';
import { LOGS_FILE, TRACES_FILE } from 'mlotel';
import { attributeString, levelNameOf, logRecordsOf, readJsonLines, spansOf } from './otlpJsonLines.js';


/** What the receiver's files hold after a run. */
export interface FilesSummary {
  readonly logRecords: number;
  readonly byLevel: Record<string, number>;
  readonly byServer: Record<string, number>;
  /** Records per `model@version`; records without a model count under `(no model)`. */
  readonly byModel: Record<string, number>;
  readonly predictions: number;
  readonly predictionsByVersion: Record<string, number>;
  readonly feedback: number;
  readonly spans: number;
  readonly traces: number;
  /** Predictions whose trace id is the trace id of a span in traces.jsonl. */
  readonly predictionsWithSpan: number;
  readonly skippedLines: number;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Reads `logs.jsonl` and `traces.jsonl` in `dir` and counts records per level, server and model,
 * predictions, feedback, spans and traces, and how many predictions link to a stored span.
 * Missing files count as empty; malformed lines are skipped and counted. Never throws on content.
 * @example const files = await summariseFiles('./mlotel-data'); files.byLevel.CRITICAL // 1
 */
export async function summariseFiles(dir: string): Promise<FilesSummary> {
  const counters = { skipped: 0 };
  const traceIds = new Set<string>();
  let spans = 0;
  for await (const batch of readJsonLines(join(dir, TRACES_FILE), counters)) {
    for (const span of spansOf(batch)) {
      spans++;
      if (span.traceId) traceIds.add(span.traceId);
    }
  }
  const byLevel: Record<string, number> = {};
  const byServer: Record<string, number> = {};
  const byModel: Record<string, number> = {};
  const predictionsByVersion: Record<string, number> = {};
  let logRecords = 0;
  let predictions = 0;
  let feedback = 0;
  let predictionsWithSpan = 0;
  for await (const batch of readJsonLines(join(dir, LOGS_FILE), counters)) {
    for (const record of logRecordsOf(batch)) {
      logRecords++;
      bump(byLevel, levelNameOf(record.severityNumber));
      bump(byServer, attributeString(record.resource, RES_HOST_NAME) ?? '(unknown)');
      const name = attributeString(record.attributes, ATTR_ML_MODEL_NAME);
      const version = attributeString(record.attributes, ATTR_ML_MODEL_VERSION);
      bump(byModel, name ? `${name}@${version ?? '?'}` : '(no model)');
      const event = record.eventName ?? attributeString(record.attributes, 'event.name');
      if (event === EVENT_ML_PREDICTION) {
        predictions++;
        bump(predictionsByVersion, version ?? '?');
        if (record.traceId && traceIds.has(record.traceId)) predictionsWithSpan++;
      } else if (event === EVENT_ML_FEEDBACK) {
        feedback++;
      }
    }
  }
  return {
    logRecords,
    byLevel,
    byServer,
    byModel,
    predictions,
    predictionsByVersion,
    feedback,
    spans,
    traces: traceIds.size,
    predictionsWithSpan,
    skippedLines: counters.skipped,
  };
}

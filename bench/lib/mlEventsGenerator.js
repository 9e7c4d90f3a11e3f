'use strict';
// Writes a realistic `ml-events.jsonl` for the dataset scale bench (issue 13, point 6): what
// `mlotel collect` or the collector's file exporter writes for a 200-feature tabular model
// served by two servers and labelled by a separate process. One line = one OTLP/JSON
// ExportLogsServiceRequest (one SDK export batch), as received.
//
//   - predictions: `predictions` records, `batch` (512) per line, the two servers' lines
//     alternating; input = a map of `features` doubles `f000`..`f199`, output a class,
//     `ml.prediction.confidence`, `ml.prediction.latency_ms`, `ml.sampling.rate`, model
//     `churn` 1.4.0 (production) everywhere and 1.5.0 (canary) on a fifth of srv-b's traffic,
//     trace and span ids, UUID prediction ids;
//   - failures: 1% of predictions, recorded as `handle.fail(err)` does (ERROR, `error.type`,
//     `exception.*`, body `{ input }` without output or confidence);
//   - feedback: for 60% of prediction ids, from the labeller's own process (its own lines,
//     resource `churn-labeller`) with a `source` attribute: 10% written in the line just BEFORE
//     their prediction's line (the server's export was late), the rest 1–4 or 8–64 batches
//     later; 2% of labelled ids get a second, later feedback (a correction: latest wins);
//     plus orphan feedback (0.1%) for ids that were never predicted;
//   - duplicates: every 400th prediction line is written twice (an exporter retry after a
//     lost answer) and 0.1% of predictions are recorded again 2 batches later with a later
//     time (a retried request reusing its id).
//
// Streaming: a line is built from template strings and written synchronously before the next
// one is built, so memory is one line (~6 MB) plus the feedback waiting for its batch (at most
// 65 batches' worth, ~6 MB), whatever `predictions` is. Deterministic: the same options give
// the same bytes.
//
// Standalone: node bench/lib/mlEventsGenerator.js --out /tmp/ml-events.jsonl [--predictions 1000000]
//   [--batch 512] [--features 200] [--sampling-rate 1]
// prints the stats (what a correct join must report) as JSON.
const fs = require('node:fs');
// The SDK's own sampling hash (built by `npm run bench`), so the generated sampling matches it.
const { hashPredictionId: samplingHash } = require('../../packages/sdk');

const T0_MS = Date.UTC(2026, 10, 2, 9, 0, 0);
const MS_PER_PREDICTION = 5; // 200 predictions/s across both servers
const CLASSES = ['churn', 'stay', 'unsure'];
const SOURCES = ['human-review', 'crm-sync'];
const VALUES = 8192; // distinct feature value texts per kind

/** murmur3's 32-bit finaliser over `i` mixed with `seed`: a cheap deterministic hash. */
function mix(i, seed) {
  let h = Math.imul(i ^ Math.imul(seed, 0x9e3779b1), 0x85ebca6b) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex8 = (n) => n.toString(16).padStart(8, '0');

/** A UUID-shaped id, unique per `i` (the last group is `i`), 36 characters like the SDK's randomUUID(). */
function predictionId(i) {
  const a = mix(i, 11);
  const b = mix(i, 12);
  return `${hex8(a)}-${hex8(b).slice(0, 4)}-4${hex8(b).slice(4, 7)}-a${hex8(mix(i, 13)).slice(0, 3)}-${i.toString(16).padStart(12, '0')}`;
}

const str = (key, v) => `{"key":"${key}","value":{"stringValue":"${v}"}}`;
const dbl = (key, v) => `{"key":"${key}","value":{"doubleValue":${v}}}`;
const int = (key, v) => `{"key":"${key}","value":{"intValue":"${v}"}}`;

function resourceOf(service, host, pid) {
  return `{"resourceLogs":[{"resource":{"attributes":[${[
    str('service.name', service),
    str('service.version', '3.2.1'),
    str('host.name', host),
    int('process.pid', pid),
    str('telemetry.sdk.language', 'nodejs'),
    str('telemetry.sdk.name', 'opentelemetry'),
    str('telemetry.sdk.version', '2.2.0'),
  ].join(',')}]},"scopeLogs":[{"scope":{"name":"mlotel","version":"0.1.0"},"logRecords":[`;
}
const LINE_END = ']}]}]}\n';

/**
 * Writes the file and returns what a correct join of it must report.
 * @param {{ out: string, predictions?: number, batch?: number, features?: number, samplingRate?: number }} options
 */
function generateMlEvents(options) {
  const predictions = options.predictions ?? 1_000_000;
  const batch = options.batch ?? 512;
  const features = options.features ?? 200;
  const samplingRate = options.samplingRate ?? 1;
  const keepBelow = samplingRate >= 1 ? Infinity : Math.floor(samplingRate * 2 ** 32);
  const rateText = Number.isInteger(samplingRate) ? samplingRate.toFixed(1) : String(samplingRate);

  // Feature fragments: `{"key":"f007","value":{"doubleValue":` + value + `}}`. Every fourth
  // feature is a rounded quantity (2 decimals), the others standardised doubles printed as JS
  // prints them (shortest round trip, 15–18 characters), as a model's input usually is.
  const featureHead = Array.from({ length: features }, (_, j) => `{"key":"f${String(j).padStart(3, '0')}","value":{"doubleValue":`);
  const rounded = Array.from({ length: VALUES }, (_, k) => ((mix(k, 1) % 100000) / 100 + 0.01).toFixed(2));
  const standard = Array.from({ length: VALUES }, (_, k) => String(((mix(k, 2) / 2 ** 32) - 0.5) * 6 + 1e-9));
  const servers = [
    { host: 'srv-a', head: resourceOf('churn-api', 'srv-a', 4101) },
    { host: 'srv-b', head: resourceOf('churn-api', 'srv-b', 4202) },
  ];
  const labellerHead = resourceOf('churn-labeller', 'labeller-1', 5303);

  const fd = fs.openSync(options.out, 'w');
  const stats = {
    predictions,
    batch,
    features,
    samplingRate,
    lines: 0,
    bytes: 0,
    predictionRecords: 0,
    distinctIds: 0,
    failedIds: 0,
    sampledOut: 0,
    labelledIds: 0,
    feedbackRecords: 0,
    orphanFeedbackIds: 0,
    sampledOutFeedbackIds: 0,
    retriedLines: 0,
    repeatedRecords: 0,
    duplicateRecords: 0,
  };
  const writeLine = (text) => {
    stats.bytes += fs.writeSync(fd, text);
    stats.lines++;
  };
  const pending = new Map(); // block number -> feedback records released then
  const repeats = new Map(); // block number -> prediction records recorded again then
  const later = (map, block, record) => {
    const list = map.get(block);
    if (list) list.push(record);
    else map.set(block, [record]);
  };

  const nanos = (ms, sub) => `${ms}${String(sub).padStart(6, '0')}`;

  function feedbackRecord(id, ms, actual, source) {
    const t = nanos(ms, 0);
    return `{"timeUnixNano":"${t}","observedTimeUnixNano":"${t}","severityNumber":9,"severityText":"INFO","body":{"kvlistValue":{"values":[{"key":"actual","value":{"stringValue":"${actual}"}}]}},"attributes":[${str('ml.prediction.id', id)},${str('ml.model.name', 'churn')},${str('source', source)}],"droppedAttributesCount":0,"eventName":"ml.feedback"}`;
  }

  function predictionRecord(i, id, ms, server, failed) {
    const t = nanos(ms, mix(i, 3) % 1000000);
    const canary = server === 1 && mix(i, 4) % 5 === 0;
    const parts = new Array(features);
    for (let j = 0; j < features; j++) {
      const table = (j & 3) === 0 ? rounded : standard;
      parts[j] = featureHead[j] + table[mix(i * 256 + j, 5) & (VALUES - 1)] + '}}';
    }
    const input = `{"key":"input","value":{"kvlistValue":{"values":[${parts.join(',')}]}}}`;
    const latency = (2 + (mix(i, 6) % 4000) / 1000).toFixed(3);
    const model = `${str('ml.model.name', 'churn')},${str('ml.model.version', canary ? '1.5.0' : '1.4.0')},${str('ml.model.stage', canary ? 'canary' : 'production')}`;
    const trace = `"traceId":"${hex8(mix(i, 7))}${hex8(mix(i, 8))}${hex8(mix(i, 9))}${hex8(mix(i, 10))}","spanId":"${hex8(mix(i, 14))}${hex8(mix(i, 15))}","flags":1`;
    if (failed) {
      return `{"timeUnixNano":"${t}","observedTimeUnixNano":"${t}","severityNumber":17,"severityText":"ERROR","body":{"kvlistValue":{"values":[${input}]}},"attributes":[${model},${str('ml.prediction.id', id)},${dbl('ml.prediction.latency_ms', latency)},${dbl('ml.sampling.rate', rateText)},${str('error.type', 'FeatureStoreTimeout')},${str('exception.type', 'FeatureStoreTimeout')},${str('exception.message', 'feature store did not answer in 50 ms')},${str('exception.stacktrace', 'FeatureStoreTimeout: feature store did not answer in 50 ms\\n    at fetchFeatures (features.js:88:11)\\n    at predict (model.js:41:5)')}],"droppedAttributesCount":0,${trace},"eventName":"ml.prediction"}`;
    }
    const output = CLASSES[mix(i, 16) % 3];
    const confidence = (0.34 + (mix(i, 17) % 6600) / 10000).toFixed(4);
    return `{"timeUnixNano":"${t}","observedTimeUnixNano":"${t}","severityNumber":9,"severityText":"INFO","body":{"kvlistValue":{"values":[${input},{"key":"output","value":{"stringValue":"${output}"}}]}},"attributes":[${model},${str('ml.prediction.id', id)},${dbl('ml.prediction.latency_ms', latency)},${dbl('ml.prediction.confidence', confidence)},${dbl('ml.sampling.rate', rateText)}],"droppedAttributesCount":0,${trace},"eventName":"ml.prediction"}`;
  }

  const writeFeedback = (records) => {
    if (records && records.length > 0) writeLine(labellerHead + records.join(',') + LINE_END);
  };

  try {
    const blocks = Math.ceil(predictions / batch);
    for (let k = 0; k < blocks; k++) {
      const server = k & 1;
      const records = [];
      const before = [];
      for (let i = k * batch; i < Math.min(predictions, (k + 1) * batch); i++) {
        const id = predictionId(i);
        const ms = T0_MS + i * MS_PER_PREDICTION;
        const failed = mix(i, 18) % 100 === 0;
        const labelled = mix(i, 19) % 100 < 60;
        const sampledOut = !failed && samplingHash(id) >= keepBelow;
        if (labelled) {
          // The labeller knows nothing of sampling: it labels every request it saw.
          const actual = CLASSES[(mix(i, 16) + (mix(i, 20) % 4 === 0 ? 1 : 0)) % 3];
          const when = mix(i, 21) % 100;
          const delayMs = 50 + (mix(i, 22) % 450);
          const record = feedbackRecord(id, ms + delayMs, actual, SOURCES[mix(i, 23) & 1]);
          if (when < 10) before.push(record);
          else later(pending, k + (when < 60 ? 1 + (when % 4) : 8 + (mix(i, 24) % 57)), record);
          stats.feedbackRecords++;
          if (mix(i, 25) % 100 < 2) {
            later(pending, k + 65, feedbackRecord(id, ms + 3_600_000, CLASSES[(mix(i, 16) + 1) % 3], 'human-review'));
            stats.feedbackRecords++;
          }
          if (sampledOut) stats.sampledOutFeedbackIds++;
          else stats.labelledIds++;
        }
        if (sampledOut) {
          stats.sampledOut++;
          continue;
        }
        records.push(predictionRecord(i, id, ms, server, failed));
        stats.distinctIds++;
        if (failed) stats.failedIds++;
        if (mix(i, 26) % 1000 === 0) {
          later(repeats, k + 2, predictionRecord(i, id, ms + 1000, server, failed));
          stats.repeatedRecords++;
        }
      }
      writeFeedback(before);
      const again = repeats.get(k);
      repeats.delete(k);
      if (again) records.push(...again);
      if (records.length > 0) {
        const line = servers[server].head + records.join(',') + LINE_END;
        writeLine(line);
        stats.predictionRecords += records.length;
        if (k % 400 === 399) {
          writeLine(line);
          stats.predictionRecords += records.length;
          stats.retriedLines++;
        }
      }
      writeFeedback(pending.get(k));
      pending.delete(k);
    }
    // What is left: repeats and feedback due after the last batch, then the orphans.
    for (const k of [...repeats.keys()].sort((a, b) => a - b)) {
      const records = repeats.get(k);
      writeLine(servers[k & 1].head + records.join(',') + LINE_END);
      stats.predictionRecords += records.length;
    }
    for (const k of [...pending.keys()].sort((a, b) => a - b)) writeFeedback(pending.get(k));
    const orphans = [];
    for (let o = 0; o < Math.ceil(predictions / 1000); o++) {
      const i = predictions + 1_000_000_000 + o;
      orphans.push(feedbackRecord(predictionId(i), T0_MS + predictions * MS_PER_PREDICTION, 'stay', 'crm-sync'));
      if (orphans.length === batch) writeFeedback(orphans.splice(0));
    }
    writeFeedback(orphans);
    stats.orphanFeedbackIds = Math.ceil(predictions / 1000);
    stats.feedbackRecords += stats.orphanFeedbackIds;
  } finally {
    fs.closeSync(fd);
  }
  stats.duplicateRecords = stats.predictionRecords - stats.distinctIds;
  return stats;
}

module.exports = { generateMlEvents, predictionId, samplingHash };

if (require.main === module) {
  const { parseArgs } = require('node:util');
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      predictions: { type: 'string', default: '1000000' },
      batch: { type: 'string', default: '512' },
      features: { type: 'string', default: '200' },
      'sampling-rate': { type: 'string', default: '1' },
    },
  });
  if (!values.out) {
    console.error('usage: node bench/lib/mlEventsGenerator.js --out FILE [--predictions N] [--batch 512] [--features 200] [--sampling-rate 1]');
    process.exit(2);
  }
  const start = process.hrtime.bigint();
  const stats = generateMlEvents({
    out: values.out,
    predictions: Number(values.predictions),
    batch: Number(values.batch),
    features: Number(values.features),
    samplingRate: Number(values['sampling-rate']),
  });
  stats.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify(stats, null, 2));
}

'use strict';
// Issue 7, group 5: RSS growth while logging 1,000,000 records with the collector down, which
// must be bounded by the queue (32768 records by default), not by the record count. Target:
// RSS growth < 64 MB. Every run is a fresh process (bench/lib/memoryProducer.js), measured
// the same way, so the rows are side by side:
//   1. raw @opentelemetry/sdk-logs with mlotel's batch settings and the real OTLP protobuf
//      exporter (the anchor), and mlotel itself; the ratio mlotel/raw says what is ours;
//   2. the same two with a full GC at every 250,000 records: the live heap over time (the
//      forced GCs change the RSS curve, so these runs are kept out of the target);
//   3. diagnostic rows for mlotel, which say where the RSS goes: V8 flags (NOT settings the
//      product sets or recommends) and smaller queues (a product setting, with a cost in drops).
const path = require('node:path');
const { median } = require('../lib/harness');
const { runNode } = require('../lib/runNode');

const PRODUCER = path.join(__dirname, '..', 'lib', 'memoryProducer.js');
const COUNT = 1_000_000;
const CHECKPOINTS = [250_000, 500_000, 750_000, 1_000_000];
const REPEATS = 5;
const PROBE_REPEATS = 2;
const DIAGNOSTIC_REPEATS = 2;

const SCENARIOS = [
  { group: 'main', name: 'raw sdk-logs, same queue, OTLP protobuf', args: { variant: 'raw', gcAtCheckpoints: false } },
  { group: 'main', name: 'mlotel (defaults)', args: { variant: 'mlotel', gcAtCheckpoints: false } },
  { group: 'probe', name: 'raw sdk-logs, GC at checkpoints', args: { variant: 'raw' } },
  { group: 'probe', name: 'mlotel, GC at checkpoints', args: { variant: 'mlotel' } },
  { group: 'diag', name: 'mlotel, node --max-semi-space-size=4 (diagnostic)', args: { variant: 'mlotel', gcAtCheckpoints: false }, node: ['--max-semi-space-size=4'] },
  { group: 'diag', name: 'mlotel, node --max-semi-space-size=8 (diagnostic)', args: { variant: 'mlotel', gcAtCheckpoints: false }, node: ['--max-semi-space-size=8'] },
  { group: 'diag', name: 'mlotel, node --no-allocation-site-pretenuring (diagnostic)', args: { variant: 'mlotel', gcAtCheckpoints: false }, node: ['--no-allocation-site-pretenuring'] },
  { group: 'diag', name: 'raw sdk-logs, node --no-allocation-site-pretenuring (diagnostic)', args: { variant: 'raw', gcAtCheckpoints: false }, node: ['--no-allocation-site-pretenuring'] },
  { group: 'diag', name: 'mlotel, batch.maxQueueSize 8192 (batch 2048)', args: { variant: 'mlotel', gcAtCheckpoints: false, batch: { maxQueueSize: 8192, maxExportBatchSize: 2048 } } },
  { group: 'diag', name: 'mlotel, batch.maxQueueSize 2048 (batch 512, OTel defaults)', args: { variant: 'mlotel', gcAtCheckpoints: false, batch: { maxQueueSize: 2048, maxExportBatchSize: 512 } } },
];

const repeatsOf = (s) => (s.group === 'main' ? REPEATS : s.group === 'probe' ? PROBE_REPEATS : DIAGNOSTIC_REPEATS);

/** One row from a scenario's runs: medians across processes. */
function summarise(scenario, runs) {
  const at = (records, key) => median(runs.map((x) => x.checkpoints.find((c) => c.records === records)[key]));
  const row = {
    name: scenario.name,
    runs: runs.length,
    peak: median(runs.map((x) => x.peakGrowthMb)),
    min: Math.min(...runs.map((x) => x.peakGrowthMb)),
    max: Math.max(...runs.map((x) => x.peakGrowthMb)),
    heap: median(runs.map((x) => x.heapGrowthMb)),
    dropped: median(runs.map((x) => x.dropped)),
    recordsPerSec: median(runs.map((x) => x.recordsPerSec)),
    shutdownMs: median(runs.map((x) => x.shutdownMs)),
    // V8's committed young (2 semi-spaces) and old generation at the checkpoint with the most RSS.
    youngMb: median(runs.map((x) => x.checkpoints.reduce((a, c) => (c.rssGrowthMb > a.rssGrowthMb ? c : a)).youngMb)),
    oldMb: median(runs.map((x) => x.checkpoints.reduce((a, c) => (c.rssGrowthMb > a.rssGrowthMb ? c : a)).oldMb)),
  };
  for (const records of CHECKPOINTS) {
    row[`rss${records / 1000}k`] = at(records, 'rssGrowthMb');
    if (scenario.group === 'probe') row[`heap${records / 1000}k`] = at(records, 'heapGrowthMb');
  }
  return row;
}

async function run() {
  // Rotate through the scenarios repeat by repeat, so a slow phase of the shared box hits
  // every row alike rather than all runs of one row.
  const runs = new Map(SCENARIOS.map((s) => [s.name, []]));
  const rounds = Math.max(...SCENARIOS.map(repeatsOf));
  for (let r = 0; r < rounds; r++) {
    for (const s of SCENARIOS) {
      if (r >= repeatsOf(s)) continue;
      runs.get(s.name).push(await runNode(PRODUCER, { count: COUNT, ...s.args }, ['--expose-gc', ...(s.node ?? [])]));
    }
  }
  const rows = SCENARIOS.map((s) => ({ group: s.group, ...summarise(s, runs.get(s.name)) }));
  const rowsOf = (group) => rows.filter((r) => r.group === group);
  const raw = rows.find((r) => r.name.startsWith('raw sdk-logs, same queue'));
  const mlotel = rows.find((r) => r.name === 'mlotel (defaults)');
  const vsRaw = (x) => `${(x.peak / raw.peak).toFixed(2)}x`;
  const rssColumns = [
    { key: 'rss250k', label: 'RSS +MB @250k', digits: 1 },
    { key: 'rss500k', label: '@500k', digits: 1 },
    { key: 'rss750k', label: '@750k', digits: 1 },
    { key: 'rss1000k', label: '@1M', digits: 1 },
  ];
  const v8Columns = [
    { key: 'youngMb', label: 'young gen MB', digits: 0 },
    { key: 'oldMb', label: 'old gen MB', digits: 0 },
  ];
  return {
    name: 'memory',
    tables: [
      {
        title: `Memory with the collector down (ECONNREFUSED), 1,000,000 records, 1000 per event-loop turn, queue 32768 / batch 2048 for both rows; median of ${REPEATS} fresh processes each; young/old gen = V8's committed sizes at the checkpoint with the most RSS`,
        rows: rowsOf('main'),
        columns: [
          { key: 'name', label: 'scenario' },
          { key: 'peak', label: 'peak RSS growth MB', digits: 1 },
          { key: 'range', label: 'min–max', format: (x) => `${x.min.toFixed(1)}–${x.max.toFixed(1)}` },
          { key: 'ratio', label: 'ratio to 64 MB', format: (x) => `${(x.peak / 64).toFixed(2)}x` },
          { key: 'vsRaw', label: 'ratio to raw', format: vsRaw },
          ...rssColumns,
          ...v8Columns,
          { key: 'heap', label: 'live heap +MB (final GC)', digits: 1 },
          { key: 'dropped', label: 'dropped (counted)', digits: 0 },
          { key: 'recordsPerSec', label: 'records/s', digits: 0 },
        ],
      },
      {
        title: `Live heap over time: the same runs with a full GC at every 250,000 records (median of ${PROBE_REPEATS}); the forced GCs also shrink the RSS curve, so these rows are not the target's figure`,
        rows: rowsOf('probe'),
        columns: [
          { key: 'name', label: 'scenario' },
          { key: 'heap250k', label: 'live heap +MB @250k', digits: 1 },
          { key: 'heap500k', label: '@500k', digits: 1 },
          { key: 'heap750k', label: '@750k', digits: 1 },
          { key: 'heap1000k', label: '@1M', digits: 1 },
          { key: 'peak', label: 'peak RSS growth MB (perturbed)', digits: 1 },
        ],
      },
      {
        title: `Diagnostic rows (median of ${DIAGNOSTIC_REPEATS}): where the RSS goes. V8 flags are explanations, not settings mlotel uses or recommends; the queue rows are a real setting, paid for in drops when the collector is up but slow (docs/performance.md, 5)`,
        rows: rowsOf('diag'),
        columns: [
          { key: 'name', label: 'scenario' },
          { key: 'peak', label: 'peak RSS growth MB', digits: 1 },
          { key: 'range', label: 'min–max', format: (x) => `${x.min.toFixed(1)}–${x.max.toFixed(1)}` },
          { key: 'vsRaw', label: 'ratio to raw (defaults)', format: vsRaw },
          ...rssColumns,
          ...v8Columns,
          { key: 'heap', label: 'live heap +MB (final GC)', digits: 1 },
        ],
      },
    ],
    targets: [
      { name: 'RSS growth with the collector down < 64 MB (issue 7)', value: mlotel.peak, limit: 64, unit: ' MB' },
    ],
    notes: [
      `side by side: mlotel ${mlotel.peak.toFixed(1)} MB vs raw sdk-logs with the same queue and exporter ${raw.peak.toFixed(1)} MB: ${vsRaw(mlotel)} (raw alone is ${(raw.peak / 64).toFixed(2)}x the 64 MB target)`,
      `live heap after a final GC: mlotel +${mlotel.heap.toFixed(1)} MB, raw +${raw.heap.toFixed(1)} MB (the queue)`,
      `log calls kept going at ${Math.round(mlotel.recordsPerSec).toLocaleString('en')} records/s with the collector down; mlotel's shutdown() returned after ${mlotel.shutdownMs.toFixed(0)} ms (flushTimeoutMillis 2000)`,
    ],
  };
}

module.exports = { run };

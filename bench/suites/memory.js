'use strict';
// Issue 7, group 5: RSS growth while logging 1,000,000 records with the collector down, which
// must be bounded by the queue (32768 records by default), not by the record count. Each run
// is a fresh process (bench/lib/memoryProducer.js); RSS at every 250,000 records shows whether
// it keeps growing. Target: RSS growth < 64 MB.
const path = require('node:path');
const { median } = require('../lib/harness');
const { runNode } = require('../lib/runNode');

const PRODUCER = path.join(__dirname, '..', 'lib', 'memoryProducer.js');
const COUNT = 1_000_000;
const REPEATS = 3;

async function run() {
  const runs = [];
  for (let r = 0; r < REPEATS; r++) runs.push(await runNode(PRODUCER, { count: COUNT }, ['--expose-gc']));
  const at = (records) => median(runs.map((x) => x.checkpoints.find((c) => c.records === records).rssGrowthMb));
  const row = {
    name: 'collector down, 1,000,000 records',
    peak: median(runs.map((x) => x.peakGrowthMb)),
    min: Math.min(...runs.map((x) => x.peakGrowthMb)),
    max: Math.max(...runs.map((x) => x.peakGrowthMb)),
    at250k: at(250_000),
    at500k: at(500_000),
    at1m: at(1_000_000),
    heap: median(runs.map((x) => x.heapGrowthMb)),
    dropped: median(runs.map((x) => x.stats.dropped)),
    shutdownMs: median(runs.map((x) => x.shutdownMs)),
    recordsPerSec: median(runs.map((x) => COUNT / x.seconds)),
  };
  return {
    name: 'memory',
    tables: [{
      title: `Memory with the collector down (ECONNREFUSED), default queue 32768, 1000 records per event-loop turn, median of ${REPEATS} processes`,
      rows: [row],
      columns: [
        { key: 'name', label: 'scenario' },
        { key: 'peak', label: 'peak RSS growth MB', digits: 1 },
        { key: 'range', label: 'min–max', format: (x) => `${x.min.toFixed(1)}–${x.max.toFixed(1)}` },
        { key: 'ratio', label: 'ratio to 64 MB', format: (x) => `${(x.peak / 64).toFixed(2)}x` },
        { key: 'at250k', label: 'RSS +MB @250k', digits: 1 },
        { key: 'at500k', label: '@500k', digits: 1 },
        { key: 'at1m', label: '@1M', digits: 1 },
        { key: 'heap', label: 'live heap +MB (after GC)', digits: 1 },
        { key: 'dropped', label: 'dropped (counted)', digits: 0 },
        { key: 'shutdownMs', label: 'shutdown() ms', digits: 0 },
      ],
    }],
    targets: [
      { name: 'RSS growth with the collector down < 64 MB', value: row.peak, limit: 64, unit: ' MB' },
    ],
    notes: [`log calls kept going at ${Math.round(row.recordsPerSec).toLocaleString('en')} records/s with the collector down; shutdown() returned after ${row.shutdownMs.toFixed(0)} ms (flushTimeoutMillis 2000)`],
  };
}

module.exports = { run };

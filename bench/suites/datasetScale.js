'use strict';
// Issue 13, point 6: "a 1,000,000-prediction join with 200 features stays within bounded
// memory (report the figure) and shows progress on a terminal". Generates a realistic
// ml-events.jsonl (bench/lib/mlEventsGenerator.js: two servers, 512 records per line, 60% of
// ids labelled, feedback before and after its prediction, duplicates, failures), then runs
// the built CLI on it as a user would (`node packages/cli/bin/mlotel.js dataset --in ...
// --out ...`), once per output format, each run a fresh process on a pseudo-terminal
// (`script`), and reports wall time, rows/s, the kernel's peak RSS, the RSS peak of each pass
// the progress bar showed, the live heap (node --trace-gc) and the output size. Several sizes
// side by side show what the memory grows with: bytes per labelled id = peak RSS (or live
// heap) difference / labelled ids difference. The input takes ~12.3 KB per prediction (12 GB
// at 1,000,000), so the default size, which a full `npm run bench` also runs, is small (about
// a minute). No timing targets: the one check is that each report matches the generated data.
//
// Settings (environment, since run.js takes suite names as arguments):
//   MLOTEL_BENCH_DATASET_N        sizes, comma separated (20000; e.g. 100k,300k,1M)
//   MLOTEL_BENCH_DATASET_FORMATS  output formats (jsonl,csv, plus parquet when the CLI's
//                                 `dataset --help` mentions it)
//   MLOTEL_BENCH_DATASET_DIR      where the input and outputs go (the OS temp dir)
//   MLOTEL_BENCH_DATASET_KEEP=1   keep the generated inputs and reuse them on the next run
//   MLOTEL_BENCH_CLI              the mlotel.js to measure (this checkout's)
//   MLOTEL_BENCH_DATASET_TTY=0    run without a pty (no progress bar)
//   MLOTEL_BENCH_DATASET_TRACE_GC=0  run without node --trace-gc (no live heap figures)
// e.g. MLOTEL_BENCH_DATASET_N=100k,300k,1M node bench/run.js datasetScale
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { generateMlEvents } = require('../lib/mlEventsGenerator');
const { runDataset, hasScript, NO_BAR } = require('../lib/datasetRun');

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.resolve(process.env.MLOTEL_BENCH_CLI ?? path.join(ROOT, 'packages', 'cli', 'bin', 'mlotel.js'));
const BATCH = 512;
const FEATURES = 200;
// Upper estimates per prediction, from a 5,000-prediction run: input 12.3 KB; JSON lines
// output 6.2 KB (and its intermediate rows file as much again while a CSV is written).
const INPUT_BYTES_PER_PREDICTION = 12_600;
const OUTPUT_BYTES_PER_PREDICTION = 2 * 6_400;
const MB = 1024 * 1024;

/** `20000`, `100k`, `1M`, `1_000_000` -> number. */
function parseCount(text) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim().replace(/_/g, ''));
  if (!m) throw new Error(`MLOTEL_BENCH_DATASET_N: not a count: ${JSON.stringify(text)} (e.g. 100k,300k,1M)`);
  const scale = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2]];
  return Math.round(Number(m[1]) * scale);
}

function settings() {
  const sizes = (process.env.MLOTEL_BENCH_DATASET_N ?? '20000').split(',').filter(Boolean).map(parseCount).sort((a, b) => a - b);
  const help = spawnSync(process.execPath, [CLI, 'dataset', '--help'], { encoding: 'utf8' });
  const helpText = `${help.stdout}${help.stderr}`;
  const parquet = /parquet/i.test(helpText);
  const formats = (process.env.MLOTEL_BENCH_DATASET_FORMATS ?? (parquet ? 'jsonl,csv,parquet' : 'jsonl,csv')).split(',').filter(Boolean);
  return {
    sizes,
    formats,
    parquetInHelp: parquet,
    dir: process.env.MLOTEL_BENCH_DATASET_DIR ?? os.tmpdir(),
    keep: process.env.MLOTEL_BENCH_DATASET_KEEP === '1',
    tty: process.env.MLOTEL_BENCH_DATASET_TTY !== '0',
    traceGc: process.env.MLOTEL_BENCH_DATASET_TRACE_GC !== '0',
  };
}

/** Refuses to start a size that cannot fit on the disk (with a 2 GB margin). */
function checkDisk(dir, predictions, inputExists) {
  const { bavail, bsize } = fs.statfsSync(dir);
  const free = bavail * bsize;
  const need = (inputExists ? 0 : predictions * INPUT_BYTES_PER_PREDICTION) + predictions * OUTPUT_BYTES_PER_PREDICTION + 2 * 1024 * MB;
  if (free < need) {
    throw new Error(`datasetScale: ${predictions.toLocaleString('en')} predictions need about ${(need / 1024 / MB).toFixed(1)} GB in ${dir}, ${(free / 1024 / MB).toFixed(1)} GB free; set MLOTEL_BENCH_DATASET_DIR or a smaller MLOTEL_BENCH_DATASET_N`);
  }
}

/** The input for `predictions`, generated (or, with KEEP, reused when its stats match). */
function inputFor(dir, predictions, keep) {
  const file = path.join(dir, `mlotel-bench-ml-events-${predictions}.jsonl`);
  const statsFile = `${file}.stats.json`;
  if (keep) {
    try {
      const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
      if (stats.batch === BATCH && stats.features === FEATURES && fs.statSync(file).size === stats.bytes) return { file, stats, reused: true };
    } catch {
      // not there or not the same: generate it
    }
  }
  checkDisk(dir, predictions, false);
  const start = process.hrtime.bigint();
  const stats = generateMlEvents({ out: file, predictions, batch: BATCH, features: FEATURES });
  stats.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (keep) fs.writeFileSync(statsFile, JSON.stringify(stats));
  return { file, stats, reused: false };
}

/** Report fields that differ from what the generator wrote (only those the CLI reports). */
function mismatches(report, stats) {
  const expected = { rows: stats.distinctIds, labelled: stats.labelledIds, failed: stats.failedIds, duplicates: stats.duplicateRecords };
  return Object.entries(expected)
    .filter(([key, value]) => key in report && report[key] !== value)
    .map(([key, value]) => `${key} ${report[key]} (expected ${value})`);
}

/** At most `points` samples, evenly spread, as [seconds, MB, pass]. */
function downsample(samples, points) {
  const step = Math.max(1, Math.ceil(samples.length / points));
  return samples.filter((_, i) => i % step === 0 || i === samples.length - 1).map((s) => [Number((s.ms / 1000).toFixed(1)), Math.round(s.rssKb / 1024), s.pass]);
}

async function run() {
  const config = settings();
  fs.mkdirSync(config.dir, { recursive: true });
  const ttyUsed = config.tty && hasScript();
  const rows = [];
  for (const predictions of config.sizes) {
    const input = inputFor(config.dir, predictions, config.keep);
    console.log(`  datasetScale: ${predictions.toLocaleString('en')} predictions: ${(input.stats.bytes / 1024 / MB).toFixed(2)} GB, ${input.stats.lines} lines, ${input.reused ? 'reused' : `generated in ${input.stats.seconds.toFixed(1)} s`}`);
    try {
      for (const format of config.formats) {
        checkDisk(config.dir, predictions, true);
        const out = path.join(config.dir, `mlotel-bench-dataset-${predictions}.${format}`);
        const result = await runDataset({ cli: CLI, input: input.file, out, tty: ttyUsed, traceGc: config.traceGc, cwd: ROOT });
        fs.rmSync(out, { force: true });
        const wrong = result.exitCode === 0 ? mismatches(result.report, input.stats) : [`exit ${result.exitCode}: ${result.output.trim().split('\n').slice(-3).join(' / ')}`];
        const rowsWritten = result.report.rows ?? 0;
        const row = {
          name: `${predictions.toLocaleString('en')} ${format}`,
          predictions,
          format,
          inputGb: input.stats.bytes / 1024 / MB,
          generateS: input.reused ? null : input.stats.seconds,
          labelledIds: input.stats.labelledIds,
          wallS: result.wallMs / 1000,
          cpuS: result.cpuMs === undefined ? null : result.cpuMs / 1000,
          rowsPerS: rowsWritten / (result.wallMs / 1000),
          peakRssMb: result.peakRssKb / 1024,
          // The largest heap a full GC left (an upper bound of the live heap) and V8's committed heap.
          liveHeapMb: result.liveHeapMb ? Math.max(0, ...Object.values(result.liveHeapMb)) : null,
          heapCommittedMb: result.heapCommittedMb ?? null,
          passes: result.passes.map((p) => ({ name: p.name, maxPercent: p.maxPercent, redraws: p.redraws, firstS: p.firstMs / 1000, lastS: p.lastMs / 1000, peakRssMb: p.peakRssKb / 1024, liveHeapMb: result.liveHeapMb?.[p.name] ?? null })),
          silentTailS: result.silentTailMs === undefined ? null : result.silentTailMs / 1000,
          noBarPeakRssMb: result.noBarPeakRssKb / 1024,
          noBarLiveHeapMb: result.liveHeapMb?.[NO_BAR] ?? null,
          outMb: result.outBytes / MB,
          report: result.report,
          check: wrong.length === 0 ? 'ok' : wrong.join('; '),
          rssSeries: downsample(result.samples, 80),
        };
        rows.push(row);
        console.log(`  datasetScale: ${row.name}: ${row.wallS.toFixed(1)} s, peak RSS ${row.peakRssMb.toFixed(0)} MB, ${row.check}`);
      }
    } finally {
      if (!config.keep) fs.rmSync(input.file, { force: true });
    }
  }

  // Growth between consecutive sizes of the same format: what the memory grows with.
  const growth = [];
  for (const format of config.formats) {
    const ofFormat = rows.filter((r) => r.format === format && r.check === 'ok');
    for (let i = 1; i < ofFormat.length; i++) {
      const a = ofFormat[i - 1];
      const b = ofFormat[i];
      const deltaBytes = (b.peakRssMb - a.peakRssMb) * MB;
      const liveBytes = a.liveHeapMb === null || b.liveHeapMb === null ? null : (b.liveHeapMb - a.liveHeapMb) * MB;
      growth.push({
        name: `${format} ${a.predictions.toLocaleString('en')} -> ${b.predictions.toLocaleString('en')}`,
        deltaMb: b.peakRssMb - a.peakRssMb,
        perLabelled: deltaBytes / (b.labelledIds - a.labelledIds),
        perPrediction: deltaBytes / (b.predictions - a.predictions),
        liveDeltaMb: liveBytes === null ? null : liveBytes / MB,
        livePerLabelled: liveBytes === null ? null : liveBytes / (b.labelledIds - a.labelledIds),
      });
    }
  }

  const live = (mb) => (mb === null || mb === undefined ? '' : `, live ${mb.toFixed(0)}`);
  const passText = (r) => r.passes.map((p) => `${p.name} ${p.maxPercent}% (${p.redraws}x, RSS ${p.peakRssMb.toFixed(0)}${live(p.liveHeapMb)} MB)`).join(' | ') || (ttyUsed ? 'NO PROGRESS SHOWN' : 'no pty');
  // Time between the last redraw and the exit: over a second means a pass ran without a bar.
  const tailText = (r) => (r.silentTailS === null ? '' : r.silentTailS < 1 ? `${r.silentTailS.toFixed(1)} s` : `${r.silentTailS.toFixed(1)} s NO BAR (RSS ${r.noBarPeakRssMb.toFixed(0)}${live(r.noBarLiveHeapMb)} MB)`);
  const failures = rows.filter((r) => r.check !== 'ok').length;
  return {
    name: 'datasetScale',
    tables: [
      {
        title: `mlotel dataset (${path.relative(ROOT, CLI).startsWith('..') ? CLI : path.relative(ROOT, CLI)}), ${FEATURES}-feature predictions, ${BATCH} records per line, 60% of ids labelled; one fresh process per row${ttyUsed ? ', on a pty' : ''}; peak RSS = the kernel's ru_maxrss of the CLI process`,
        rows,
        columns: [
          { key: 'name', label: 'predictions, format' },
          { key: 'inputGb', label: 'input GB', digits: 2 },
          { key: 'gen', label: 'generated s', format: (r) => (r.generateS === null ? 'reused' : r.generateS.toFixed(1)) },
          { key: 'wallS', label: 'wall s', digits: 1 },
          { key: 'cpuS', label: 'CPU s', digits: 1 },
          { key: 'rowsPerS', label: 'rows/s', digits: 0 },
          { key: 'peakRssMb', label: 'peak RSS MB', digits: 0 },
          { key: 'liveHeapMb', label: 'live heap MB (max after full GC)', digits: 0 },
          { key: 'heapCommittedMb', label: 'V8 heap committed MB', digits: 0 },
          { key: 'outMb', label: 'output MB', digits: 0 },
          { key: 'check', label: 'report vs generated' },
        ],
      },
      {
        title: 'Progress bar on the pty: each pass it showed, its highest %, redraws, and the highest RSS sampled (every 100 ms) while it showed; then how long the process ran after the last redraw (a pass with no bar, when over a second)',
        rows,
        columns: [
          { key: 'name', label: 'predictions, format' },
          { key: 'passes', label: 'passes shown: name, highest %, redraws, peak RSS, live heap', format: passText },
          { key: 'silentTailS', label: 'last redraw to exit', format: tailText },
        ],
      },
      ...(growth.length > 0
        ? [{
            title: 'Growth between sizes (same format): peak RSS and live heap per labelled id (60% of predictions) and per prediction',
            rows: growth,
            columns: [
              { key: 'name', label: 'sizes' },
              { key: 'deltaMb', label: 'peak RSS +MB', digits: 1 },
              { key: 'perLabelled', label: 'B per labelled id', digits: 0 },
              { key: 'perPrediction', label: 'B per prediction', digits: 0 },
              { key: 'liveDeltaMb', label: 'live heap +MB', format: (g) => (g.liveDeltaMb === null ? '' : g.liveDeltaMb.toFixed(1)) },
              { key: 'livePerLabelled', label: 'live B per labelled id', format: (g) => (g.livePerLabelled === null ? '' : g.livePerLabelled.toFixed(0)) },
            ],
          }]
        : []),
    ],
    targets: [{ name: 'runs whose report disagrees with the generated data (rows, labelled, failed, duplicates) or that failed', value: failures, limit: 0, unit: ' runs' }],
    notes: [
      `sizes ${config.sizes.join(', ')}; formats ${config.formats.join(', ')}${config.parquetInHelp ? '' : ' (the CLI\'s help does not mention parquet)'}; inputs in ${config.dir}${config.keep ? ' (kept)' : ' (removed after)'}`,
      `load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs: wall times on a shared box are order-of-magnitude figures; peak RSS is the figure to read`,
    ],
  };
}

module.exports = { run };

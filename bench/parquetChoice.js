'use strict';
// Which npm Parquet writer `mlotel dataset --format parquet` uses, decided on figures:
//
//   node bench/parquetChoice.js                 # 100,000 rows, 5 interleaved rounds
//   node bench/parquetChoice.js --rows 20000 --rounds 3
//   node bench/parquetChoice.js --compat        # each candidate on Node 20, 22 and 24
//   node bench/parquetChoice.js --scale         # mlotel's writer, 1,000,000 rows, default row groups
//
// Each candidate writes the same rows (a dataset-shaped table: 200 DOUBLE features, some
// with nulls, plus string, timestamp, int64 and boolean columns with nulls) from row
// objects, the way the dataset command hands them over, flushing a row group every
// 10,000 rows. Every run is its own node process (peak RSS is the process's, JIT state
// is not shared); rounds interleave the candidates so a noisy neighbour hits all of them.
// Reported: median write time, median peak RSS, file size, and the installed size of
// the candidate's packages (all of node_modules from a clean install). Each file is read
// back with hyparquet (a reader none of the other writers share) and its first and
// last rows compared with the generated ones, so a fast writer of wrong files shows up.
//
// With packages/cli built (npm run build), mlotel's own writer (openParquetWriter, on
// hyparquet-writer) runs as one more entry, for the cost of its typed column buffers.
//
// Candidates are installed on first use into $MLOTEL_BENCH_CACHE (default
// ~/.cache/mlotel-bench), outside the repo, at the versions pinned below.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

const CANDIDATES = {
  'hyparquet-writer': ['hyparquet-writer@0.17.0'],
  'parquet-wasm': ['parquet-wasm@0.8.0', 'apache-arrow@21.2.0'],
  '@dsnp/parquetjs': ['@dsnp/parquetjs@1.8.9'],
};
/** Generates the rows and drops them: the cost every candidate pays before writing. */
const BASELINE = 'rows only (no writer)';
/** mlotel's writer from the built CLI package. */
const MLOTEL = 'mlotel openParquetWriter';
const MLOTEL_WRITER = path.join(__dirname, '..', 'packages', 'cli', 'dist', 'cjs', 'dataset', 'parquetWriter.js');
const ROW_GROUP_ROWS = 10_000;
const FEATURES = 200;
const CACHE = process.env.MLOTEL_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'mlotel-bench');

// ---- the table ------------------------------------------------------------------------

/** Column list in the dataset's order; `type` is the mlotel ColumnType. */
function columns() {
  const cols = [
    { name: 'prediction_id', type: 'string' },
    { name: 'prediction_time', type: 'timestamp' },
    { name: 'feedback_time', type: 'timestamp' },
    { name: 'label_delay_ms', type: 'int64' },
    { name: 'model_version', type: 'string' },
  ];
  for (let f = 0; f < FEATURES; f++) cols.push({ name: `input.f${f}`, type: 'double' });
  cols.push({ name: 'actual', type: 'boolean' }, { name: 'error', type: 'string' });
  return cols;
}

/** Deterministic rows (mulberry32), generated one at a time so no candidate holds them all. */
function* rows(count) {
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const predictionMs = start + i * 1000;
    const labelled = random() < 0.6;
    const delay = Math.floor(random() * 3_600_000);
    const row = {
      prediction_id: `p-${i.toString(36)}-${Math.floor(random() * 1e9).toString(16)}`,
      prediction_time: new Date(predictionMs).toISOString(),
      feedback_time: labelled ? new Date(predictionMs + delay).toISOString() : null,
      label_delay_ms: labelled ? delay : null,
      model_version: ['v1', 'v2', 'v3'][i % 3],
    };
    for (let f = 0; f < FEATURES; f++) {
      // every tenth feature is missing in ~5% of rows, as sparse inputs are
      row[`input.f${f}`] = f % 10 === 9 && random() < 0.05 ? null : random() * 100 - 50;
    }
    row.actual = labelled ? random() < 0.5 : null;
    row.error = random() < 0.03 ? 'TimeoutError' : null;
    yield row;
  }
}

const toMillis = (v) => (v === null || v === undefined ? null : typeof v === 'number' ? v : Date.parse(v));

// ---- one adapter per candidate: row objects in, a file out, a row group per ROW_GROUP_ROWS ----

/** Buffers rows as column arrays and hands each full group to `flush(arrays, n)`. */
function columnBuffer(cols, flush) {
  let arrays = cols.map(() => []);
  let n = 0;
  return {
    async add(row) {
      for (let c = 0; c < cols.length; c++) {
        const { name, type } = cols[c];
        const v = row[name];
        arrays[c].push(type === 'timestamp' ? toMillis(v) : v ?? null);
      }
      if (++n === ROW_GROUP_ROWS) await this.flush();
    },
    async flush() {
      if (n === 0) return;
      const full = arrays;
      const count = n;
      arrays = cols.map(() => []);
      n = 0;
      await flush(full, count);
    },
  };
}

const adapters = {
  async 'hyparquet-writer'(load, file, cols, source) {
    const { ParquetWriter, ByteWriter } = await load.import('hyparquet-writer');
    const basic = { double: 'DOUBLE', int64: 'INT64', boolean: 'BOOLEAN', string: 'BYTE_ARRAY', timestamp: 'INT64' };
    const schema = [{ name: 'root', num_children: cols.length }];
    for (const { name, type } of cols) {
      const element = { name, type: basic[type], repetition_type: 'OPTIONAL' };
      if (type === 'string') Object.assign(element, { converted_type: 'UTF8', logical_type: { type: 'STRING' } });
      if (type === 'timestamp') Object.assign(element, { converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } });
      schema.push(element);
    }
    const fd = fs.openSync(file, 'w');
    const writer = new ByteWriter();
    writer.flush = () => {
      fs.writeSync(fd, new Uint8Array(writer.buffer, 0, writer.index));
      writer.index = 0;
    };
    writer.finish = writer.flush;
    const pw = new ParquetWriter({ writer, schema, kvMetadata: [{ key: 'mlotel.schema_version', value: '2' }] });
    const buffer = columnBuffer(cols, async (arrays, count) => {
      const columnData = cols.map((c, i) => ({
        name: c.name,
        data: c.type === 'int64' ? arrays[i].map((v) => (v === null ? null : BigInt(v))) : arrays[i],
      }));
      await pw.write({ columnData, rowGroupSize: count });
    });
    for (const row of source) await buffer.add(row);
    await buffer.flush();
    await pw.finish();
    fs.closeSync(fd);
  },

  async 'parquet-wasm'(load, file, cols, source) {
    const arrow = load.require('apache-arrow');
    const pq = load.require('parquet-wasm');
    const { Writable } = require('node:stream');
    const types = {
      double: () => new arrow.Float64(),
      int64: () => new arrow.Int64(),
      boolean: () => new arrow.Bool(),
      string: () => new arrow.Utf8(),
      timestamp: () => new arrow.TimestampMillisecond('UTC'),
    };
    const props = new pq.WriterPropertiesBuilder()
      .setCompression(pq.Compression.SNAPPY)
      .setMaxRowGroupSize(ROW_GROUP_ROWS)
      .setKeyValueMetadata(new Map([['mlotel.schema_version', '2']]))
      .build();
    // transformParquetStream pulls record batches (so the row source is read only as fast
    // as the writer goes) and streams the file's bytes out; the batches come from arrow JS
    // through an IPC round trip into wasm memory.
    function* batches() {
      let arrays = cols.map(() => []);
      let n = 0;
      const group = () => {
        const vectors = {};
        cols.forEach((c, i) => {
          const data = c.type === 'int64' ? arrays[i].map((v) => (v === null ? null : BigInt(v))) : arrays[i];
          vectors[c.name] = arrow.vectorFromArray(data, types[c.type]());
        });
        arrays = cols.map(() => []);
        n = 0;
        return pq.Table.fromIPCStream(arrow.tableToIPC(new arrow.Table(vectors), 'stream')).recordBatches();
      };
      for (const row of source) {
        cols.forEach((c, i) => arrays[i].push(c.type === 'timestamp' ? toMillis(row[c.name]) : row[c.name] ?? null));
        if (++n === ROW_GROUP_ROWS) yield* group();
      }
      if (n > 0) yield* group();
    }
    const bytes = await pq.transformParquetStream(ReadableStream.from(batches()), props);
    await bytes.pipeTo(Writable.toWeb(fs.createWriteStream(file)));
  },

  async [MLOTEL](_load, file, cols, source, rowGroupRows = ROW_GROUP_ROWS) {
    const { openParquetWriter } = require(MLOTEL_WRITER);
    const out = await openParquetWriter(file, cols, { metadata: { 'mlotel.schema_version': '2' }, rowGroupRows });
    for (const row of source) {
      const pending = out.write(row);
      if (pending) await pending;
    }
    await out.close();
  },

  async '@dsnp/parquetjs'(load, file, cols, source) {
    const { ParquetSchema, ParquetWriter } = load.require('@dsnp/parquetjs');
    const kinds = { double: 'DOUBLE', int64: 'INT64', boolean: 'BOOLEAN', string: 'UTF8', timestamp: 'TIMESTAMP_MILLIS' };
    const fields = {};
    for (const { name, type } of cols) fields[name] = { type: kinds[type], optional: true, compression: 'SNAPPY' };
    const writer = await ParquetWriter.openFile(new ParquetSchema(fields), file, { rowGroupSize: ROW_GROUP_ROWS });
    writer.setMetadata('mlotel.schema_version', '2');
    for (const row of source) {
      const out = {};
      for (const { name, type } of cols) {
        const v = row[name];
        if (v === null || v === undefined) continue;
        out[name] = type === 'timestamp' ? new Date(toMillis(v)) : v;
      }
      await writer.appendRow(out);
    }
    await writer.close();
  },
};

// ---- installing and loading candidates ----------------------------------------------------

function candidateDir(name) {
  return path.join(CACHE, name.replace(/[@/]/g, '_'));
}

function ensureInstalled(name) {
  const dir = candidateDir(name);
  const marker = path.join(dir, 'installed.json');
  const wanted = CANDIDATES[name];
  if (fs.existsSync(marker) && JSON.parse(fs.readFileSync(marker, 'utf8')).join() === wanted.join()) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  // --engine-strict=false: a candidate whose engines field excludes this Node still gets measured
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false', ...wanted], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(marker, JSON.stringify(wanted));
  return dir;
}

function loader(dir) {
  const req = createRequire(path.join(dir, 'package.json'));
  return {
    require: req,
    import: (id) => import(pathToFileURL(req.resolve(id)).href),
  };
}

/** Bytes of every file under node_modules (apparent size) and how many packages it holds. */
function installSize(dir) {
  let bytes = 0;
  let packages = 0;
  const walk = (p) => {
    for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
      const full = path.join(p, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        bytes += fs.statSync(full).size;
        if (entry.name === 'package.json' && path.basename(path.dirname(path.dirname(full))).match(/^(node_modules|@.*)$/)) packages++;
      }
    }
  };
  walk(path.join(dir, 'node_modules'));
  return { bytes, packages };
}

// ---- one measured run (child process) ----------------------------------------------------

async function child(name, file, count, defaultRowGroups) {
  const cols = columns();
  const started = process.hrtime.bigint();
  if (name === BASELINE) {
    let sink = 0;
    for (const row of rows(count)) sink += row['input.f0'] ?? 0;
    void sink;
  } else if (name === MLOTEL) {
    await adapters[name](null, file, cols, rows(count), defaultRowGroups ? undefined : ROW_GROUP_ROWS);
  } else {
    await adapters[name](loader(candidateDir(name)), file, cols, rows(count));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const bytes = name === BASELINE ? 0 : fs.statSync(file).size;
  process.stdout.write(`${JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, bytes })}\n`);
}

function runChild(nodeBin, name, file, count, defaultRowGroups = false) {
  const args = [__filename, '--child', name, file, String(count), ...(defaultRowGroups ? ['--default-row-groups'] : [])];
  const r = spawnSync(nodeBin, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' | ') };
  const last = r.stdout.trim().split('\n').pop();
  if (!last) return { error: 'exited 0 without writing a result (the event loop ran dry: a stream never finished?)' };
  return JSON.parse(last);
}

// ---- reading back with hyparquet ----------------------------------------------------------

async function verify(file, count) {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await loader(candidateDir('hyparquet-writer')).import('hyparquet');
  const arrayBuffer = await asyncBufferFromFile(file); // read by ranges: files here reach GBs
  const meta = await parquetMetadataAsync(arrayBuffer);
  if (Number(meta.num_rows) !== count) return `num_rows ${meta.num_rows}, expected ${count}`;
  const kv = (meta.key_value_metadata ?? []).find((e) => e.key === 'mlotel.schema_version');
  if (kv?.value !== '2') return 'no mlotel.schema_version=2 metadata';
  const want = [];
  let i = 0;
  for (const row of rows(count)) if (i++ < 20 || i > count - 20) want.push(row);
  const got = [
    ...(await parquetReadObjects({ file: arrayBuffer, rowStart: 0, rowEnd: 20 })),
    ...(await parquetReadObjects({ file: arrayBuffer, rowStart: count - 20, rowEnd: count })),
  ];
  for (let i = 0; i < want.length; i++) {
    for (const { name, type } of columns()) {
      let g = got[i][name];
      const w = want[i][name];
      if (g instanceof Date) g = g.toISOString();
      if (typeof g === 'bigint') g = Number(g);
      if (type === 'timestamp' && typeof g === 'number') g = new Date(g).toISOString();
      if ((g ?? null) !== w) return `row ${i < 20 ? i : count - 40 + i} ${name}: got ${String(g)}, wrote ${String(w)}`;
    }
  }
  return 'ok';
}

// ---- the parent -----------------------------------------------------------------------------

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;

async function compare(count, rounds) {
  const names = Object.keys(CANDIDATES);
  const sizes = {};
  for (const name of names) sizes[name] = installSize(ensureInstalled(name));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlotel-parquet-bench-'));
  const order = [BASELINE, ...names, ...(fs.existsSync(MLOTEL_WRITER) ? [MLOTEL] : [])];
  const runs = Object.fromEntries(order.map((n) => [n, []]));
  console.log(`parquet writers: ${count.toLocaleString('en')} rows x ${columns().length} columns, row groups of ${ROW_GROUP_ROWS.toLocaleString('en')}, ${rounds} interleaved rounds, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (let round = 0; round < rounds; round++) {
    const rotated = order.slice(round % order.length).concat(order.slice(0, round % order.length));
    for (const name of rotated) {
      const r = runChild(process.execPath, name, path.join(tmp, `${name.replace(/[@/]/g, '_')}.parquet`), count);
      runs[name].push(r);
      if (r.error) console.log(`  ${name}: FAILED ${r.error}`);
    }
  }
  const table = [];
  for (const name of order) {
    const ok = runs[name].filter((r) => !r.error);
    if (ok.length === 0) {
      table.push({ candidate: name, note: 'failed' });
      continue;
    }
    const file = path.join(tmp, `${name.replace(/[@/]/g, '_')}.parquet`);
    const packages = CANDIDATES[name] ?? CANDIDATES['hyparquet-writer'];
    table.push({
      candidate: name === BASELINE ? name : `${name} (${packages.map((p) => p.replace(/^(@?[^@]+)@/, '$1 ')).join(' + ')})`,
      'write s (median)': (median(ok.map((r) => r.ms)) / 1000).toFixed(2),
      'min-max s': `${(Math.min(...ok.map((r) => r.ms)) / 1000).toFixed(2)}-${(Math.max(...ok.map((r) => r.ms)) / 1000).toFixed(2)}`,
      'peak RSS': mib(median(ok.map((r) => r.maxRssKiB)) * 1024),
      file: name === BASELINE ? '' : mib(ok[0].bytes),
      installed: name === BASELINE ? '' : name === MLOTEL ? 'as hyparquet-writer' : `${mib(sizes[name].bytes)}, ${sizes[name].packages} pkgs`,
      'read back (hyparquet)': name === BASELINE ? '' : await verify(file, count).catch((e) => `unreadable: ${e.message}`),
    });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  printTable(table);
}

function printTable(table) {
  const heads = [...new Set(table.flatMap((r) => Object.keys(r)))];
  const widths = heads.map((h) => Math.max(h.length, ...table.map((r) => String(r[h] ?? '').length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join(' | ')} |`;
  console.log(line(heads));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of table) console.log(line(heads.map((h) => r[h])));
}

async function compat(count) {
  const { nodeBinDir } = await import(pathToFileURL(path.join(__dirname, '..', 'test', 'compat', 'nodeBinaries.mjs')).href);
  const names = [...Object.keys(CANDIDATES), ...(fs.existsSync(MLOTEL_WRITER) ? [MLOTEL] : [])];
  for (const name of Object.keys(CANDIDATES)) ensureInstalled(name);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlotel-parquet-compat-'));
  const table = [];
  for (const major of [20, 22, 24]) {
    const nodeBin = path.join(nodeBinDir(major), 'node');
    const version = execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim();
    for (const name of names) {
      const file = path.join(tmp, `${major}-${name.replace(/[@/]/g, '_')}.parquet`);
      const r = runChild(nodeBin, name, file, count);
      table.push({ node: version, candidate: name, result: r.error ? `FAILED ${r.error.slice(0, 160)}` : await verify(file, count) });
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  printTable(table);
}

/** mlotel's writer at scale: peak RSS with the default row groups, next to making the rows alone. */
async function scale(count) {
  if (!fs.existsSync(MLOTEL_WRITER)) throw new Error(`${MLOTEL_WRITER} is missing: npm run build first`);
  ensureInstalled('hyparquet-writer');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlotel-parquet-scale-'));
  const file = path.join(tmp, 'scale.parquet');
  const { defaultRowGroupRows } = require(MLOTEL_WRITER);
  console.log(`mlotel parquet writer at scale: ${count.toLocaleString('en')} rows x ${columns().length} columns, default row groups (${defaultRowGroupRows(columns().length).toLocaleString('en')} rows), node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const table = [];
  for (const name of [BASELINE, MLOTEL]) {
    const r = runChild(process.execPath, name, file, count, true);
    if (r.error) throw new Error(`${name}: ${r.error}`);
    table.push({
      run: name,
      's': (r.ms / 1000).toFixed(1),
      'peak RSS': mib(r.maxRssKiB * 1024),
      file: name === BASELINE ? '' : mib(r.bytes),
      'read back (hyparquet)': name === BASELINE ? '' : await verify(file, count).catch((e) => `unreadable: ${e.message}`),
    });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  printTable(table);
}

async function main(argv) {
  if (argv[0] === '--child') return child(argv[1], argv[2], Number(argv[3]), argv[4] === '--default-row-groups');
  const option = (flag, fallback) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  if (argv.includes('--compat')) return compat(option('--rows', 2000));
  if (argv.includes('--scale')) return scale(option('--rows', 1_000_000));
  return compare(option('--rows', 100_000), option('--rounds', 5));
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

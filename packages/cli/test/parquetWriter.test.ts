/**
 * openParquetWriter(): files written with hyparquet-writer and read back by independent
 * readers, every value compared: parquet-wasm (Rust arrow-rs, through apache-arrow) here, and
 * pyarrow (Arrow C++) in a python3 child process when it is installed. Also: row groups
 * flushed as rows arrive, values a column cannot hold, and write errors from a real full
 * disk and an unwritable path.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import * as parquetWasm from 'parquet-wasm';
import { defaultRowGroupRows, openParquetWriter, ParquetValueError, type ColumnSpec, type ParquetRowWriter } from '../src/dataset/parquetWriter';
import { mountTmpfs, unmountTmpfs } from './support/tmpfs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlotel-parquet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeRows(path: string, columns: ColumnSpec[], rows: Array<Record<string, unknown>>, rowGroupRows?: number): Promise<void> {
  const out = await openParquetWriter(path, columns, { metadata: { 'mlotel.schema_version': '2' }, rowGroupRows });
  for (const row of rows) await out.write(row);
  await out.close();
}

/** The file as arrow-rs reads it: each column's Arrow type, every value, the metadata. */
async function readWithArrowRs(path: string) {
  const bytes = new Uint8Array(readFileSync(path));
  const table = arrow.tableFromIPC(parquetWasm.readParquet(bytes).intoIPCStream());
  const meta = (await parquetWasm.ParquetFile.fromFile(new Blob([bytes]))).metadata();
  return {
    types: Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)])),
    columns: table.schema.fields.map((f) => f.name),
    rows: Array.from({ length: table.numRows }, (_, i) =>
      Object.fromEntries(table.schema.fields.map((f) => [f.name, table.getChild(f.name)!.get(i) as unknown])),
    ),
    metadata: Object.fromEntries(meta.fileMetadata().keyValueMetadata()),
    rowGroups: meta.rowGroups().map((g) => g.numRows()),
  };
}

// Every type with its awkward values. Expected values are what a reader gives back:
// numbers for DOUBLE, bigints for INT64, epoch ms for timestamps, text for strings.
const COLUMNS: ColumnSpec[] = [
  { name: 'prediction_id', type: 'string' },
  { name: 'prediction_time', type: 'timestamp' },
  { name: 'input.x', type: 'double' },
  { name: 'count', type: 'int64' },
  { name: 'actual', type: 'boolean' },
  { name: 'output', type: 'string' },
];
const T = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const CASES: Array<{ row: Record<string, unknown>; expected: Record<string, unknown> }> = [
  { row: { prediction_id: 'p0', prediction_time: '2026-01-02T03:04:05.678Z', 'input.x': 1.5, count: 0, actual: true, output: 'plain' }, expected: { prediction_time: T, 'input.x': 1.5, count: 0n, output: 'plain' } },
  { row: { prediction_id: 'p1', prediction_time: T, 'input.x': NaN, count: -1, actual: false, output: '' }, expected: { prediction_time: T, 'input.x': NaN, count: -1n, output: '' } },
  { row: { prediction_id: 'p2', prediction_time: new Date(T), 'input.x': Infinity, count: Number.MAX_SAFE_INTEGER, actual: null, output: 'ünïcödé 日本語 🎉 \u0000 "q"\n' }, expected: { prediction_time: T, 'input.x': Infinity, count: 9007199254740991n, output: 'ünïcödé 日本語 🎉 \u0000 "q"\n' } },
  { row: { prediction_id: 'p3', prediction_time: '2026-01-02T04:04:05.678+01:00', 'input.x': -Infinity, count: -Number.MAX_SAFE_INTEGER, output: { label: 'cat', p: [0.1, 0.9] } }, expected: { prediction_time: T, 'input.x': -Infinity, count: -9007199254740991n, output: '{"label":"cat","p":[0.1,0.9]}' } },
  { row: { prediction_id: 'p4', prediction_time: 0, 'input.x': -0, count: 2n ** 63n - 1n, actual: true, output: 42 }, expected: { prediction_time: 0, 'input.x': -0, count: 2n ** 63n - 1n, output: '42' } },
  { row: { prediction_id: 'p5', prediction_time: '1969-12-31T23:59:59.999Z', 'input.x': 1.7976931348623157e308, count: -(2n ** 63n), actual: false, output: [1, 'a', null] }, expected: { prediction_time: -1, 'input.x': 1.7976931348623157e308, count: -(2n ** 63n), output: '[1,"a",null]' } },
  { row: { prediction_id: 'p6', prediction_time: T + 0.9, 'input.x': 5e-324, count: 3, actual: true, output: true }, expected: { prediction_time: T, 'input.x': 5e-324, count: 3n, output: 'true' } },
  { row: { prediction_id: null, prediction_time: null, 'input.x': null, count: null, actual: null, output: null }, expected: {} },
  { row: {}, expected: {} },
  { row: { prediction_id: 'p9', prediction_time: T, 'input.x': 0.1 + 0.2, count: 12345678901, actual: false, output: NaN, unknown_column: 'ignored' }, expected: { prediction_time: T, 'input.x': 0.30000000000000004, count: 12345678901n, output: 'NaN' } },
];
const EXPECTED_ROWS = CASES.map(({ row, expected }) => ({
  prediction_id: row.prediction_id ?? null,
  prediction_time: null,
  'input.x': null,
  count: null,
  actual: row.actual ?? null,
  output: null,
  ...expected,
}));

describe('openParquetWriter() read back by arrow-rs (parquet-wasm)', () => {
  let path: string;
  beforeAll(async () => {
    path = join(dir, 'types.parquet');
    await writeRows(path, COLUMNS, CASES.map((c) => c.row), 4);
  });

  it('stores each column type as its Arrow type: DOUBLE, INT64, BOOLEAN, UTF8, TIMESTAMP(ms, UTC)', async () => {
    expect((await readWithArrowRs(path)).types).toEqual({
      prediction_id: 'Utf8',
      prediction_time: 'Timestamp<MILLISECOND, UTC>',
      'input.x': 'Float64',
      count: 'Int64',
      actual: 'Bool',
      output: 'Utf8',
    });
  });

  it('gives back every value: nulls, unicode, 64-bit ints, NaN and ±Infinity, -0, timestamps', async () => {
    const { rows, columns } = await readWithArrowRs(path);
    expect(columns).toEqual(COLUMNS.map((c) => c.name));
    expect(rows).toHaveLength(CASES.length);
    rows.forEach((row, i) => {
      for (const [name, value] of Object.entries(EXPECTED_ROWS[i]!)) {
        // Object.is tells NaN and -0 apart, which toEqual on numbers would not all do
        expect({ row: i, name, same: Object.is(row[name], value) ? true : row[name] }).toEqual({ row: i, name, same: true });
      }
    });
  });

  it('flushes a row group every rowGroupRows rows and carries the key-value metadata', async () => {
    const { rowGroups, metadata } = await readWithArrowRs(path);
    expect(rowGroups).toEqual([4, 4, 2]);
    expect(metadata).toEqual({ 'mlotel.schema_version': '2' });
  });

  it('round-trips a 2,500-row table of random values and nulls across row groups', async () => {
    const columns: ColumnSpec[] = [
      { name: 'd', type: 'double' },
      { name: 'i', type: 'int64' },
      { name: 'b', type: 'boolean' },
      { name: 's', type: 'string' },
      { name: 't', type: 'timestamp' },
    ];
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const rows = Array.from({ length: 2500 }, (_, n) => {
      const maybe = <V>(v: V): V | null => (random() < 0.1 ? null : v);
      return {
        d: maybe((random() - 0.5) * 1e6),
        i: maybe(Math.floor((random() - 0.5) * 2 ** 53)),
        b: maybe(random() < 0.5),
        s: maybe(`s${n % 37}-${'é'.repeat(n % 5)}`),
        t: maybe(Math.floor(random() * 4e12)),
      };
    });
    const path2 = join(dir, 'random.parquet');
    await writeRows(path2, columns, rows, 1000);
    const back = await readWithArrowRs(path2);
    expect(back.rowGroups).toEqual([1000, 1000, 500]);
    expect(back.rows).toEqual(rows.map((r) => ({ ...r, i: r.i === null ? null : BigInt(r.i) })));
  });

  it('writes a valid file with the schema and no rows when closed without rows', async () => {
    const path0 = join(dir, 'empty.parquet');
    await writeRows(path0, COLUMNS, []);
    const back = await readWithArrowRs(path0);
    expect({ rows: back.rows.length, columns: back.columns, metadata: back.metadata }).toEqual({
      rows: 0,
      columns: COLUMNS.map((c) => c.name),
      metadata: { 'mlotel.schema_version': '2' },
    });
  });
});

// ---- pyarrow --------------------------------------------------------------------------

const PYARROW_READER = String.raw`
import json, math, sys
import pyarrow as pa, pyarrow.parquet as pq
f = pq.ParquetFile(sys.argv[1])
table = f.read()
def cell(v):
    if isinstance(v, float) and not math.isfinite(v): return repr(v)
    if isinstance(v, int) and not isinstance(v, bool): return str(v)
    return v
columns = {}
for name in table.column_names:
    col = table.column(name)
    if pa.types.is_timestamp(col.type): col = col.cast(pa.int64())
    columns[name] = [cell(v) for v in col.to_pylist()]
rows = [{name: columns[name][i] for name in table.column_names} for i in range(table.num_rows)]
schema = [{'name': c.name, 'physical': c.physical_type, 'logical': str(c.logical_type), 'converted': c.converted_type,
           'optional': c.max_definition_level == 1, 'arrow': str(table.schema.field(c.name).type)}
          for c in (f.schema.column(i) for i in range(len(f.schema)))]
# statistics, which readers filter row groups on, must hold every value of their row group
bad_stats = []
for g in range(f.metadata.num_row_groups):
    part = f.read_row_group(g)
    for i, name in enumerate(part.column_names):
        st = f.metadata.row_group(g).column(i).statistics
        if st is None: continue
        values = part.column(name).to_pylist()
        present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
        if st.has_null_count and st.null_count != values.count(None): bad_stats.append([g, name, 'null_count'])
        if st.has_min_max and present and not all(st.min <= v <= st.max for v in present): bad_stats.append([g, name, 'min/max'])
meta = {k.decode(): v.decode() for k, v in (f.metadata.metadata or {}).items()}
print(json.dumps({'schema': schema, 'rows': rows, 'metadata': meta, 'rowGroups': f.metadata.num_row_groups, 'badStats': bad_stats}))
`;

const pyarrowFound = spawnSync('python3', ['-c', 'import pyarrow'], { stdio: 'ignore' }).status === 0;
const pyarrowRequired = process.env.MLOTEL_REQUIRE_PYARROW === '1';
if (!pyarrowFound && !pyarrowRequired) {
  console.warn('parquetWriter.test: python3 cannot import pyarrow, so the pyarrow read-back tests are SKIPPED (pip install pyarrow; MLOTEL_REQUIRE_PYARROW=1 makes this a failure)');
}

(pyarrowFound || pyarrowRequired ? describe : describe.skip)('openParquetWriter() read back by pyarrow (python3)', () => {
  let back: { schema: Array<Record<string, unknown>>; rows: Array<Record<string, unknown>>; metadata: Record<string, string>; rowGroups: number; badStats: unknown[] };
  beforeAll(async () => {
    if (!pyarrowFound) throw new Error('MLOTEL_REQUIRE_PYARROW=1 but `python3 -c "import pyarrow"` fails: pip install pyarrow');
    const path = join(dir, 'pyarrow.parquet');
    await writeRows(path, COLUMNS, CASES.map((c) => c.row), 4);
    const run = spawnSync('python3', ['-c', PYARROW_READER, path], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pyarrow could not read the file: ${run.stderr}`);
    back = JSON.parse(run.stdout) as typeof back;
  });

  it('sees the physical and logical type of every column, all OPTIONAL', () => {
    const timestamp = 'Timestamp(isAdjustedToUTC=true, timeUnit=milliseconds, is_from_converted_type=false, force_set_converted_type=false)';
    expect(back.schema).toEqual([
      { name: 'prediction_id', physical: 'BYTE_ARRAY', logical: 'String', converted: 'UTF8', optional: true, arrow: 'string' },
      { name: 'prediction_time', physical: 'INT64', logical: timestamp, converted: 'TIMESTAMP_MILLIS', optional: true, arrow: 'timestamp[ms, tz=UTC]' },
      { name: 'input.x', physical: 'DOUBLE', logical: 'None', converted: 'NONE', optional: true, arrow: 'double' },
      { name: 'count', physical: 'INT64', logical: 'None', converted: 'NONE', optional: true, arrow: 'int64' },
      { name: 'actual', physical: 'BOOLEAN', logical: 'None', converted: 'NONE', optional: true, arrow: 'bool' },
      { name: 'output', physical: 'BYTE_ARRAY', logical: 'String', converted: 'UTF8', optional: true, arrow: 'string' },
    ]);
  });

  it('gives back every value, the metadata, the row groups, and statistics that hold their values', () => {
    // the reader's JSON: ints (int64, epoch ms) as decimal text, non-finite floats as repr
    const asPython = (v: unknown): unknown => {
      if (typeof v === 'bigint') return String(v);
      if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
      return v;
    };
    const expected = EXPECTED_ROWS.map((r) => ({
      ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asPython(v)])),
      prediction_time: r.prediction_time === null ? null : String(r.prediction_time),
    }));
    expect(back.rows).toEqual(expected);
    expect(Object.is(back.rows[4]!['input.x'], -0)).toBe(true);
    expect({ metadata: back.metadata, rowGroups: back.rowGroups, badStats: back.badStats }).toEqual({ metadata: { 'mlotel.schema_version': '2' }, rowGroups: 3, badStats: [] });
  });

  it('reads a file without rows: the schema and no rows', async () => {
    const path = join(dir, 'pyarrow-empty.parquet');
    await writeRows(path, COLUMNS, []);
    const script = 'import sys, pyarrow.parquet as pq; t = pq.read_table(sys.argv[1]); print(t.num_rows, ",".join(map(str, t.schema.types)))';
    const run = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
    expect(run.stdout.trim() || run.stderr).toBe('0 string,timestamp[ms, tz=UTC],double,int64,bool,string');
  });
});

// ---- flushing, bad values, errors ------------------------------------------------------

describe('openParquetWriter() writing', () => {
  it('returns undefined while buffering and a promise from the row that completes a group, whose bytes are then in the file', async () => {
    const path = join(dir, 'flush.parquet');
    const out = await openParquetWriter(path, [{ name: 'x', type: 'double' }], { rowGroupRows: 3 });
    expect([out.write({ x: 1 }), out.write({ x: 2 })]).toEqual([undefined, undefined]);
    const sizeBefore = statSync(path).size;
    const pending = out.write({ x: 3 });
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect({ before: sizeBefore, afterHoldsTheGroup: statSync(path).size > 4 + 3 * 8 }).toEqual({ before: 0, afterHoldsTheGroup: true });
    await out.close();
  });

  it('sizes default row groups to about 2,000,000 values', () => {
    expect([defaultRowGroupRows(200), defaultRowGroupRows(20), defaultRowGroupRows(5000)]).toEqual([10_000, 100_000, 1_000]);
  });

  it.each([
    ['double', 'a string', '"input.x" (double), row 1: a double column takes numbers, got "a string" (string)'],
    ['double', true, 'takes numbers, got true (boolean)'],
    ['double', { mean: 1 }, 'takes numbers, got {"mean":1} (object)'],
    ['int64', 1.5, 'takes safe integers and 64-bit bigints, got 1.5 (number)'],
    ['int64', 2 ** 60, 'got 1152921504606847000 (number)'],
    ['int64', 2n ** 63n, 'got 9223372036854775808n (bigint)'],
    ['int64', '12', 'got "12" (string)'],
    ['boolean', 1, 'a boolean column takes booleans, got 1 (number)'],
    ['timestamp', 'yesterday', 'a timestamp column takes ISO-8601 strings, epoch milliseconds and Dates, got "yesterday" (string)'],
    ['timestamp', NaN, 'got NaN (number)'],
    ['timestamp', 1e300, 'got 1e+300 (number)'],
    ['timestamp', new Date(NaN), 'got Invalid Date (object)'],
  ] as Array<[ColumnSpec['type'], unknown, string]>)('rejects a %s column value %p, keeping the file valid without that row', async (type, value, message) => {
    const path = join(dir, `bad-${type}.parquet`);
    const out = await openParquetWriter(path, [{ name: 'id', type: 'string' }, { name: 'input.x', type }]);
    await out.write({ id: 'kept' });
    const rejection = out.write({ id: 'dropped', 'input.x': value });
    await expect(rejection).rejects.toThrow(ParquetValueError);
    await expect(rejection).rejects.toThrow(message);
    await out.write({ id: 'kept too' });
    await out.close();
    expect((await readWithArrowRs(path)).rows.map((r) => r.id)).toEqual(['kept', 'kept too']);
  });

  it('treats a column named like an Object.prototype member as absent when the row lacks it', async () => {
    const path = join(dir, 'proto.parquet');
    await writeRows(path, [{ name: 'constructor', type: 'double' }, { name: 'toString', type: 'string' }], [{}, { constructor: 2, toString: 'x' }]);
    expect((await readWithArrowRs(path)).rows).toEqual([{ constructor: null, toString: null }, { constructor: 2, toString: 'x' }]);
  });

  it.each([
    ['no columns', [], {}, 'at least one column'],
    ['a repeated name', [{ name: 'a', type: 'double' }, { name: 'a', type: 'string' }], {}, '"a" is listed twice'],
    ['an empty name', [{ name: '', type: 'double' }], {}, 'non-empty strings'],
    ['an unknown type', [{ name: 'a', type: 'float' }], {}, 'unknown type "float"'],
    ['a zero rowGroupRows', [{ name: 'a', type: 'double' }], { rowGroupRows: 0 }, 'rowGroupRows must be a positive integer, got 0'],
  ] as Array<[string, ColumnSpec[], { rowGroupRows?: number }, string]>)('rejects %s before creating the file', async (_case, columns, options, message) => {
    const path = join(dir, 'never.parquet');
    await expect(openParquetWriter(path, columns, options)).rejects.toThrow(message);
    expect(existsSync(path)).toBe(false);
  });

  it.each([
    ['a missing directory', () => join(dir, 'no', 'such', 'dir', 'x.parquet'), 'ENOENT'],
    ['a directory', () => dir, 'EISDIR'],
  ])('rejects an unwritable path (%s) with the file system error', async (_case, path, code) => {
    await expect(openParquetWriter(path(), [{ name: 'a', type: 'double' }])).rejects.toMatchObject({ code });
  });

  it('rejects write() after close(), and a second close() returns the first one', async () => {
    const out = await openParquetWriter(join(dir, 'closed.parquet'), [{ name: 'a', type: 'double' }]);
    const first = out.close();
    expect(out.close()).toBe(first);
    await first;
    await expect(out.write({ a: 1 })).rejects.toThrow('write() after close()');
  });

  it('surfaces ENOSPC (/dev/full) from the write that flushed a row group, later writes, and close()', async () => {
    const out = await openParquetWriter('/dev/full', [{ name: 'a', type: 'double' }], { rowGroupRows: 2 });
    expect(out.write({ a: 1 })).toBeUndefined();
    await expect(out.write({ a: 2 })).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(out.write({ a: 3 })).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(out.close()).rejects.toMatchObject({ code: 'ENOSPC' });
  });
});

// A real file system filling up part way through, as a dataset on a small disk would.
const tmpfsDir = join(tmpdir(), `mlotel-parquet-tmpfs-${process.pid}`);
const mounted = mountTmpfs(tmpfsDir, '1m');
if (!mounted) console.warn('parquetWriter.test: cannot mount a tmpfs here (needs root): the full-disk test is skipped');
afterAll(() => {
  if (mounted) {
    try {
      unmountTmpfs(tmpfsDir);
    } catch {
      execFileSync('umount', ['-l', tmpfsDir]); // still busy after a failed test: detach it anyway
    }
  }
  rmSync(tmpfsDir, { recursive: true, force: true });
});

(mounted ? it : it.skip)('rejects write() and close() with ENOSPC when a real disk fills after some row groups', async () => {
  const out: ParquetRowWriter = await openParquetWriter(join(tmpfsDir, 'big.parquet'), [{ name: 's', type: 'string' }], { rowGroupRows: 100 });
  let failure: unknown;
  let groupsWritten = 0;
  // incompressible 1 KiB strings: ~100 KiB a row group, so the 1 MiB disk fills within ~10
  let seed = 1;
  const noise = () => Array.from({ length: 1024 }, () => String.fromCharCode(33 + ((seed = Math.imul(seed, 48271) >>> 0) % 90))).join('');
  for (let i = 0; i < 5000 && failure === undefined; i++) {
    const pending = out.write({ s: noise() });
    if (pending) await pending.then(() => groupsWritten++, (err: unknown) => (failure = err));
  }
  const closeError = await out.close().then(() => undefined, (err: unknown) => err);
  expect({ someGroupsWritten: groupsWritten > 0, code: (failure as NodeJS.ErrnoException | undefined)?.code }).toEqual({ someGroupsWritten: true, code: 'ENOSPC' });
  expect(closeError).toMatchObject({ code: 'ENOSPC' });
});

/**
 * buildDataset() to Parquet, read back with an independent reader (parquet-wasm: Rust
 * arrow-rs, through apache-arrow) and compared value by value with the JSON lines of the
 * same inputs: typed columns as report.columnTypes says, the schema version in the file's
 * metadata, de-duplication, and no file left behind on failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import * as parquetWasm from 'parquet-wasm';
import { buildDataset } from '../src/dataset/buildDataset';
import type { ColumnType } from '../src/dataset/columnTypes';
import { datasetDir, jsonl } from './support/datasetFiles';
import { batchLine, feedback, prediction, withAttributes } from './support/mlEvents';

const { dir, file } = datasetDir('mlotel-dataset-parquet-');

/** The file as arrow-rs reads it: Arrow types, rows, key-value metadata. */
async function readParquet(path: string) {
  const bytes = new Uint8Array(readFileSync(path));
  const table = arrow.tableFromIPC(parquetWasm.readParquet(bytes).intoIPCStream());
  const meta = (await parquetWasm.ParquetFile.fromFile(new Blob([bytes]))).metadata();
  return {
    columns: table.schema.fields.map((f) => f.name),
    types: Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)])),
    rows: Array.from({ length: table.numRows }, (_, i) =>
      Object.fromEntries(table.schema.fields.map((f) => [f.name, table.getChild(f.name)!.get(i) as unknown])),
    ),
    metadata: Object.fromEntries(meta.fileMetadata().keyValueMetadata()) as Record<string, string>,
  };
}

const ARROW_TYPE: Record<ColumnType, string> = {
  double: 'Float64',
  int64: 'Int64',
  boolean: 'Bool',
  string: 'Utf8',
  timestamp: 'Timestamp<MILLISECOND, UTC>',
};

/** What a Parquet reader gives back for a JSON-lines value of a column of `type`. */
function asRead(value: unknown, type: ColumnType): unknown {
  if (value === null) return null;
  switch (type) {
    case 'timestamp':
      return Date.parse(value as string);
    case 'int64':
      return BigInt(value as number);
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return value;
  }
}

describe('buildDataset() to Parquet', () => {
  const input = file('mixed.jsonl', [
    batchLine([
      withAttributes(prediction({ id: 'a', timeMs: 1_000, input: { n: 1, f: 1.5, b: true, s: 'x', nested: [[1], [2]], mixed: 1 }, output: 'yes', confidence: 0.5, latencyMs: 3 }), {
        'ml.sampling.rate': 0.5,
        'ml.model.stage': 'canary',
        team: 'fraud',
      }),
      prediction({ id: 'b', timeMs: 2_000, input: { n: 2, f: 2, b: false, s: 'ünïcödé 日本語 "q"\n', mixed: 'one' }, output: { label: 'no', p: [0.2, 0.8] } }),
      prediction({ id: 'c', timeMs: 3_000, input: { n: 3 }, error: { type: 'TimeoutError', message: 'slow' } }),
      withAttributes(prediction({ id: 'd', timeMs: 4_000, input: { n: 4, text: 'cut…[10 more chars]' }, output: 'yes' }), { 'ml.payload.shaped': ['input.text'] }),
      prediction({ id: 'a', timeMs: 500, input: { n: 0, only_in_loser: 1 }, output: 'old' }), // an earlier duplicate: loses
    ]),
    batchLine([
      withAttributes(feedback('a', 61_000, 1), { source: 'human-review', score: 0.75 }),
      feedback('b', 2_250, 0),
      feedback('c', 9_000, 1),
    ]),
  ]);

  it('writes every value of the JSON lines, typed as report.columnTypes says, with the schema version', async () => {
    const parquetOut = join(dir, 'train.parquet');
    const jsonlOut = join(dir, 'train.jsonl');
    const report = await buildDataset({ inputs: [input], out: parquetOut, progress: false });
    const reference = await buildDataset({ inputs: [input], out: jsonlOut, progress: false });
    expect(report).toEqual(reference);
    expect(report).toMatchObject({ rows: 4, duplicates: 1, labelled: 3, shaped: { rows: 1 } });

    const read = await readParquet(parquetOut);
    expect(read.metadata['mlotel.schema_version']).toBe('2');
    expect(read.columns).toEqual(report.columns);
    expect(read.types).toEqual(Object.fromEntries(report.columns.map((c) => [c, ARROW_TYPE[report.columnTypes[c]!]])));
    expect(report.columnTypes).toMatchObject({
      prediction_time: 'timestamp',
      feedback_time: 'timestamp',
      label_delay_ms: 'double',
      sample_rate: 'double',
      'input.n': 'int64',
      'input.f': 'double',
      'input.b': 'boolean',
      'input.s': 'string',
      'input.nested': 'string',
      'input.mixed': 'string',
      'input.only_in_loser': 'int64', // typed from the losing record; null in every row written
      output: 'string',
      actual: 'int64',
      'feedback.score': 'double',
    });
    const expected = jsonl(jsonlOut).map((row) => Object.fromEntries(report.columns.map((c) => [c, asRead(row[c], report.columnTypes[c]!)])));
    expect(read.rows).toEqual(expected);
    // Spot checks of what a training script sees.
    expect(read.rows[0]).toMatchObject({ prediction_id: 'a', prediction_time: 1_000, label_delay_ms: 60_000, sample_rate: 0.5, weight: 2, 'feedback.source': 'human-review' });
    expect(read.rows[1]).toMatchObject({ output: '{"label":"no","p":[0.2,0.8]}', 'input.mixed': 'one', 'input.s': 'ünïcödé 日本語 "q"\n' });
    expect(read.rows[3]).toMatchObject({ prediction_id: 'd', shaped: 'input.text' });
  });

  it('writes Parquet when format says so, whatever the extension', async () => {
    const out = join(dir, 'train.data');
    await buildDataset({ inputs: [input], out, format: 'parquet', progress: false });
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('PAR1');
    expect((await readParquet(out)).rows).toHaveLength(4);
  });

  it('leaves no file behind when the build fails after the header', async () => {
    const out = join(dir, 'failed.parquet');
    const before = readdirSync(dir).sort();
    const err = await buildDataset({ inputs: [input], out, strict: true, progress: false }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('DataError');
    const thrown = await buildDataset({ inputs: [input], out, onRow: () => { throw new Error('stop'); }, progress: false }).catch((e: unknown) => e);
    expect((thrown as Error).message).toBe('stop');
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

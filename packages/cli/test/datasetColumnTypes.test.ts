/**
 * Column types: fixed for the schema's columns, inferred from the values for the others, as
 * a Parquet output declares them and the report lists them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset } from '../src/dataset/buildDataset';
import { ColumnTypes } from '../src/dataset/columnTypes';
import { batchLine, feedback, prediction } from './support/mlEvents';

describe('ColumnTypes', () => {
  it.each([
    ['safe integers', [1, 2, -3], 'int64'],
    ['integers and fractions', [1, 2.5], 'double'],
    ['an integer too large to be exact', [2 ** 60], 'double'],
    ['booleans', [true, false], 'boolean'],
    ['strings', ['a', 'b'], 'string'],
    ['numbers and strings (mixed)', [1, 'a'], 'string'],
    ['booleans and numbers (mixed)', [true, 1], 'string'],
    ['maps', [{ a: 1 }], 'string'],
    ['arrays', [[1, 2]], 'string'],
    ['nulls only', [null, null], 'string'],
    ['nulls between integers', [null, 1, null, 2], 'int64'],
  ])('types a column of %s as %s', (_name, values, type) => {
    const types = new ColumnTypes();
    for (const v of values) types.note({ 'input.x': v });
    expect(types.typeOf('input.x')).toBe(type);
  });

  it.each([
    ['prediction_time', 'timestamp'],
    ['feedback_time', 'timestamp'],
    ['label_delay_ms', 'double'],
    ['sample_rate', 'double'],
    ['weight', 'double'],
    ['confidence', 'double'],
    ['latency_ms', 'double'],
    ['model_version', 'string'],
    ['shaped', 'string'],
  ])('keeps the schema type of %s (%s) whatever the values', (column, type) => {
    const types = new ColumnTypes();
    types.note({ [column]: 3 });
    types.note({ [column]: 'x' });
    expect(types.typeOf(column)).toBe(type);
  });

  it('does not mistake a column named after an Object property for a fixed one', () => {
    const types = new ColumnTypes();
    types.note({ constructor: 1 });
    expect(types.typeOf('constructor')).toBe('int64');
  });
});

describe('buildDataset() report.columnTypes', () => {
  it('types every column of the output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlotel-dataset-types-'));
    const input = join(dir, 'in.jsonl');
    writeFileSync(
      input,
      `${batchLine([
        prediction({ id: 'a', timeMs: 1, input: { n: 1, f: 1.5, b: true, s: 'x', list: [[1], [2]] }, output: 'yes', confidence: 0.5 }),
        prediction({ id: 'b', timeMs: 2, input: { n: 2, f: 2, b: false, s: 'y', mixed: 1 }, output: 'no' }),
        prediction({ id: 'c', timeMs: 3, input: { mixed: 'one' }, output: 'no' }),
        feedback('a', 5, 1),
        feedback('b', 5, 0),
      ])}\n`,
    );
    const report = await buildDataset({ inputs: [input], progress: false });
    rmSync(dir, { recursive: true, force: true });
    expect(Object.keys(report.columnTypes)).toEqual(report.columns);
    expect(report.columnTypes).toMatchObject({
      prediction_id: 'string',
      prediction_time: 'timestamp',
      feedback_time: 'timestamp',
      label_delay_ms: 'double',
      'input.n': 'int64',
      'input.f': 'double',
      'input.b': 'boolean',
      'input.s': 'string',
      'input.list': 'string', // nested arrays are JSON text
      'input.mixed': 'string',
      output: 'string',
      actual: 'int64',
      confidence: 'double',
    });
  });
});

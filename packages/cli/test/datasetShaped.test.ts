/**
 * Shaped rows: values the SDK cut, summarised or redacted, found from the `ml.payload.shaped`
 * attribute or, for producers that do not write it, from the markers shaping leaves in the
 * body; counted per column, marked in the `shaped` column, and refused with `strict`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset, type DatasetRow } from '../src/dataset/buildDataset';
import { DataError } from '../src/dataset/dataError';
import { markedPaths, mayHoldShapingMarkers, shapedColumnsOf } from '../src/dataset/shapedPaths';
import { datasetDir, jsonl } from './support/datasetFiles';
import { batchLine, feedback, prediction, withAttributes, type PredictionSpec } from './support/mlEvents';

const { dir, file } = datasetDir('mlotel-dataset-shaped-');
const shapedBySdk = (p: PredictionSpec, paths: string[]): Record<string, unknown> => withAttributes(prediction(p), { 'ml.payload.shaped': paths });

const SUMMARY = { $summary: { type: 'number[]', shape: [2000], min: 0, max: 1, mean: 0.5, nan: 0, inf: 0, sha256: 'ab12' } };
const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('markedPaths()', () => {
  it.each([
    ['nothing shaped', { input: { x: 1, text: 'plain…but not a marker' }, output: 'a' }, []],
    ['keys cut (the "…" key)', { input: { a: 1, '…': '[…72 more keys]' } }, ['input']],
    ['a string cut', { input: { text: 'lorem ipsum…[1234 more chars]' } }, ['input.text']],
    ['a numeric array summarised', { input: { embedding: SUMMARY } }, ['input.embedding']],
    ['bytes', { input: { image: { $bytes: { length: 3, sha256: SHA } } } }, ['input.image']],
    ['a field truncated as a last resort', { input: { x: 1 }, output: { $truncated: { bytes: 99999, sha256: SHA } } }, ['output']],
    ['items cut', { input: { tags: ['a', 'b', '[…97 more items]'] } }, ['input.tags']],
    ['a top-level feature vector cut', { input: [1, 2, '[…5 more items]'] }, ['input']],
    ['a value redacted', { input: { email: '[REDACTED]', user: 'u1' } }, ['input.email']],
    ['a value hashed by redaction', { input: { email: `hmac-sha256:${'a'.repeat(64)}` } }, ['input.email']],
    ['depth cut', { input: { deep: { deeper: '[Object]', list: '[Array(3)]' } } }, ['input.deep.deeper', 'input.deep.list']],
    ['mode none', { input: '[omitted]', output: '[omitted]' }, ['input', 'output']],
    ['marks inside arrays, by index', { input: { rows: [{ t: 'x…[3 more chars]' }] } }, ['input.rows.0.t']],
    ['a map that merely has a $summary key among others', { input: { $summary: 1, other: 2 } }, []],
  ])('finds %s', (_name, body, paths) => {
    expect(markedPaths(body)).toEqual(paths);
  });

  it('lists at most 32 paths, the 32nd being "…" (as the SDK does)', () => {
    const input = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`t${i}`, 'x…[9 more chars]']));
    const paths = markedPaths({ input });
    expect(paths).toHaveLength(32);
    expect(paths[30]).toBe('input.t30');
    expect(paths[31]).toBe('…');
  });
});

describe('mayHoldShapingMarkers()', () => {
  it.each([
    ['{"stringValue":"x…[3 more chars]"}', true],
    ['{"stringValue":"x\\u2026[3 more chars]"}', true], // an encoder that escapes non-ASCII
    ['{"key":"$summary"}', true],
    ['{"stringValue":"[REDACTED]"}', true],
    ['{"stringValue":"[Array(3)]"}', true],
    ['{"stringValue":"hmac-sha256:00ff"}', true],
    ['{"key":"$other"}', false],
    ['{"key":"x","value":{"doubleValue":1}}', false],
  ])('says %s -> %p', (line, expected) => {
    expect(mayHoldShapingMarkers(line)).toBe(expected);
  });
});

describe('shapedColumnsOf()', () => {
  it.each([
    [['input.text'], { 'input.text': 'x' }, ['input.text']],
    [['input.tokens.7'], { 'input.tokens': '[1,2]' }, ['input.tokens']],
    [['input.embedding'], { 'input.embedding.$summary.min': 0 }, ['input.embedding']],
    [['input', 'output.top.3', '…'], { output: {} }, ['input', 'output']],
    [['input.a', 'input.a'], { 'input.a': 1 }, ['input.a']],
  ])('maps %j in a row with %j to %j', (paths, row, columns) => {
    expect(shapedColumnsOf(paths, row)).toEqual(columns);
  });
});

describe('buildDataset() with shaped values', () => {
  const sdkShaped = file('sdk-shaped.jsonl', [
    batchLine([
      prediction({ id: 's1', timeMs: 1, input: { x: 1, text: 'short' }, output: 'a' }),
      shapedBySdk({ id: 's2', timeMs: 2, input: { x: 2, text: 'long…[5000 more chars]', embedding: SUMMARY }, output: 'b' }, ['input.text', 'input.embedding', 'input']),
      shapedBySdk({ id: 's3', timeMs: 3, input: { x: 3, text: 'also long…[9 more chars]', tokens: [[1, 2], [3]] }, output: 'c' }, ['input.text', 'input.tokens.1']),
    ]),
  ]);

  it('marks rows from the ml.payload.shaped attribute and counts them per column', async () => {
    const out = join(dir, 'sdk-shaped.out.jsonl');
    const report = await buildDataset({ inputs: [sdkShaped], out, progress: false });
    expect(jsonl(out).map((r) => [r.prediction_id, r.shaped])).toEqual([
      ['s1', null],
      ['s2', 'input.text,input.embedding,input'],
      ['s3', 'input.text,input.tokens.1'],
    ]);
    expect(report.shaped).toEqual({ rows: 2, columns: { 'input.text': 2, 'input.embedding': 1, input: 1, 'input.tokens': 1 } });
  });

  it('finds the markers of older SDKs and other producers in the body, also in CSV', async () => {
    const legacy = file('legacy.jsonl', [
      batchLine([
        prediction({ id: 'l1', timeMs: 1, input: { a: 1, '…': '[…199 more keys]' }, output: 'a' }),
        prediction({ id: 'l2', timeMs: 2, input: { text: 'abc…[12 more chars]', emb: SUMMARY }, output: 'b' }),
        prediction({ id: 'l3', timeMs: 3, input: { a: 3 }, output: 'c' }),
      ]),
    ]);
    const out = join(dir, 'legacy.csv');
    const report = await buildDataset({ inputs: [legacy], out, progress: false });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    // shaped is the last column here (no feedback or attributes): the end of each line.
    expect(report.columns.slice(-1)).toEqual(['shaped']);
    expect(lines.slice(1).map((l) => /(?:,"[^"]*"|,[^,]*)$/.exec(l)?.[0])).toEqual([',input', ',"input.text,input.emb"', ',']);
    expect(report.shaped).toEqual({ rows: 2, columns: { input: 1, 'input.text': 1, 'input.emb': 1 } });
  });

  it('finds markers written with an escaped "…" (\\u2026)', async () => {
    const line = batchLine([prediction({ id: 'e1', timeMs: 1, input: { text: 'abc…[12 more chars]' }, output: 'a' })]).replace(/…/g, '\\u2026');
    expect(line).not.toContain('…');
    const report = await buildDataset({ inputs: [file('escaped.jsonl', [line])], out: join(dir, 'escaped.out.jsonl'), progress: false });
    expect(report.shaped).toEqual({ rows: 1, columns: { 'input.text': 1 } });
  });

  it('trusts the attribute over the body when both are there', async () => {
    const path = file('both.jsonl', [batchLine([shapedBySdk({ id: 'b1', timeMs: 1, input: { text: 'x…[1 more chars]', tag: '[REDACTED]' }, output: 'a' }, ['input.text'])])]);
    const rows: DatasetRow[] = [];
    await buildDataset({ inputs: [path], onRow: (r) => rows.push(r), progress: false });
    expect(rows[0]?.shaped).toBe('input.text');
  });

  it('adds the shaped paths of the winning feedback (a cut label)', async () => {
    const path = file('shaped-label.jsonl', [
      batchLine([
        prediction({ id: 'f1', timeMs: 1, input: { x: 1 }, output: 'a' }),
        prediction({ id: 'f2', timeMs: 2, input: { x: 2, t: 'x…[4 more chars]' }, output: 'b' }),
        feedback('f1', 5, 'a very long label…[100 more chars]'),
        withAttributes(feedback('f2', 5, { label: 'b' }), { 'ml.payload.shaped': ['actual.label'] }),
      ]),
    ]);
    const rows: DatasetRow[] = [];
    const report = await buildDataset({ inputs: [path], onRow: (r) => rows.push(r), progress: false });
    expect(rows.map((r) => r.shaped)).toEqual(['actual', 'input.t,actual.label']);
    expect(report.shaped).toEqual({ rows: 2, columns: { actual: 2, 'input.t': 1 } });
  });

  describe('strict', () => {
    it('rejects with a DataError naming the first shaped prediction and its columns, writing nothing', async () => {
      const out = join(dir, 'strict.jsonl');
      const before = readdirSync(dir).sort();
      const onRow = jest.fn();
      const err = await buildDataset({ inputs: [sdkShaped], out, strict: true, onRow, progress: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).toMatch(/^prediction "s2" has shaped values in input\.text, input\.embedding, input: .*Nothing was written\.$/);
      expect((err as Error).message).toContain('init({ payload: { dataset:');
      expect(onRow).not.toHaveBeenCalled();
      expect(readdirSync(dir).sort()).toEqual(before);
    });

    it('writes the same dataset as without strict when nothing is shaped', async () => {
      const clean = file('clean.jsonl', [batchLine([prediction({ id: 'c1', timeMs: 1, input: { x: 1 }, output: 'a' }), feedback('c1', 2, 'a')])]);
      const strictOut = join(dir, 'clean-strict.jsonl');
      const laxOut = join(dir, 'clean-lax.jsonl');
      const strict = await buildDataset({ inputs: [clean], out: strictOut, strict: true, progress: false });
      await buildDataset({ inputs: [clean], out: laxOut, progress: false });
      expect(readFileSync(strictOut, 'utf8')).toBe(readFileSync(laxOut, 'utf8'));
      expect(strict.shaped).toEqual({ rows: 0, columns: {} });
    });

    it('accepts a shaped record replaced by a later unshaped record of the same id (it makes no row)', async () => {
      const retried = file('retried.jsonl', [
        batchLine([shapedBySdk({ id: 'r1', timeMs: 1, input: { text: 'x…[1 more chars]' }, output: 'a' }, ['input.text'])]),
        batchLine([prediction({ id: 'r1', timeMs: 2, input: { text: 'x!' }, output: 'a' })]),
      ]);
      const rows: DatasetRow[] = [];
      const report = await buildDataset({ inputs: [retried], onRow: (r) => rows.push(r), strict: true, progress: false });
      expect(rows.map((r) => [r['input.text'], r.shaped])).toEqual([['x!', null]]);
      expect(report).toMatchObject({ rows: 1, duplicates: 1, shaped: { rows: 0, columns: {} } });
    });
  });
});

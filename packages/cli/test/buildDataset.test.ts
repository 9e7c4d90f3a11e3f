/**
 * buildDataset(): the prediction/feedback join on real files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset } from '../src/dataset/buildDataset';
import { UsageError } from '../src/usageError';
import { datasetDir, jsonl, parseCsv } from './support/datasetFiles';
import { batchLine, feedback, prediction } from './support/mlEvents';

const { dir, file } = datasetDir('mlotel-dataset-');

describe('buildDataset()', () => {
  const a = file('a.jsonl', [
    batchLine([feedback('p1', 100, 'setosa')]), // feedback before its prediction
    batchLine([
      prediction({ id: 'p1', timeMs: 50, input: { sepal_length: 5.1, petal_width: 0.2 }, output: 'setosa', confidence: 0.9, latencyMs: 1.5, traceId: 'ab'.repeat(16) }),
      prediction({ id: 'p2', timeMs: 60, input: { sepal_length: 6.3, petal_width: 1.8 }, output: 'virginica', model: 'iris', version: '3' }),
      prediction({ id: 'p3', timeMs: 70, input: { sepal_length: 5.9 }, output: 'versicolor' }),
      prediction({ id: 'p4', timeMs: 80, input: { sepal_length: 4.9, petal_width: 0.1 }, output: 'setosa' }),
    ]),
    '{"resourceLogs": [ broken',
    batchLine([feedback('p2', 200, 'virginica'), feedback('p2', 150, 'versicolor')]), // later in time wins, not later in file
    '[1,2,3]',
  ]);
  const b = file('b.jsonl', [
    batchLine([feedback('p3', 300, 'setosa', true), feedback('p1', 400, 'versicolor'), feedback('p9', 500, 'setosa')], 'srv-2'),
  ]);

  it('joins each prediction with its latest feedback, wherever and whenever it came', async () => {
    const out = join(dir, 'train.jsonl');
    const report = await buildDataset({ inputs: [a, b], out, progress: false });
    const rows = jsonl(out);
    expect(rows.map((r) => [r.prediction_id, r.actual])).toEqual([
      ['p1', 'versicolor'],
      ['p2', 'virginica'],
      ['p3', 'setosa'],
      ['p4', null],
    ]);
    expect(rows[0]).toEqual({
      prediction_id: 'p1',
      prediction_time: new Date(50).toISOString(),
      feedback_time: new Date(400).toISOString(),
      label_delay_ms: 350,
      model_name: 'iris',
      model_version: '2',
      model_stage: null,
      server: 'srv-1',
      service: 'iris-api',
      trace_id: 'ab'.repeat(16),
      sample_rate: 1,
      weight: 1,
      'input.sepal_length': 5.1,
      'input.petal_width': 0.2,
      output: 'setosa',
      confidence: 0.9,
      latency_ms: 1.5,
      actual: 'versicolor',
      error: null,
      shaped: null,
    });
    expect(report).toMatchObject({ schemaVersion: 2, rows: 4, labelled: 3, unlabelled: 1, failed: 0, duplicates: 0, orphanFeedback: 1, sampledOutFeedback: 0 });
    expect(report.columns).toEqual([
      'prediction_id', 'prediction_time', 'feedback_time', 'label_delay_ms', 'model_name', 'model_version', 'model_stage',
      'server', 'service', 'trace_id', 'sample_rate', 'weight',
      'input.sepal_length', 'input.petal_width', 'output', 'confidence', 'latency_ms', 'actual', 'error', 'shaped',
    ]);
    // Every row has every column, in header order, null where the record has nothing.
    for (const row of rows) expect(Object.keys(row)).toEqual(report.columns);
    expect(rows[2]).toMatchObject({ prediction_id: 'p3', 'input.petal_width': null });
  });

  it('takes the server from the record when it carries host.name (init() on the app\'s provider), else from the resource', async () => {
    const onAppProvider = prediction({ id: 'q1', timeMs: 10, input: { x: 1 }, output: 'a' });
    (onAppProvider.attributes as Array<Record<string, unknown>>).push({ key: 'host.name', value: { stringValue: 'server-a' } });
    const input = file('app-provider.jsonl', [batchLine([onAppProvider, prediction({ id: 'q2', timeMs: 20, input: { x: 2 }, output: 'b' })], 'node-host-7')]);
    const out = join(dir, 'app-provider.jsonl.out.jsonl');
    await buildDataset({ inputs: [input], out, progress: false });
    expect(jsonl(out).map((r) => [r.prediction_id, r.server])).toEqual([['q1', 'server-a'], ['q2', 'node-host-7']]);
  });

  it('reports malformed lines with file and line number, and skips only them', async () => {
    const report = await buildDataset({ inputs: [a, b], out: join(dir, 'm.jsonl'), progress: false });
    expect(report.malformed.map((m) => [m.file, m.line])).toEqual([
      [a, 3],
      [a, 5],
    ]);
    expect(report.malformed[0]!.reason).toMatch(/not JSON/);
  });

  it('filters by model name and version, and keeps only labelled rows when asked', async () => {
    const out = join(dir, 'f.jsonl');
    expect((await buildDataset({ inputs: [a, b], out, model: 'iris@2', progress: false })).rows).toBe(3);
    expect(jsonl(out).map((r) => r.prediction_id)).toEqual(['p1', 'p3', 'p4']);
    const report = await buildDataset({ inputs: [a, b], out, model: 'iris', labelledOnly: true, progress: false });
    expect(report).toMatchObject({ rows: 3, labelled: 3, unlabelled: 0, orphanFeedback: 1 });
    expect(jsonl(out).map((r) => r.prediction_id)).toEqual(['p1', 'p2', 'p3']);
  });

  it('writes CSV with a header of every column and RFC 4180 quoting', async () => {
    const tricky = file('tricky.jsonl', [
      batchLine([
        prediction({ id: 'q1', timeMs: 1, input: { text: 'a, b', quote: 'say "hi"' }, output: 'line1\nline2' }),
        prediction({ id: 'q2', timeMs: 2, input: { text: 'plain', extra: 7 }, output: { label: 'x', p: [0.1, 0.9] } }),
      ]),
      batchLine([feedback('q1', 3, 'yes, "really"')]),
    ]);
    const out = join(dir, 'train.csv');
    const report = await buildDataset({ inputs: [tricky], out, progress: false });
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual(report.columns);
    expect(report.columns).toContain('input.extra'); // a column first seen in a later row is in the header
    const get = (r: string[], c: string): string | undefined => r[report.columns.indexOf(c)];
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.length === report.columns.length)).toBe(true);
    expect(get(rows[1]!, 'input.text')).toBe('a, b');
    expect(get(rows[1]!, 'input.quote')).toBe('say "hi"');
    expect(get(rows[1]!, 'output')).toBe('line1\nline2');
    expect(get(rows[1]!, 'actual')).toBe('yes, "really"');
    expect(get(rows[1]!, 'input.extra')).toBe('');
    expect(get(rows[2]!, 'output')).toBe('{"label":"x","p":[0.1,0.9]}');
    expect(get(rows[2]!, 'actual')).toBe('');
  });

  it('flattens a feature-vector input by index', async () => {
    const vec = file('vec.jsonl', [batchLine([prediction({ id: 'v', timeMs: 1, input: [5.1, 3.5, 1.4, 0.2], output: 0 })])]);
    const out = join(dir, 'vec.jsonl.out.jsonl');
    await buildDataset({ inputs: [vec], out, progress: false });
    expect(jsonl(out)[0]).toMatchObject({ 'input.0': 5.1, 'input.1': 3.5, 'input.2': 1.4, 'input.3': 0.2, output: 0 });
  });

  describe('failed predictions', () => {
    const failures = file('failed.jsonl', [
      batchLine([
        prediction({ id: 'f1', timeMs: 10, input: { x: 1 }, error: { type: 'TypeError', message: 'x is NaN' }, latencyMs: 3 }),
        prediction({ id: 'ok', timeMs: 11, input: { x: 2 }, output: 'yes' }),
        // ERROR without an error type (another SDK): still a failure, with the semconv fallback.
        { ...prediction({ id: 'f2', timeMs: 12, input: { x: 3 }, output: undefined }), severityNumber: 17, severityText: 'ERROR' },
      ]),
      batchLine([feedback('f1', 20, 'no')]),
    ]);

    it('keeps them as rows with the error type, no output, and counts them', async () => {
      const out = join(dir, 'failed.out.jsonl');
      const report = await buildDataset({ inputs: [failures], out, progress: false });
      expect(jsonl(out).map((r) => [r.prediction_id, r.output, r.error, r.actual])).toEqual([
        ['f1', null, 'TypeError', 'no'],
        ['ok', 'yes', null, null],
        ['f2', null, '_OTHER', null],
      ]);
      expect(jsonl(out)[0]).toMatchObject({ 'input.x': 1, latency_ms: 3 });
      expect(report).toMatchObject({ rows: 3, labelled: 1, unlabelled: 2, failed: 2, duplicates: 0 });
    });

    it('leaves them out with skipFailed, still counting them as failed', async () => {
      const out = join(dir, 'failed.csv');
      const report = await buildDataset({ inputs: [failures], out, skipFailed: true, progress: false });
      const rows = parseCsv(readFileSync(out, 'utf8'));
      expect(rows.slice(1).map((r) => r[report.columns.indexOf('prediction_id')])).toEqual(['ok']);
      expect(rows[1]![report.columns.indexOf('error')]).toBe('');
      expect(report).toMatchObject({ rows: 1, labelled: 0, unlabelled: 1, failed: 2, orphanFeedback: 0 });
    });
  });

  describe('repeated prediction ids', () => {
    // p1: failed, then retried successfully under the same id; p2: written twice (an exporter
    // retry), the copy in another file; p3: the later record in the file has the earlier time;
    // p4: equal times, the one read last wins.
    const first = file('dup-a.jsonl', [
      batchLine([
        prediction({ id: 'p1', timeMs: 10, input: { x: 1 }, error: { type: 'TimeoutError', message: 'slow' } }),
        prediction({ id: 'p2', timeMs: 20, input: { x: 2 }, output: 'b' }),
        prediction({ id: 'p3', timeMs: 90, input: { x: 3 }, output: 'late' }),
        prediction({ id: 'p4', timeMs: 40, input: { x: 4 }, output: 'first' }),
      ]),
      batchLine([
        prediction({ id: 'p1', timeMs: 15, input: { x: 1 }, output: 'a' }),
        prediction({ id: 'p3', timeMs: 30, input: { x: 3 }, output: 'early' }),
        prediction({ id: 'p4', timeMs: 40, input: { x: 4 }, output: 'second' }),
        prediction({ id: 'solo', timeMs: 50, input: { x: 5 }, output: 'c' }),
      ]),
    ]);
    const second = file('dup-b.jsonl', [batchLine([prediction({ id: 'p2', timeMs: 20, input: { x: 2 }, output: 'b' }), feedback('p2', 60, 'b')])]);

    it.each(['jsonl', 'csv'])('writes one row per id, the latest record winning, and counts the rest as duplicates (%s)', async (ext) => {
      const out = join(dir, `dup.${ext}`);
      const report = await buildDataset({ inputs: [first, second], out, progress: false });
      const rows =
        ext === 'jsonl'
          ? jsonl(out).map((r) => [r.prediction_id, r.output, r.error, r.actual])
          : parseCsv(readFileSync(out, 'utf8'))
              .slice(1)
              .map((r) => ['prediction_id', 'output', 'error', 'actual'].map((c) => r[report.columns.indexOf(c)] || null));
      expect(rows).toEqual([
        ['p3', 'late', null, null],
        ['p1', 'a', null, null],
        ['p4', 'second', null, null],
        ['solo', 'c', null, null],
        ['p2', 'b', null, 'b'],
      ]);
      expect(report).toMatchObject({ rows: 5, labelled: 1, unlabelled: 4, failed: 0, duplicates: 4 });
    });

    it('counts a failure replaced by a later success as a duplicate, not as failed', async () => {
      const report = await buildDataset({ inputs: [first], out: join(dir, 'dup1.jsonl'), progress: false });
      expect(report).toMatchObject({ rows: 5, failed: 0, duplicates: 3 });
      const skipped = await buildDataset({ inputs: [first], out: join(dir, 'dup2.jsonl'), skipFailed: true, progress: false });
      expect(skipped).toMatchObject({ rows: 5, failed: 1, duplicates: 2 });
    });

    it('keeps one row per id when the same file is given twice', async () => {
      const out = join(dir, 'twice.jsonl');
      const report = await buildDataset({ inputs: [a, a], out, progress: false });
      expect(jsonl(out).map((r) => r.prediction_id)).toEqual(['p1', 'p2', 'p3', 'p4']);
      expect(report).toMatchObject({ rows: 4, duplicates: 4 });
    });
  });

  it.each([
    [{ inputs: [join(dir, 'missing.jsonl')], out: join(dir, 'x.csv') }, /cannot read --in .*missing\.jsonl/],
    [{ inputs: [], out: join(dir, 'x.csv') }, /at least one --in/],
    [{ inputs: [join(dir, 'a.jsonl')], out: join(dir, 'x.txt') }, /--out must end in \.csv, \.jsonl or \.parquet \(or give --format csv\|jsonl\|parquet\), got ".*x\.txt"$/],
    [{ inputs: [join(dir, 'a.jsonl')], out: join(dir, 'x.csv'), format: 'xlsx' as 'csv' }, /^--format must be jsonl, csv or parquet, got "xlsx"$/],
    [{ inputs: [join(dir, 'a.jsonl')], out: join(dir, 'x.csv'), since: 20, until: 10 }, /^--since must be before --until/],
  ])('refuses bad options with a UsageError that says how to fix them', async (opts, message) => {
    const err = await buildDataset({ ...opts, progress: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
  });
});

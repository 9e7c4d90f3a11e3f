/**
 * buildDataset(): the columns of row schema version 2 on real files, in JSON lines and CSV:
 * every column present, null (JSONL) or empty (CSV) where the records have nothing; feedback
 * time, label delay and attributes; prediction attributes; sample rate and weight; the time
 * window; onRow and a build without an output file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset, type DatasetRow } from '../src/dataset/buildDataset';
import { datasetDir, jsonl, parseCsv } from './support/datasetFiles';
import { batchLine, feedback, prediction, withAttributes, type PredictionSpec } from './support/mlEvents';

const { dir, file } = datasetDir('mlotel-dataset-rows-');
const predictionWith = (p: PredictionSpec, attributes: Record<string, unknown>): Record<string, unknown> => withAttributes(prediction(p), attributes);
const feedbackWith = (id: string, timeMs: number, actual: unknown, attributes: Record<string, unknown>): Record<string, unknown> =>
  withAttributes(feedback(id, timeMs, actual), attributes);

/** The attributes the schema leaves out of `feedback.*` and `attr.*`. */
const NOT_COPIED = [
  'event.name', 'ml.prediction.id', 'ml.model.name', 'ml.model.version', 'ml.model.stage', 'ml.prediction.latency_ms',
  'ml.prediction.confidence', 'ml.sampling.rate', 'ml.payload.shaped', 'error.type', 'host.name', 'service.name',
];

describe('dataset rows, schema version 2', () => {
  // p1: labelled, sampled at 0.25, with a stage, its own attributes and record-level identity;
  // p2: failed at the same rate; p3: no rate, no feedback, a feature missing.
  const input = file('v2.jsonl', [
    batchLine([
      predictionWith(
        { id: 'p1', timeMs: 1_000, input: { x: 1, text: 'hi' }, output: 'yes', confidence: 0.8, latencyMs: 2.5, traceId: 'cd'.repeat(16) },
        {
          'ml.model.stage': 'canary',
          'ml.sampling.rate': 0.25,
          'host.name': 'record-host',
          'service.name': 'record-service',
          'event.name': 'ml.prediction',
          team: 'fraud',
          'tenant.tier': 2,
        },
      ),
      predictionWith({ id: 'p2', timeMs: 2_000, input: { x: 2, text: 'ho' }, error: { type: 'TypeError', message: 'bad x' }, latencyMs: 1 }, { 'ml.sampling.rate': 0.25 }),
      prediction({ id: 'p3', timeMs: 3_000, input: { x: 3 }, output: 'no' }),
    ], 'resource-host', 'resource-service'),
    batchLine([
      feedbackWith('p1', 61_000, 'yes', { source: 'human-review', reviewer: { name: 'ann' }, 'ml.model.name': 'iris', 'ml.model.version': '2', 'event.name': 'ml.feedback' }),
      feedbackWith('p2', 2_500, 'no', { source: 'auto' }),
    ], 'labeller-host', 'labeller'),
  ]);

  const expectedColumns = [
    'prediction_id', 'prediction_time', 'feedback_time', 'label_delay_ms', 'model_name', 'model_version', 'model_stage',
    'server', 'service', 'trace_id', 'sample_rate', 'weight',
    'input.x', 'input.text',
    'output', 'confidence', 'latency_ms', 'actual', 'error', 'shaped',
    'feedback.source', 'feedback.reviewer',
    'attr.team', 'attr.tenant.tier', 'attr.exception.type', 'attr.exception.message', 'attr.exception.stacktrace',
  ];
  /** A row of `input`: every column of the header, null unless given. */
  const rowOf = (fields: DatasetRow): DatasetRow => ({ ...Object.fromEntries(expectedColumns.map((c) => [c, null])), ...fields });
  // p2 and p3 name no host, service or model of their own: the resource's, and the default model.
  const fromResource = { model_name: 'iris', model_version: '2', server: 'resource-host', service: 'resource-service' };
  const expectedRows: DatasetRow[] = [
    rowOf({
      prediction_id: 'p1',
      prediction_time: '1970-01-01T00:00:01.000Z',
      feedback_time: '1970-01-01T00:01:01.000Z',
      label_delay_ms: 60_000,
      model_name: 'iris',
      model_version: '2',
      model_stage: 'canary',
      server: 'record-host',
      service: 'record-service',
      trace_id: 'cd'.repeat(16),
      sample_rate: 0.25,
      weight: 4,
      'input.x': 1,
      'input.text': 'hi',
      output: 'yes',
      confidence: 0.8,
      latency_ms: 2.5,
      actual: 'yes',
      'feedback.source': 'human-review',
      'feedback.reviewer': { name: 'ann' },
      'attr.team': 'fraud',
      'attr.tenant.tier': 2,
    }),
    rowOf({
      prediction_id: 'p2',
      prediction_time: '1970-01-01T00:00:02.000Z',
      feedback_time: '1970-01-01T00:00:02.500Z',
      label_delay_ms: 500,
      ...fromResource,
      // A failure is kept whatever the rate: it stands for itself only.
      sample_rate: 1,
      weight: 1,
      'input.x': 2,
      'input.text': 'ho',
      latency_ms: 1,
      actual: 'no',
      error: 'TypeError',
      'feedback.source': 'auto',
      'attr.exception.type': 'TypeError',
      'attr.exception.message': 'bad x',
      'attr.exception.stacktrace': 'TypeError: bad x\n    at predict (model.js:1:1)',
    }),
    rowOf({ prediction_id: 'p3', prediction_time: '1970-01-01T00:00:03.000Z', ...fromResource, sample_rate: 1, weight: 1, 'input.x': 3, output: 'no' }),
  ];

  it('writes every column of every row in JSON lines, in header order, null where absent', async () => {
    const out = join(dir, 'v2.jsonl.out.jsonl');
    const report = await buildDataset({ inputs: [input], out, progress: false });
    expect(report.columns).toEqual(expectedColumns);
    const rows = jsonl(out);
    expect(rows).toEqual(expectedRows);
    for (const row of rows) expect(Object.keys(row)).toEqual(expectedColumns);
    expect(report).toMatchObject({ schemaVersion: 2, rows: 3, labelled: 2, unlabelled: 1, failed: 1, orphanFeedback: 0, sampledOutFeedback: 0 });
  });

  it('writes the same values in CSV: empty fields where absent, maps as JSON text', async () => {
    const out = join(dir, 'v2.csv');
    const report = await buildDataset({ inputs: [input], out, progress: false });
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(expectedColumns);
    expect(rows).toHaveLength(3);
    const asCsv = (v: unknown): string => (v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    expect(rows).toEqual(expectedRows.map((r) => report.columns.map((c) => asCsv(r[c]))));
  });

  it.each(NOT_COPIED)('leaves %s out of the feedback.* and attr.* columns', async (key) => {
    const report = await buildDataset({ inputs: [input], out: join(dir, 'excluded.jsonl'), progress: false });
    expect(report.columns).not.toContain(`attr.${key}`);
    expect(report.columns).not.toContain(`feedback.${key}`);
  });

  it('takes feedback time and attributes from the winning (latest) feedback only', async () => {
    const path = file('latest-feedback.jsonl', [
      batchLine([feedbackWith('q', 9_000, 'late', { reviewer: 'bob' })]),
      batchLine([prediction({ id: 'q', timeMs: 4_000, input: { x: 1 }, output: 'a' }), feedbackWith('q', 5_000, 'early', { source: 'auto' })]),
    ]);
    const out = join(dir, 'latest-feedback.out.jsonl');
    const report = await buildDataset({ inputs: [path], out, progress: false });
    expect(jsonl(out)).toEqual([
      expect.objectContaining({ actual: 'late', feedback_time: '1970-01-01T00:00:09.000Z', label_delay_ms: 5_000, 'feedback.reviewer': 'bob' }),
    ]);
    // The losing feedback's attributes are in no row, so not in the header either.
    expect(report.columns).not.toContain('feedback.source');
  });

  it('leaves feedback_time and label_delay_ms null when the feedback record has no time', async () => {
    const timeless = feedback('t', 0, 'yes');
    delete timeless.timeUnixNano;
    const path = file('timeless.jsonl', [batchLine([prediction({ id: 't', timeMs: 10, input: { x: 1 }, output: 'yes' }), timeless])]);
    const out = join(dir, 'timeless.out.jsonl');
    await buildDataset({ inputs: [path], out, progress: false });
    expect(jsonl(out)[0]).toMatchObject({ actual: 'yes', feedback_time: null, label_delay_ms: null });
  });

  it.each([
    ['a successful prediction at rate 0.1', { 'ml.sampling.rate': 0.1 }, false, 0.1, 10],
    ['a failed prediction at rate 0.1', { 'ml.sampling.rate': 0.1 }, true, 1, 1],
    ['a prediction without a rate (older SDK)', {}, false, 1, 1],
    ['a rate of 1 written as an integer', { 'ml.sampling.rate': 1 }, false, 1, 1],
    ['an unusable rate of 0', { 'ml.sampling.rate': 0 }, false, 1, 1],
    ['an unusable rate above 1', { 'ml.sampling.rate': 2.5 }, false, 1, 1],
    ['a rate that is not a number', { 'ml.sampling.rate': 'often' }, false, 1, 1],
  ])('gives %s sample_rate and weight: failed %p -> %p, %p', async (_name, attributes, failed, rate, weight) => {
    const record = predictionWith({ id: 's', timeMs: 1, input: { x: 1 }, output: 'a', ...(failed ? { error: { type: 'E', message: 'm' } } : {}) }, attributes);
    const path = file('rate.jsonl', [batchLine([record])]);
    const rows: DatasetRow[] = [];
    await buildDataset({ inputs: [path], onRow: (r) => rows.push(r), progress: false });
    expect(rows).toEqual([expect.objectContaining({ sample_rate: rate, weight })]);
  });

  describe('time window', () => {
    const timed = file('timed.jsonl', [
      batchLine([
        prediction({ id: 'w1', timeMs: 1_000, input: { x: 1 }, output: 'a' }),
        prediction({ id: 'w2', timeMs: 2_000, input: { x: 2 }, output: 'b' }),
        prediction({ id: 'w3', timeMs: 3_000, input: { x: 3 }, output: 'c' }),
        { ...prediction({ id: 'w0', timeMs: 0, input: { x: 0 }, output: 'z' }), timeUnixNano: '0' }, // no time at all
      ]),
      batchLine([feedback('w1', 5_000, 'a'), feedback('w3', 5_000, 'c')]),
    ]);

    it.each([
      ['since only (inclusive)', { since: 2_000 }, ['w2', 'w3']],
      ['until only (exclusive)', { until: 2_000 }, ['w1']],
      ['since and until', { since: 1_500, until: 3_000 }, ['w2']],
      ['neither: every prediction, one without a time too', {}, ['w1', 'w2', 'w3', 'w0']],
    ])('selects by prediction time: %s', async (_name, window, ids) => {
      const out = join(dir, 'timed.out.jsonl');
      const report = await buildDataset({ inputs: [timed], out, ...window, progress: false });
      expect(jsonl(out).map((r) => r.prediction_id)).toEqual(ids);
      // Feedback of a prediction outside the window has its prediction: never an orphan.
      expect(report).toMatchObject({ rows: ids.length, orphanFeedback: 0, sampledOutFeedback: 0 });
    });
  });

  describe('onRow and out', () => {
    const repeated = file('repeated.jsonl', [
      batchLine([
        predictionWith({ id: 'r1', timeMs: 10, input: { x: 1, only_in_loser: 9 }, output: 'old' }, { retry: 0 }),
        prediction({ id: 'r2', timeMs: 20, input: { x: 2 }, output: 'b' }),
      ]),
      batchLine([prediction({ id: 'r1', timeMs: 30, input: { x: 1 }, output: 'new' }), feedbackWith('r1', 40, 'new', { source: 'human-review' })]),
    ]);

    it('hands onRow exactly the rows of the output, in order, after de-duplication', async () => {
      const out = join(dir, 'repeated.out.jsonl');
      const seen: DatasetRow[] = [];
      const report = await buildDataset({ inputs: [repeated], out, onRow: (row) => seen.push(row), progress: false });
      expect(seen).toEqual(jsonl(out));
      expect(seen.map((r) => [r.prediction_id, r.output, r.actual, r['feedback.source']])).toEqual([
        ['r2', 'b', null, null],
        ['r1', 'new', 'new', 'human-review'],
      ]);
      // The losing record's feature and attribute stay in the header, null in every row.
      expect(seen[1]).toMatchObject({ 'input.only_in_loser': null, 'attr.retry': null });
      for (const row of seen) expect(Object.keys(row)).toEqual(report.columns);
      expect(report).toMatchObject({ rows: 2, duplicates: 1, labelled: 1 });
    });

    it('writes no file when out is omitted, and still reports and hands out every row', async () => {
      const before = readdirSync(dir).sort();
      const seen: DatasetRow[] = [];
      const report = await buildDataset({ inputs: [repeated], onRow: (row) => seen.push(row), progress: false });
      expect(readdirSync(dir).sort()).toEqual(before);
      expect(seen.map((r) => r.prediction_id)).toEqual(['r2', 'r1']);
      expect(report).toMatchObject({ rows: 2, duplicates: 1, labelled: 1, unlabelled: 1 });
    });

    it('stops with the error onRow throws, leaving no output behind', async () => {
      const out = join(dir, 'thrown.jsonl');
      const before = readdirSync(dir).sort();
      const err = await buildDataset({ inputs: [repeated], out, onRow: () => { throw new Error('consumer failed'); }, progress: false }).catch((e: unknown) => e);
      expect((err as Error).message).toBe('consumer failed');
      expect(readdirSync(dir).sort()).toEqual(before);
    });
  });

  it('keeps a feature named __proto__ as a column', async () => {
    const record = prediction({ id: 'proto', timeMs: 1, input: { x: 1 }, output: 'a' });
    const body = record.body as { kvlistValue: { values: Array<{ key: string; value: { kvlistValue: { values: unknown[] } } }> } };
    body.kvlistValue.values[0]!.value.kvlistValue.values.push({ key: '__proto__', value: { intValue: '7' } });
    const path = file('proto.jsonl', [batchLine([record])]);
    const out = join(dir, 'proto.out.jsonl');
    const report = await buildDataset({ inputs: [path], out, progress: false });
    expect(report.columns).toContain('input.__proto__');
    expect(jsonl(out)[0]).toMatchObject({ 'input.x': 1, 'input.__proto__': 7 });
  });
});

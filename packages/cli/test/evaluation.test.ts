/**
 * Evaluation over dataset rows: grouping per model version and per server, labelled share,
 * error rate, label delay and latency quantiles, the task's metrics, sampling weights, caps,
 * schema 1 rows, the stable JSON shape and the text report.
 */
import fc from 'fast-check';
import { Evaluation } from '../src/eval/evaluation';
import { evaluateRows } from '../src/eval/evaluateRows';
import { EVAL_COMMAND_USAGE, EVAL_USAGE, evalUsage } from '../src/eval/evalUsage';
import { formatEvalReport } from '../src/eval/formatEvalReport';
import type { DatasetRow } from '../src/dataset/datasetRow';

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

/** A schema 2 row: every column present, null unless given. */
function row(fields: {
  id?: string;
  model?: string | null;
  version?: string | null;
  server?: string | null;
  output?: unknown;
  actual?: unknown;
  error?: string | null;
  delay?: number | null;
  latency?: number | null;
  at?: number;
  rate?: number;
}): DatasetRow {
  const at = fields.at ?? 0;
  const rate = fields.rate ?? 1;
  return {
    prediction_id: fields.id ?? 'p',
    prediction_time: new Date(T0 + at).toISOString(),
    feedback_time: fields.delay == null ? null : new Date(T0 + at + fields.delay).toISOString(),
    label_delay_ms: fields.delay ?? null,
    model_name: fields.model === undefined ? 'iris' : fields.model,
    model_version: fields.version === undefined ? 'v1' : fields.version,
    model_stage: null,
    server: fields.server === undefined ? 'srv-a' : fields.server,
    service: 'iris-api',
    trace_id: null,
    sample_rate: rate,
    weight: 1 / rate,
    'input.x': 1,
    output: fields.output ?? null,
    confidence: null,
    latency_ms: fields.latency ?? null,
    actual: fields.actual ?? null,
    error: fields.error ?? null,
    shaped: null,
  };
}

// The hand-computed case of evalMetrics.test.ts (accuracy 4/6) on iris@v1 / srv-a, plus a
// failed labelled prediction, an unlabelled one, and iris@v2 on srv-b.
const ROWS: DatasetRow[] = [
  row({ actual: 'cat', output: 'cat', delay: 10, latency: 5 }),
  row({ actual: 'cat', output: 'dog', delay: 20, latency: 1 }),
  row({ actual: 'dog', output: 'dog', delay: 30, latency: 3 }),
  row({ actual: 'dog', output: 'dog', delay: 40, latency: 2 }),
  row({ actual: 'bird', output: 'cat', delay: 50, latency: 4 }),
  row({ actual: 'cat', output: 'cat', delay: 60, latency: 6 }),
  row({ actual: 'cat', error: 'TypeError', delay: 70, latency: 7 }),
  row({ output: 'cat', latency: 8 }),
  row({ version: 'v2', server: 'srv-b', actual: 'cat', output: 'cat', delay: 1000, latency: 10, at: 5000 }),
  row({ version: 'v2', server: 'srv-b', actual: 'dog', output: 'cat', delay: 3000, latency: 20, at: 6000 }),
];

function evaluate(rows: DatasetRow[], options?: ConstructorParameters<typeof Evaluation>[0]) {
  const evaluation = new Evaluation(options);
  rows.forEach((r) => evaluation.add(r));
  return evaluation.result();
}

describe('Evaluation', () => {
  const report = evaluate(ROWS);

  it('groups rows per model version and per server, with all rows overall', () => {
    expect(report.models.map((g) => [g.group, g.rows])).toEqual([
      ['iris@v1', 8],
      ['iris@v2', 2],
    ]);
    expect(report.servers.map((g) => [g.group, g.rows])).toEqual([
      ['srv-a', 8],
      ['srv-b', 2],
    ]);
    expect(report.overall).toMatchObject({ group: 'all', rows: 10, predictions: 10 });
  });

  it('counts labelled rows and failed rows: a failed prediction counts in the error rate, not in accuracy', () => {
    const v1 = report.models[0];
    expect(v1).toMatchObject({ rows: 8, labelled: 7, labelledShare: 7 / 8, failed: 1, errorRate: 1 / 8 });
    expect(v1?.classification).toMatchObject({ evaluated: 6, correct: 4 });
    expect(v1?.classification?.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.overall.classification?.accuracy).toBeCloseTo(5 / 8, 12);
    expect(report.models[1]?.classification?.accuracy).toBe(0.5);
  });

  it('gives per-class precision and recall and the confusion matrix of each group', () => {
    expect(report.models[0]?.classification?.confusion).toEqual({
      labels: ['bird', 'cat', 'dog'],
      counts: [
        [0, 1, 0],
        [0, 2, 1],
        [0, 0, 2],
      ],
    });
    // srv-b holds only iris@v2: labels cat and dog, both predicted cat.
    expect(report.servers[1]?.classification?.classes.map((c) => [c.label, c.support, c.precision, c.recall])).toEqual([
      ['cat', 1, 0.5, 1],
      ['dog', 1, null, 0],
    ]);
  });

  it('takes label delay p50/p95 over labelled rows and latency p50/p99 over all rows, exactly when few', () => {
    // v1 delays 10..70 (the failed one's label included), latencies 1..8.
    expect(report.models[0]?.labelDelayMs).toEqual({ count: 7, exact: true, p50: 40, p95: 70 });
    expect(report.models[0]?.latencyMs).toEqual({ count: 8, exact: true, p50: 4, p99: 8 });
    expect(report.servers[1]?.labelDelayMs).toEqual({ count: 2, exact: true, p50: 1000, p95: 3000 });
  });

  it('decides the task from the labels and says why', () => {
    expect(report).toMatchObject({ task: 'classification', taskSource: 'auto', taskReason: 'labels are not numbers' });
    expect(report.overall.regression).toBeNull();
  });

  it('notes the time span of the predictions', () => {
    expect([report.firstPredictionTime, report.lastPredictionTime]).toEqual(['2024-05-01T12:00:00.000Z', '2024-05-01T12:00:06.000Z']);
  });

  it('computes MAE and RMSE for numeric labels, skipping the labelled rows that are not numbers', () => {
    const r = evaluate(
      [
        row({ output: 3, actual: 1 }),
        row({ output: 1, actual: 2 }),
        row({ output: 2.5, actual: 2.5 }),
        row({ output: 0, actual: -2 }),
        row({ output: 7, actual: 1, error: 'Timeout' }),
        row({ output: 'n/a', actual: 2 }),
      ],
      { task: 'regression' },
    );
    expect(r).toMatchObject({ task: 'regression', taskSource: 'option' });
    expect(r.overall.regression).toEqual({ evaluated: 4, skipped: 1, mae: 1.25, rmse: 1.5 });
    expect(r.overall.classification).toBeNull();
  });

  it('reads fractional numeric labels as regression without being told, a stray text output skipped', () => {
    const r = evaluate([row({ output: 2.5, actual: 2 }), row({ output: 4, actual: 4 }), row({ output: 'n/a', actual: 3 })]);
    expect(r).toMatchObject({ task: 'regression', taskSource: 'auto', taskReason: 'numeric labels, some labels or outputs fractional' });
    expect(r.overall.regression).toEqual({ evaluated: 2, skipped: 1, mae: 0.25, rmse: Math.sqrt(0.125) });
  });

  it('reads integer class ids as classes, and as numbers when told regression', () => {
    const rows = [row({ output: 1, actual: 1 }), row({ output: 0, actual: 1 })];
    expect(evaluate(rows).overall.classification?.accuracy).toBe(0.5);
    expect(evaluate(rows, { task: 'regression' }).overall.regression?.mae).toBe(0.5);
  });

  it('has no task and no metrics when nothing is labelled', () => {
    const r = evaluate([row({ output: 'cat' }), row({ output: 'dog', error: 'E' })]);
    expect(r).toMatchObject({ task: null, taskReason: 'no labelled successful prediction to decide the task from' });
    expect(r.overall).toMatchObject({ labelled: 0, labelledShare: 0, errorRate: 0.5, classification: null, regression: null });
    expect(r.overall.labelDelayMs).toEqual({ count: 0, exact: true, p50: null, p95: null });
  });

  it('weighs sampled rows by 1/sample_rate: failed predictions (always kept) do not inflate the error rate', () => {
    // 10 % sampling: each successful row stands for 10 predictions; a failed one for itself.
    const r = evaluate([
      row({ rate: 0.1, output: 'a', actual: 'a', latency: 1 }),
      row({ rate: 0.1, output: 'b', actual: 'a', latency: 2 }),
      row({ rate: 1, error: 'E', actual: 'a', latency: 100 }),
    ]);
    expect(r.weighted).toBe(true);
    expect(r.overall).toMatchObject({ rows: 3, predictions: 21, failed: 1, errorRate: 1 / 21, labelledShare: 1 });
    // The failed prediction's 100 ms is 1 of 21 predictions: above the 99th percentile's 1 %.
    expect(r.overall.latencyMs).toMatchObject({ p50: 2, p99: 100 });
    expect(r.overall.classification).toMatchObject({ evaluated: 2, correct: 10, accuracy: 0.5 });
    expect(formatEvalReport(r)).toContain('Evaluation of 3 sampled rows standing for about 21 predictions');
  });

  it('reads schema 1 rows (time, model; no delay or weight) as well', () => {
    const r = evaluate([
      { prediction_id: 'p1', time: '2024-05-01T12:00:00.000Z', model: 'iris', model_version: '2', server: 's', output: 'a', actual: 'a', latency_ms: 3, error: null },
      { prediction_id: 'p2', time: '2024-05-01T12:00:01.000Z', model: 'iris', model_version: '2', server: 's', output: 'a', actual: null, latency_ms: 4, error: null },
    ]);
    expect(r.models.map((g) => g.group)).toEqual(['iris@2']);
    expect(r.overall).toMatchObject({ rows: 2, labelled: 1, predictions: 2 });
    expect(r.weighted).toBe(false);
    expect(r.overall.classification?.accuracy).toBe(1);
    expect(r.lastPredictionTime).toBe('2024-05-01T12:00:01.000Z');
  });

  it('names rows without a model, version or server', () => {
    const r = evaluate([row({ model: null, server: null }), row({ version: null })]);
    expect(r.models.map((g) => g.group)).toEqual(['iris', '(unknown)']);
    expect(r.servers.map((g) => g.group)).toEqual(['srv-a', '(unknown)']);
  });

  it('caps the groups: servers past maxGroups share (other), whatever the number of rows', () => {
    const evaluation = new Evaluation({ maxGroups: 3 });
    for (let i = 0; i < 10_000; i++) evaluation.add(row({ server: `pod-${i}`, version: `v${i % 2}` }));
    const r = evaluation.result();
    expect(r.servers.map((g) => [g.group, g.rows])).toEqual([
      ['pod-0', 1],
      ['pod-1', 1],
      ['pod-2', 1],
      ['(other)', 9997],
    ]);
    expect(r.models.map((g) => g.group)).toEqual(['iris@v0', 'iris@v1']);
  });

  it('lists groups in natural order', () => {
    const r = evaluate(['v10', 'v2', 'v1'].map((version) => row({ version })));
    expect(r.models.map((g) => g.group)).toEqual(['iris@v1', 'iris@v2', 'iris@v10']);
  });

  it('never throws on rows of any shape', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue() as fc.Arbitrary<unknown>)), (rows) => {
        const evaluation = new Evaluation();
        for (const r of rows) evaluation.add(r as DatasetRow);
        formatEvalReport(evaluation.result());
      }),
    );
  });
});

describe('evaluateRows()', () => {
  it('evaluates an async iterable the same as an array', async () => {
    async function* stream(): AsyncGenerator<DatasetRow> {
      for (const r of ROWS) yield r;
    }
    expect(await evaluateRows(stream())).toEqual(await evaluateRows(ROWS));
    expect((await evaluateRows(ROWS)).overall.rows).toBe(10);
  });
});

describe('EvalReport JSON', () => {
  it('keeps its shape: versioned, every field present, in a fixed order', () => {
    const r = evaluate([row({ actual: 'a', output: 'a', delay: 5, latency: 2 }), row({ actual: 'b', output: 'a', error: 'E', latency: 9, at: 1 })]);
    const group = (name: string) => ({
      group: name,
      rows: 2,
      predictions: 2,
      labelled: 2,
      labelledShare: 1,
      failed: 1,
      errorRate: 0.5,
      labelDelayMs: { count: 1, exact: true, p50: 5, p95: 5 },
      latencyMs: { count: 2, exact: true, p50: 2, p99: 9 },
      classification: {
        evaluated: 1,
        correct: 1,
        accuracy: 1,
        classes: [{ label: 'a', value: 'a', other: false, support: 1, predicted: 1, precision: 1, recall: 1 }],
        confusion: { labels: ['a'], counts: [[1]] },
      },
      regression: null,
    });
    const expected = {
      evalVersion: 1,
      task: 'classification',
      taskSource: 'auto',
      taskReason: 'labels are not numbers',
      quantileRelativeError: 0.01,
      weighted: false,
      firstPredictionTime: '2024-05-01T12:00:00.000Z',
      lastPredictionTime: '2024-05-01T12:00:00.001Z',
      overall: group('all'),
      models: [group('iris@v1')],
      servers: [group('srv-a')],
    };
    // The same JSON text: values and key order alike.
    expect(JSON.stringify(r)).toBe(JSON.stringify(expected));
  });
});

describe('formatEvalReport()', () => {
  it('prints the summary table, then per-class tables and confusion matrices', () => {
    // srv-a holds the rows of iris@v1 and srv-b those of iris@v2: the same details under each name.
    const v1Details = `accuracy 0.667, 4 of 6 labelled successful predictions right
  class  support  precision  recall
  bird         1          –   0.000
  cat          3      0.667   0.667
  dog          2      0.667   1.000
  confusion matrix (rows: label, columns: output)
  label \\ output  bird  cat  dog
  bird               0    1    0
  cat                0    2    1
  dog                0    0    2
`;
    const v2Details = `accuracy 0.500, 1 of 2 labelled successful predictions right
  class  support  precision  recall
  cat          1      0.500   1.000
  dog          1          –   0.000
  confusion matrix (rows: label, columns: output)
  label \\ output  cat  dog
  cat               1    0
  dog               1    0
`;
    expect(formatEvalReport(evaluate(ROWS))).toBe(
      `Evaluation of 10 predictions, predicted 2024-05-01T12:00:00.000Z to 2024-05-01T12:00:06.000Z
task: classification (auto: labels are not numbers)

           predictions  labelled  error rate  delay p50  delay p95  latency p50  latency p99  accuracy
model version
  iris@v1            8     87.5%       12.5%      40 ms      70 ms       4.0 ms       8.0 ms     0.667
  iris@v2            2    100.0%        0.0%      1.0 s      3.0 s        10 ms        20 ms     0.500
server
  srv-a              8     87.5%       12.5%      40 ms      70 ms       4.0 ms       8.0 ms     0.667
  srv-b              2    100.0%        0.0%      1.0 s      3.0 s        10 ms        20 ms     0.500
all                 10     90.0%       10.0%      50 ms      3.0 s       5.0 ms        20 ms     0.625

iris@v1: ${v1Details}
iris@v2: ${v2Details}
srv-a: ${v1Details}
srv-b: ${v2Details}
all: accuracy 0.625, 5 of 8 labelled successful predictions right
  class  support  precision  recall
  bird         1          –   0.000
  cat          4      0.600   0.750
  dog          3      0.667   0.667
  confusion matrix (rows: label, columns: output)
  label \\ output  bird  cat  dog
  bird               0    1    0
  cat                0    3    1
  dog                0    1    2
`,
    );
  });

  it('prints MAE and RMSE columns for regression, and says which rows they left out', () => {
    const text = formatEvalReport(
      evaluate([row({ output: 3, actual: 1, latency: 1 }), row({ output: 1, actual: 2, latency: 1 }), row({ version: 'v2', output: 'n/a', actual: 2.5, latency: 1 })]),
    );
    expect(text).toBe(`Evaluation of 3 predictions, predicted 2024-05-01T12:00:00.000Z to 2024-05-01T12:00:00.000Z
task: regression (auto: numeric labels, some labels or outputs fractional)

           predictions  labelled  error rate  delay p50  delay p95  latency p50  latency p99  MAE   RMSE
model version
  iris@v1            2    100.0%        0.0%          –          –       1.0 ms       1.0 ms  1.5  1.581
  iris@v2            1    100.0%        0.0%          –          –       1.0 ms       1.0 ms    –      –
server
  srv-a              3    100.0%        0.0%          –          –       1.0 ms       1.0 ms  1.5  1.581
all                  3    100.0%        0.0%          –          –       1.0 ms       1.0 ms  1.5  1.581

iris@v2: 1 labelled prediction left out of MAE and RMSE (output or label not a number)
srv-a: 1 labelled prediction left out of MAE and RMSE (output or label not a number)
`);
  });

  it('colours headings only when asked', () => {
    const r = evaluate(ROWS);
    expect(formatEvalReport(r)).not.toContain('\u001b[');
    expect(formatEvalReport(r, { colour: true })).toContain('\u001b[1mEvaluation\u001b[0m');
  });

  it('leaves the details out when asked, and indents every line', () => {
    const text = formatEvalReport(evaluate(ROWS), { details: false, indent: '    ' });
    expect(text).not.toContain('confusion');
    expect(text.split('\n').filter((l) => l !== '').every((l) => l.startsWith('    '))).toBe(true);
  });
});

describe('evalUsage()', () => {
  it('documents every option of mlotel eval, in the layout of the other commands', () => {
    expect(evalUsage()).toBe(EVAL_USAGE);
    expect(EVAL_USAGE.startsWith('Usage:\n  mlotel eval --in')).toBe(true);
    for (const option of ['--in', '--model', '--since', '--until', '--task', '--json', '--help']) expect(EVAL_USAGE).toContain(option);
    expect(Object.keys(EVAL_COMMAND_USAGE)).toEqual(['synopsis', 'summary', 'details', 'examples']);
  });
});

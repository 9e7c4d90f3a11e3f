import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GroupReport } from 'mlotel';
import { summariseDataset } from '../src/datasetStep';
import { levelNameOf } from '../src/otlpJsonLines';
import { summariseFiles } from '../src/runSummary';
import { formatSummary } from '../src/summaryText';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function logsBatch(server: string, records: object[]): string {
  return JSON.stringify({
    resourceLogs: [{ resource: { attributes: [str('service.name', 'iris-api'), str('host.name', server)] }, scopeLogs: [{ scope: { name: 'demo.scoring' }, logRecords: records }] }],
  });
}

const prediction = (version: string, traceId: string) => ({
  severityNumber: 9,
  eventName: 'ml.prediction',
  traceId,
  attributes: [str('ml.model.name', 'iris'), str('ml.model.version', version)],
  body: { kvlistValue: { values: [] } },
});

describe('summariseFiles()', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlotel-demo-summary-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts records per level, server and model, predictions, feedback, spans and linked traces', async () => {
    writeFileSync(
      join(dir, 'logs.jsonl'),
      [
        logsBatch('server-a', [prediction('v1', 'aa'), prediction('v2', 'bb'), { severityNumber: 5, attributes: [str('ml.model.name', 'iris'), str('ml.model.version', 'v1')] }]),
        'not json',
        logsBatch('server-b', [
          { severityNumber: 13, attributes: [] },
          { severityNumber: 17, attributes: [] },
          { severityNumber: 21, attributes: [] },
          { severityNumber: 9, attributes: [str('event.name', 'ml.feedback')] },
          prediction('v1', 'zz'),
        ]),
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(dir, 'traces.jsonl'),
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'aa', spanId: '1' }, { traceId: 'bb', spanId: '2' }, { traceId: 'bb', spanId: '3' }] }] }] }) + '\n',
    );
    const summary = await summariseFiles(dir);
    expect(summary).toMatchObject({
      logRecords: 8,
      byLevel: { DEBUG: 1, INFO: 4, WARNING: 1, ERROR: 1, CRITICAL: 1 },
      byServer: { 'server-a': 3, 'server-b': 5 },
      byModel: { 'iris@v1': 3, 'iris@v2': 1, '(no model)': 4 },
      predictions: 3,
      predictionsByVersion: { v1: 2, v2: 1 },
      feedback: 1,
      spans: 3,
      traces: 2,
      predictionsWithSpan: 2,
      skippedLines: 1,
    });
  });

  it('reads missing files as empty', async () => {
    expect(await summariseFiles(dir)).toMatchObject({ logRecords: 0, spans: 0, predictions: 0 });
  });
});

describe('summariseDataset()', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlotel-demo-dataset-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['schema 2 rows', (version: string, server: string) => ({ model_name: 'iris', model_version: version, server, prediction_time: '2024-05-01T12:00:00.000Z' })],
    ['schema 1 rows', (version: string, server: string) => ({ model: 'iris', model_version: version, server, time: '2024-05-01T12:00:00.000Z' })],
  ])('evaluates each version and server over labelled rows only (%s)', async (_name, columns) => {
    const file = join(dir, 'dataset.jsonl');
    const rows = [
      { ...columns('v1', 'server-a'), output: 'setosa', actual: 'setosa', latency_ms: 1, error: null },
      { ...columns('v1', 'server-b'), output: 'setosa', actual: 'virginica', latency_ms: 2, error: null },
      { ...columns('v1', 'server-b'), output: 'setosa', actual: null, latency_ms: 3, error: null },
      { ...columns('v2', 'server-a'), output: 'virginica', actual: 'virginica', latency_ms: 4, error: null },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\nnot json\n');
    const summary = await summariseDataset(file);
    expect(summary).toMatchObject({ rows: 4, labelled: 3 });
    const accuracy = (groups: readonly GroupReport[]) => Object.fromEntries(groups.map((g) => [g.group, g.classification?.accuracy]));
    expect(accuracy(summary.evaluation.models)).toEqual({ 'iris@v1': 0.5, 'iris@v2': 1 });
    expect(accuracy(summary.evaluation.servers)).toEqual({ 'server-a': 1, 'server-b': 0 });
    expect(summary.evaluation.overall).toMatchObject({ labelled: 3, labelledShare: 0.75, latencyMs: { p50: 2, p99: 4 } });
  });

  it('gives an empty evaluation for a missing file', async () => {
    const summary = await summariseDataset(join(dir, 'missing.jsonl'));
    expect(summary).toMatchObject({ rows: 0, labelled: 0, evaluation: { task: null, models: [], servers: [] } });
  });
});

describe('formatSummary()', () => {
  it("prints the dataset's evaluation table under the dataset line", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlotel-demo-summary-text-'));
    try {
      const file = join(dir, 'dataset.jsonl');
      writeFileSync(file, `${JSON.stringify({ model_name: 'iris', model_version: 'v1', server: 'server-a', output: 'setosa', actual: 'setosa', error: null })}\n`);
      const summary = await summariseDataset(file);
      const text = formatSummary({ loadLine: '1 request', dataset: { ...summary, orphanFeedback: 0, malformedLines: 0 }, datasetFile: 'd/dataset.jsonl', lookFurther: [] });
      expect(text).toContain('  dataset         d/dataset.jsonl (built by mlotel dataset): 1 rows, 1 labelled by feedback, 0 unlabelled, 0 orphan feedback');
      expect(text).toMatch(/^ {6}iris@v1 +1 +100\.0% +0\.0% .* 1\.000$/m);
      expect(text).not.toContain('confusion matrix');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('levelNameOf()', () => {
  it.each([
    [1, 'TRACE'], [5, 'DEBUG'], [8, 'DEBUG'], [9, 'INFO'], [13, 'WARNING'], [17, 'ERROR'], [21, 'CRITICAL'], [24, 'CRITICAL'],
    [0, 'UNSPECIFIED'], [25, 'UNSPECIFIED'], [undefined, 'UNSPECIFIED'],
  ])('names severity %p %s', (n, name) => expect(levelNameOf(n)).toBe(name));
});

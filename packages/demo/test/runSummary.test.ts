import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseDataset } from '../src/datasetStep';
import { levelNameOf } from '../src/otlpJsonLines';
import { summariseFiles } from '../src/runSummary';

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
  it('computes each version\'s accuracy over labelled rows only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlotel-demo-dataset-'));
    const file = join(dir, 'dataset.jsonl');
    const rows = [
      { model_version: 'v1', output: 'setosa', actual: 'setosa' },
      { model_version: 'v1', output: 'setosa', actual: 'virginica' },
      { model_version: 'v1', output: 'setosa' },
      { model_version: 'v2', output: 'virginica', actual: 'virginica' },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    try {
      expect(await summariseDataset(file)).toEqual({
        rows: 4,
        labelled: 3,
        byVersion: { v1: { labelled: 2, correct: 1 }, v2: { labelled: 1, correct: 1 } },
      });
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

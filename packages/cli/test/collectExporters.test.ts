/**
 * `mlotel collect` as a child process, fed by the official OTel JS SDK and exporters (JSON
 * and protobuf, logs and traces, run by test/support/exportDriver.js in their own process):
 * the files must hold exactly the records sent, and the same records must give the same
 * line whatever the encoding.
 */
import type { LogsData, TracesData } from '../src/otlp/types';
import { runExportDriver, startChildReceiver, type ChildReceiver } from './support/childReceiver';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('mlotel collect with the official exporters', () => {
  let receiver: ChildReceiver;
  beforeAll(async () => {
    receiver = await startChildReceiver();
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  it('writes the same logs line for JSON, protobuf and gzipped protobuf exports of the same records', async () => {
    const { records } = await runExportDriver<{ records: Array<{ time: string; observed: string }> }>('logs', receiver.url);

    const lines = receiver.lines('logs.jsonl') as LogsData[];
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual(lines[0]);
    expect(lines[2]).toEqual(lines[0]);

    const rl = lines[0]!.resourceLogs![0]!;
    expect(rl.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'iris-api' } },
      { key: 'host.name', value: { stringValue: 'srv-1' } },
    ]);
    const sl = rl.scopeLogs![0]!;
    expect(sl.scope).toEqual({ name: 'app.predict', version: '1.0.0' });
    const [prediction, warning, feedback, debug] = sl.logRecords!;
    expect(sl.logRecords).toHaveLength(4);
    expect(prediction).toMatchObject({
      timeUnixNano: records[0]!.time,
      observedTimeUnixNano: records[0]!.observed,
      severityNumber: 9,
      severityText: 'INFO',
      eventName: 'ml.prediction',
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      flags: 1,
    });
    expect(prediction!.body).toEqual({
      kvlistValue: {
        values: [
          {
            key: 'input',
            value: {
              kvlistValue: {
                values: [
                  { key: 'sepal_length', value: { doubleValue: 5.1 } },
                  { key: 'petal_width', value: { doubleValue: 0.2 } },
                  { key: 'note', value: { stringValue: 'a,b' } },
                ],
              },
            },
          },
          { key: 'output', value: { stringValue: 'setosa' } },
        ],
      },
    });
    expect(warning!.attributes).toEqual([
      { key: 'count', value: { intValue: '-42' } },
      { key: 'ok', value: { boolValue: true } },
      { key: 'big', value: { intValue: '1099511627776' } },
      { key: 'list', value: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'a' }, { boolValue: false }] } } },
      { key: 'raw', value: { bytesValue: 'AQL/' } },
    ]);
    expect(warning).not.toHaveProperty('traceId');
    expect(feedback!.body).toEqual({ kvlistValue: { values: [{ key: 'actual', value: { stringValue: 'versicolor' } }] } });
    expect(debug).not.toHaveProperty('body');
    expect(debug!.severityNumber).toBe(5);
  });

  it('copies only ml.prediction and ml.feedback records to ml-events.jsonl, keeping resource and scope', () => {
    const ml = receiver.lines('ml-events.jsonl') as LogsData[];
    expect(ml).toHaveLength(3);
    for (const batch of ml) {
      const rl = batch.resourceLogs![0]!;
      expect(rl.resource.attributes?.[0]?.value.stringValue).toBe('iris-api');
      expect(rl.scopeLogs![0]!.scope.name).toBe('app.predict');
      const records = rl.scopeLogs![0]!.logRecords!;
      expect(records.map((r) => r.eventName ?? r.attributes?.find((a) => a.key === 'event.name')?.value.stringValue)).toEqual([
        'ml.prediction',
        'ml.feedback',
      ]);
    }
  });

  it('prints each received record as one readable line on stdout', () => {
    const out = receiver.stdout().split('\n');
    const prediction = out.find((l) => l.includes('[ml.prediction]'));
    expect(prediction).toMatch(/^\d{4}-\d\d-\d\dT\S+ INFO +iris-api iris@2 app\.predict \[ml\.prediction\] .*trace=4bf92f35$/);
    expect(out.filter((l) => / WARNING +iris-api - app\.predict slow request$/.test(l))).toHaveLength(3);
  });

  it('receives every record a LoggerProvider sends through a BatchLogRecordProcessor', async () => {
    const before = (receiver.lines('logs.jsonl') as LogsData[]).length;
    await runExportDriver('batch', receiver.url);
    const batches = (receiver.lines('logs.jsonl') as LogsData[]).slice(before);
    const bodies = batches.flatMap((b) => b.resourceLogs!.flatMap((rl) => rl.scopeLogs!.flatMap((sl) => sl.logRecords!.map((r) => r.body?.stringValue))));
    expect(bodies).toEqual(Array.from({ length: 50 }, (_, i) => `record ${i}`));
  });

  it('writes the same traces line for JSON and protobuf exports of the same spans', async () => {
    const sent = await runExportDriver<{ traceId: string; parentSpanId: string; childStart: string; childEnd: string; eventTime: string }>(
      'traces',
      receiver.url,
    );
    const lines = receiver.lines('traces.jsonl') as TracesData[];
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual(lines[0]);
    const ss = lines[0]!.resourceSpans![0]!.scopeSpans![0]!;
    expect(ss.scope).toEqual({ name: 'iris.http', version: '0.1.0' });
    const [c, p] = ss.spans!;
    expect(ss.spans).toHaveLength(2);
    expect(p).toMatchObject({ name: 'POST /predict', kind: 2, status: {}, spanId: sent.parentSpanId });
    expect(p!.attributes).toEqual([{ key: 'http.status_code', value: { intValue: '200' } }]);
    expect(c).toMatchObject({
      name: 'model.predict',
      kind: 1,
      traceId: sent.traceId,
      parentSpanId: sent.parentSpanId,
      status: { message: 'model failed', code: 2 },
      startTimeUnixNano: sent.childStart,
      endTimeUnixNano: sent.childEnd,
    });
    expect(c!.events).toEqual([
      { timeUnixNano: sent.eventTime, name: 'features.ready', attributes: [{ key: 'count', value: { intValue: '4' } }] },
    ]);
    expect(c!.links).toMatchObject([{ traceId: TRACE_ID, spanId: SPAN_ID, attributes: [{ key: 'why', value: { stringValue: 'batch' } }] }]);
  });

  it('exits 0 on SIGTERM with every line of every file valid JSON', async () => {
    expect(await receiver.stop('SIGTERM')).toBe(0);
    for (const f of ['logs.jsonl', 'traces.jsonl', 'ml-events.jsonl']) expect(() => receiver.lines(f)).not.toThrow();
    expect(receiver.stderr()).toMatch(/mlotel collect: stopped \(\d+ batches/);
  });
});

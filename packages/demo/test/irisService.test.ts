/**
 * The iris service in-process with the real @mlotel/sdk (tracing on) and the OTel SDK's
 * in-memory log exporter behind it: HTTP behaviour and the records each request produces.
 * (The OTLP exporters cannot load `http` inside jest's sandbox; the end-to-end test covers
 * the wire, the receiver and traces.jsonl with child processes.)
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { init } from '@mlotel/sdk';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { createIrisService } from '../src/irisService';
import { loadModels } from '../src/modelLoader';
import { DEFAULT_DEMO_LEVEL } from '../src/serverConfig';

const exporter = new InMemoryLogRecordExporter();
const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
let service: Server;
let base: string;
let mlotel: ReturnType<typeof init>;

const attr = (r: ReadableLogRecord | undefined, key: string): unknown => r?.attributes[key];

async function post(path: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The records logged while `action` ran (the processor is synchronous, so they are all there). */
async function recordsDuring(action: () => Promise<unknown>): Promise<ReadableLogRecord[]> {
  exporter.reset();
  await action();
  return exporter.getFinishedLogRecords().slice();
}

beforeAll(async () => {
  mlotel = init({ serviceName: 'iris-api-test', server: 'server-test', loggerProvider: provider, level: DEFAULT_DEMO_LEVEL, tracing: true });
  // random() = 0 sends every request to the canary when its share is above 0.
  service = createIrisService({ models: loadModels().models, canaryShare: 0.5, lowConfidence: 0.999, random: () => 0 });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => service.close(resolve));
  await mlotel.shutdown();
  await provider.shutdown();
});

describe('POST /predict', () => {
  it('answers with id, class, confidence, model and the canary version', async () => {
    const { status, json } = await post('/predict', JSON.stringify({ features: [6.7, 3.0, 5.2, 2.3] }));
    expect(status).toBe(200);
    expect(json).toMatchObject({ class: 'virginica', model: 'iris', version: 'v2' });
    expect(typeof json['id']).toBe('string');
    expect(json['confidence']).toBeGreaterThan(0.5);
  });

  it('logs the prediction, its DEBUG probabilities and a low-confidence WARNING, all in the request trace', async () => {
    let id = '';
    const records = await recordsDuring(async () => {
      id = (await post('/predict', JSON.stringify({ features: { sepal_length: 6.2, sepal_width: 2.8, petal_length: 4.85, petal_width: 1.65 } }))).json['id'] as string;
    });
    const mine = records.filter((r) => attr(r, 'ml.prediction.id') === id);
    const prediction = mine.find((r) => r.eventName === 'ml.prediction');
    const intermediate = mine.find((r) => r.eventName === 'ml.intermediate');
    const warning = mine.find((r) => r.severityNumber === 13);
    expect(prediction?.severityNumber).toBe(9);
    expect(attr(prediction, 'ml.model.version')).toBe('v2');
    expect(intermediate?.severityNumber).toBe(5);
    expect(warning).toBeDefined();
    const traceId = prediction?.spanContext?.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    expect(new Set(mine.map((r) => r.spanContext?.traceId))).toEqual(new Set([traceId]));
  });

  it.each([
    ['invalid JSON', '{"features": [5.1', /not valid JSON/],
    ['a string feature', '{"features": {"sepal_length": "wide", "sepal_width": 3, "petal_length": 1, "petal_width": 0.2}}', /sepal_length must be a finite number/],
    ['three features', '{"features": [5.1, 3.5, 1.4]}', /4 numbers/],
  ])('refuses %s with 400 and logs an ERROR saying why', async (_name, body, reason) => {
    let answer: Awaited<ReturnType<typeof post>> | undefined;
    const records = await recordsDuring(async () => {
      answer = await post('/predict', body);
    });
    expect(answer?.status).toBe(400);
    expect(String(answer?.json['error'])).toMatch(reason);
    const errors = records.filter((r) => r.severityNumber === 17);
    expect(errors).toHaveLength(1);
    expect(String(attr(errors[0], 'error.reason'))).toMatch(reason);
  });

  it('refuses a body over 16 KiB with 413', async () => {
    const { status } = await post('/predict', JSON.stringify({ features: [1, 2, 3, 4], pad: 'x'.repeat(20_000) }));
    expect(status).toBe(413);
  });
});

describe('POST /feedback', () => {
  it('accepts feedback for a prediction and logs ml.feedback with its model version', async () => {
    const id = (await post('/predict', JSON.stringify({ features: [5.1, 3.5, 1.4, 0.2] }))).json['id'] as string;
    let status = 0;
    const records = await recordsDuring(async () => {
      status = (await post('/feedback', JSON.stringify({ id, actual: 'setosa' }))).status;
    });
    expect(status).toBe(202);
    const feedback = records.find((r) => r.eventName === 'ml.feedback');
    expect(attr(feedback, 'ml.prediction.id')).toBe(id);
    expect(attr(feedback, 'ml.model.version')).toBe('v2');
  });

  it('refuses an unknown class with 400', async () => {
    const { status, json } = await post('/feedback', JSON.stringify({ id: 'x', actual: 'rose' }));
    expect(status).toBe(400);
    expect(String(json['error'])).toMatch(/actual must be one of/);
  });
});

describe('other routes', () => {
  it('reports the loaded versions on GET /healthz', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', models: ['v1', 'v2'] });
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/predict`)).status).toBe(405);
  });
});
